export const ROLES = ['citizen', 'agent', 'staff', 'admin'] as const;
export type TRole = (typeof ROLES)[number];
export const ROLE_LABELS: Record<TRole, string> = { citizen: '群众', agent: '代办员', staff: '窗口人员', admin: '管理员' };
