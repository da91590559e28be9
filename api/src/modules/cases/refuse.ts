import type { Actor } from '../../http/auth';
import type { CaseContext } from './context';
import { transition } from './transition';

/** 不予受理/不予许可: with its reason and legal basis, printed on the notice. */
export function refuse(ctx: CaseContext, actor: Actor, id: string, input: { reason: string; legalBasis: string }, now = new Date()) {
  return transition(ctx, actor, id, () => ({ cmd: { action: 'refuse', reason: input.reason, legalBasis: input.legalBasis } }), now);
}
