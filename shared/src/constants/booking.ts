export const BOOKING_STATUSES = ['booked', 'cancelled', 'checked_in', 'received', 'served', 'no_show'] as const;
export type TBookingStatus = (typeof BOOKING_STATUSES)[number];
export const BOOKING_STATUS_LABELS: Record<TBookingStatus, string> = {
  booked: '已预约',
  cancelled: '已取消',
  checked_in: '已签到，等候叫号',
  received: '正在办理',
  served: '已办结',
  no_show: '未到（爽约）',
};
