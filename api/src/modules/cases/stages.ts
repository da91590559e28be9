import type { Actor } from '../../http/auth';
import type { CaseContext } from './context';
import { transition } from './transition';

/** 联办/上报: one stage of the case's plan is done. */
export function completeStage(ctx: CaseContext, actor: Actor, id: string, index: number, note?: string, now = new Date()) {
  return transition(ctx, actor, id, () => ({ cmd: { action: 'complete_stage', index, ...(note ? { note } : {}) } }), now);
}
