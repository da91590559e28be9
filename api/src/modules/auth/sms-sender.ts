import type { Logger } from '../../logger';
import { maskPhone } from '@bianmin/shared';
import { AppError } from '../../http/errors';

/** Sends one-time sign-in codes. */
export interface SmsSender {
  send(phone: string, code: string): Promise<void>;
  /** Development only: the code may be echoed to the caller so local users and tests can sign in. */
  readonly echoes: boolean;
}

/** Development sender: writes the code to the log (the phone masked). */
export function logSmsSender(log: Logger, echoes: boolean): SmsSender {
  return {
    echoes,
    async send(phone, code) {
      log.info({ to: maskPhone(phone), smsCode: code }, 'SMS sign-in code (development sender)');
    },
  };
}

/** Gateway sender: POSTs {phone, code, template} as JSON to the configured endpoint. */
export function httpSmsSender(url: string): SmsSender {
  return {
    echoes: false,
    async send(phone, code) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, code, template: 'login' }),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => undefined);
      if (!res?.ok) throw new AppError('UPSTREAM_FAILED', '短信发送失败，请稍后再试');
    },
  };
}
