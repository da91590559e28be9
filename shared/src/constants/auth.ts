/** `supervisor` (纪检监察/督查) belongs to a county center and verifies complaints and lapses across that county. */
export const ROLES = ['citizen', 'agent', 'staff', 'admin', 'supervisor'] as const;
export type TRole = (typeof ROLES)[number];
export const ROLE_LABELS: Record<TRole, string> = { citizen: '群众', agent: '代办员', staff: '窗口人员', admin: '管理员', supervisor: '督查人员' };
