import type { TSmsSent, TTokens, TUser } from '@bianmin/shared';
import { request } from './request';
import { clearTokens, loadTokens, saveTokens } from './tokens';

/** What the SMS endpoint answers: the shared ZSmsSent. */
export type { TSmsSent };

export function sendSmsCode(phone: string): Promise<TSmsSent> {
  return request<TSmsSent>('/api/auth/sms/send', { method: 'POST', body: { phone } });
}

export async function signInWithSms(phone: string, code: string): Promise<TUser> {
  const tokens = await request<TTokens>('/api/auth/sms/verify', { method: 'POST', body: { phone, code } });
  saveTokens(tokens);
  return tokens.user;
}

/** `code` from Taro.login; the API exchanges it with WeChat. */
export async function signInWithWechatCode(code: string): Promise<TUser> {
  const tokens = await request<TTokens>('/api/auth/wechat', { method: 'POST', body: { code } });
  saveTokens(tokens);
  return tokens.user;
}

/** Staff, agents and administrators: the account their center gave them. */
export async function signInWithPassword(username: string, password: string): Promise<TUser> {
  const tokens = await request<TTokens>('/api/auth/password', { method: 'POST', body: { username, password } });
  saveTokens(tokens);
  return tokens.user;
}

export function fetchMe(): Promise<TUser> {
  return request<TUser>('/api/me', { auth: true });
}

/** Spend the refresh token on the server, then forget the session here even if the server is unreachable. */
export async function signOut(): Promise<void> {
  const tokens = loadTokens();
  try {
    if (tokens) await request<void>('/api/auth/logout', { method: 'POST', body: { refreshToken: tokens.refreshToken } });
  } catch {
    /* signing out locally is what matters to the person */
  } finally {
    clearTokens();
  }
}
