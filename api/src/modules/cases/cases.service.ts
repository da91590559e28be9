import type { TWindowCaseListQuery, TWindowCaseOpen } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { Pii } from '../../security/pii';
import { createCaseContext } from './context';
import { openCase } from './open';
import { receiveMaterials, requestSupplement } from './materials';
import { completeStage } from './stages';
import { refuse } from './refuse';
import { complete } from './complete';
import { getCase, listCases, myCase, myCases, noticeFor, ownRow, trackCase } from './queries';
import type { EventRow } from './cases.presenter';

export { coverAbsentCases } from './cover';
export { sweepOverdueCases } from './sweep';

/**
 * The 窗口办件 use cases, one file each: open.ts (受理), materials.ts (补齐/补正), stages.ts (联办/上报 环节),
 * refuse.ts, complete.ts (办结) — all through transition.ts and the shared reducer — queries.ts (lists, detail,
 * 我的办件, notices, public progress), cover.ts (AB岗) and sweep.ts (overdue lapses).
 * This factory only binds them to the PII keys and the per-service staff name cache.
 */
export function createCaseService(deps: { pii: Pii }) {
  const ctx = createCaseContext(deps.pii);
  return {
    open: (actor: Actor, input: TWindowCaseOpen, now = new Date()) => openCase(ctx, actor, input, now),
    list: (actor: Actor, q: TWindowCaseListQuery, now = new Date()) => listCases(ctx, actor, q, now),
    get: (actor: Actor, id: string) => getCase(ctx, actor, id),
    receiveMaterials: (actor: Actor, id: string, input: { receivedMaterials: string[]; answers?: Record<string, boolean> }, now = new Date()) => receiveMaterials(ctx, actor, id, input, now),
    requestSupplement: (actor: Actor, id: string, input: { missing: string[] }, now = new Date()) => requestSupplement(ctx, actor, id, input, now),
    completeStage: (actor: Actor, id: string, index: number, note?: string, now = new Date()) => completeStage(ctx, actor, id, index, note, now),
    refuse: (actor: Actor, id: string, input: { reason: string; legalBasis: string }, now = new Date()) => refuse(ctx, actor, id, input, now),
    complete: (actor: Actor, id: string, input: { result: string; delivery: 'window' | 'post' | 'agent' }, now = new Date()) => complete(ctx, actor, id, input, now),
    noticeFor,
    ownRow,
    mine: (actor: Actor) => myCases(ctx, actor),
    myCase: (actor: Actor, id: string) => myCase(ctx, actor, id),
    track: trackCase,
  };
}
export type CaseService = ReturnType<typeof createCaseService>;

export type { EventRow };
