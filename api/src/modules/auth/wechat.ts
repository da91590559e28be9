import type { TTokens } from '@bianmin/shared';
import type { WechatClient } from './wechat-client';
import { issueTokens, type TokenConfig } from './tokens';
import { citizenFor } from './users';

/** Sign in with a mini-program login code; the openid is the citizen's identity. */
export async function wechatSignIn(deps: { config: TokenConfig; wechat: WechatClient }, code: string): Promise<TTokens> {
  const session = await deps.wechat.codeToSession(code);
  const userId = await citizenFor(`wechat:${session.openid}`, { name: '微信用户' });
  return issueTokens(deps.config, userId);
}
