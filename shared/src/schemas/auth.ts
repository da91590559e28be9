import { z } from 'zod';
import type { TRole } from '../constants/auth';
import { ZPhone } from './common';


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

/** Answer of POST /api/auth/sms/send. */
export interface TSmsSent {
  sent: true;
  /** Seconds before another code may be asked for. */
  retryAfter: number;
  /** Development sender only: the code itself, so local users and tests can sign in. */
  devCode?: string;
}
