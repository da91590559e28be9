import { z } from 'zod';
import { ZPhone } from './common';

export const ROLES = ['citizen', 'agent', 'staff', 'admin'] as const;
export type TRole = (typeof ROLES)[number];
export const ROLE_LABELS: Record<TRole, string> = { citizen: '群众', agent: '代办员', staff: '窗口人员', admin: '管理员' };

export const ZSmsSend = z.object({ phone: ZPhone }).strict();
export const ZSmsVerify = z
  .object({ phone: ZPhone, code: z.string().regex(/^\d{6}$/, { message: '验证码为6位数字' }) })
  .strict();
/** `code` from Taro.login / wx.login. */
export const ZWechatLogin = z.object({ code: z.string().min(1).max(128) }).strict();
export const ZPasswordLogin = z
  .object({
    username: z.string().trim().min(1, { message: '请输入用户名' }).max(64),
    password: z.string().min(1, { message: '请输入密码' }).max(128),
  })
  .strict();
export const ZRefresh = z.object({ refreshToken: z.string().min(10).max(512) }).strict();

export interface TUser {
  id: string;
  role: TRole;
  name: string;
  /** Masked (138****1234); the full number is never sent back. */
  phoneMasked?: string;
  centerId?: string;
  centerName?: string;
}

export interface TTokens {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: TUser;
}
