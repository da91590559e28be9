import type { Actor } from '../../http/auth';
import type { CaseContext } from './context';
import { transition } from './transition';

/** 办结: the result and how it is delivered; issues the 办结 notice and the 评议卡. */
export function complete(ctx: CaseContext, actor: Actor, id: string, input: { result: string; delivery: 'window' | 'post' | 'agent' }, now = new Date()) {
  return transition(ctx, actor, id, () => ({ cmd: { action: 'complete', result: input.result, delivery: input.delivery } }), now);
}
