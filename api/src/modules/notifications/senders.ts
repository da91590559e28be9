import type { Logger } from '../../logger';
import { wechatOpenId } from '../auth';

export interface Notice {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  page: string;
}

/** sent: delivered; skipped: this user has no channel (e.g. signed in by SMS only, no WeChat). Throws to retry. */
export interface NotificationSender {
  send(n: Notice): Promise<'sent' | 'skipped'>;
}

export function logSender(log: Logger): NotificationSender {
  return {
    async send(n) {
      log.info({ notice: n.id, kind: n.kind, title: n.title }, 'notification (development sender)');
      return 'sent';
    },
  };
}

/**
 * WeChat subscription messages (订阅消息): an access token from /cgi-bin/token (cached until shortly before it
 * expires), then /cgi-bin/message/subscribe/send to the user's openid.
 */
export function wechatSender(opts: { baseUrl: string; appid?: string; secret?: string; templateId?: string }): NotificationSender {
  let token: { value: string; until: number } | undefined;
  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const url = new URL('/cgi-bin/token', opts.baseUrl);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: opts.appid ?? '', secret: opts.secret ?? '' }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!body.access_token) throw new Error(`wechat token: ${body.errcode ?? res.status} ${body.errmsg ?? ''}`);
    token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  }
  return {
    async send(n) {
      if (!opts.appid || !opts.secret || !opts.templateId) throw new Error('wechat notifications are not configured');
      const openid = await wechatOpenId(n.userId);
      if (!openid) return 'skipped';
      const url = new URL('/cgi-bin/message/subscribe/send', opts.baseUrl);
      url.search = new URLSearchParams({ access_token: await accessToken() }).toString();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: openid,
          template_id: opts.templateId,
          page: n.page,
          data: { thing1: { value: n.title.slice(0, 20) }, thing2: { value: n.body.slice(0, 20) } },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { errcode?: number; errmsg?: string };
      if (body.errcode === 43101) return 'skipped'; // the user has not subscribed to this template
      if (body.errcode) {
        if (body.errcode === 40001 || body.errcode === 42001) token = undefined;
        throw new Error(`wechat send: ${body.errcode} ${body.errmsg ?? ''}`);
      }
      return 'sent';
    },
  };
}
