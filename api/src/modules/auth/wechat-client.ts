import { AppError } from '../../http/errors';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatClient {
  /** Exchange a `wx.login` code for the user's openid (the session key is not kept). */
  codeToSession(code: string): Promise<WechatSession>;
}

/** The real jscode2session call, against a configurable base URL (a local stand-in in tests). */
export function wechatClient(opts: { baseUrl: string; appid?: string; secret?: string }): WechatClient {
  return {
    async codeToSession(code) {
      if (!opts.appid || !opts.secret) {
        throw new AppError('UPSTREAM_FAILED', '微信登录未配置，请使用手机号登录');
      }
      const url = new URL('/sns/jscode2session', opts.baseUrl);
      url.search = new URLSearchParams({
        appid: opts.appid,
        secret: opts.secret,
        js_code: code,
        grant_type: 'authorization_code',
      }).toString();
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      if (!res?.ok) throw new AppError('UPSTREAM_FAILED', '微信服务暂时不可用，请稍后再试');
      const body = (await res.json().catch(() => ({}))) as { openid?: string; unionid?: string; errcode?: number };
      if (body.errcode || !body.openid) throw new AppError('CODE_INVALID', '微信登录凭证无效，请重试');
      return { openid: body.openid, ...(body.unionid ? { unionid: body.unionid } : {}) };
    },
  };
}
