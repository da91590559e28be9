export const COMPLAINT_TARGETS = ['staff', 'window', 'item', 'agent', 'center'] as const;
export const COMPLAINT_TARGET_LABELS: Record<(typeof COMPLAINT_TARGETS)[number], string> = { staff: '工作人员', window: '窗口', item: '事项', agent: '代办员', center: '服务中心' };
export const COMPLAINT_STATUSES = ['received', 'routed', 'answered'] as const;
export const COMPLAINT_STATUS_LABELS: Record<(typeof COMPLAINT_STATUSES)[number], string> = { received: '已收到', routed: '已转办', answered: '已答复' };
