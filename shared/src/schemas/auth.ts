import { z } from 'zod';
import { ROLES } from '../constants/auth';
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

/** The signed-in user as the client sees them. */
export const ZUser = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    name: z.string(),
    /** Masked (138****1234); the full number is never sent back. */
    phoneMasked: z.string().optional(),
    centerId: z.string().optional(),
    centerName: z.string().optional(),
  })
  .strict();
export type TUser = z.infer<typeof ZUser>;

/** Answer of every sign-in and of a refresh. */
export const ZTokens = z
  .object({
    accessToken: z.string(),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    user: ZUser,
  })
  .strict();
export type TTokens = z.infer<typeof ZTokens>;

/** Answer of POST /api/auth/sms/send. */
export const ZSmsSent = z
  .object({
    sent: z.literal(true),
    /** Seconds before another code may be asked for. */
    retryAfter: z.number().int(),
    /** Development sender only: the code itself, so local users and tests can sign in. */
    devCode: z.string().optional(),
  })
  .strict();
export type TSmsSent = z.infer<typeof ZSmsSent>;
