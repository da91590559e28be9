import type { Types } from 'mongoose';
import type { TRole, TSmsSent, TTokens, TUser } from '@bianmin/shared';
import type { SmsSender } from './sms-sender';
import type { WechatClient } from './wechat-client';
import { createSessionCache, isSessionEnded } from './sessions';
import { refreshTokens, signOut, type TokenConfig } from './tokens';
import { sendSmsCode, verifySmsCode } from './sms';
import { passwordSignIn } from './password';
import { wechatSignIn } from './wechat';
import { createStaffAccount, presentUser } from './users';

export interface AuthDeps {
  jwtSecret: string;
  accessTtl: number;
  refreshDays: number;
  sms: SmsSender;
  wechat: WechatClient;
}

/**
 * The auth use cases, each in its own file (sms, password, wechat, tokens, sessions, users); this factory only binds
 * them to the configuration, the SMS sender, the WeChat client and this service's session cache.
 */
export function createAuthService(deps: AuthDeps) {
  // Read at each call, as before: deps itself carries the token configuration.
  const config: TokenConfig = deps;
  const sessions = createSessionCache();
  return {
    present: (userId: Types.ObjectId | string): Promise<TUser> => presentUser(userId),
    isSessionEnded: (sessionId: string): Promise<boolean> => isSessionEnded(sessions, sessionId),
    /** Send a 6-digit code; one per phone per minute and ten a day. */
    sendSmsCode: (phone: string): Promise<TSmsSent> => sendSmsCode(deps.sms, phone),
    verifySmsCode: (phone: string, code: string): Promise<TTokens> => verifySmsCode(config, phone, code),
    wechatSignIn: (code: string): Promise<TTokens> => wechatSignIn({ config, wechat: deps.wechat }, code),
    passwordSignIn: (username: string, password: string): Promise<TTokens> => passwordSignIn(config, username, password),
    /** Rotate the refresh token; presenting a spent one revokes its whole family. */
    refresh: (token: string): Promise<TTokens> => refreshTokens({ config, sessions }, token),
    /** Sign out: revoke the token's family. Unknown tokens are ignored (sign-out always succeeds). */
    logout: (token: string): Promise<void> => signOut(sessions, token),
    /** Create a staff/agent/admin account (used by seeds and, later, admin screens). */
    createStaffAccount: (a: {
      username: string;
      password: string;
      name: string;
      role: Exclude<TRole, 'citizen'>;
      centerId: Types.ObjectId | string;
    }) => createStaffAccount(a),
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
