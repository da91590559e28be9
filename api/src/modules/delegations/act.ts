import {
  ENTRY_ACTIONS,
  chinaDate,
  factsNeeded,
  reduceCase,
  type CaseCommand,
  type CaseContext,
  type CaseFacts,
  type CaseRefusal,
  type TCaseStep,
  type TStepAnswer,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { Pii } from '../../security/pii';
import { findUser } from '../auth';
import { calendarFor } from '../calendar';
import { adminOver } from '../../http/policy';
import { findCenter } from '../centers';
import { getPublished } from '../service-items';
import { agentOnDuty } from './agent-posts';
import { claimTransition, findCase, saveChanges, type CaseRecord } from './case-store';
import { delegationPolicy } from './delegations.policy';
import { presentCase, type Viewer } from './delegations.presenter';
import { appendEntry, entryExists, latestEntry, storedStep } from './ledger.service';
import { loadCase } from './load';
import { noticePromise } from './notices';
import { recordClockLapses } from './sweep';
import { pathOf, stagesFor } from './request';

type Loader = (c: CaseRecord, cmd: CaseCommand, today: string, actor: Actor) => Promise<CaseFacts[keyof CaseFacts]>;

/** How each fact a rule may need is read (only those `factsNeeded` names are loaded). */
const FACTS: Record<keyof CaseFacts, Loader> = {
  // Within the case's county only. An admin over the case (town or county) may hand it to any agent of that county
  // (village ↔ town, town ↔ town: issue 11); anyone else only to an agent of a center on the case's chain.
  targetAgent: async (c, cmd, _today, actor) => {
    const u = 'agentId' in cmd && cmd.agentId ? await findUser(cmd.agentId) : undefined;
    if (!u) return null;
    const center = u.role === 'agent' && u.centerId ? await findCenter(u.centerId) : undefined;
    if (!center) return { id: u.id, onChain: false, why: '该用户不是代办员，不能指派' };
    const county = center.ancestors[0] ?? center.id;
    if (county !== c.centerPath[c.centerPath.length - 1]) return { id: u.id, onChain: false, why: '该代办员不属于本县，不能指派或改派到外县' };
    const adminOfCase = actor.role === 'admin' && adminOver(actor, { centerId: c.centerPath[0] ?? c.centerId, ancestors: c.centerPath.slice(1) });
    return adminOfCase || c.centerPath.includes(center.id) ? { id: u.id, onChain: true } : { id: u.id, onChain: false, why: '只能指派给本中心及下级服务中心的代办员' };
  },
  postAgentId: (c, _cmd, today) => agentOnDuty(c.centerId, today),
  materialKeys: async (c) => (await getPublished(c.itemId).catch(() => null))?.materials.map((m) => m.key) ?? null,
  suspendedDaysLeft: async (c) => ((await latestEntry(c.id, 'suspend'))?.data as { daysLeft?: number } | null)?.daysLeft ?? null,
  handoverSeq: async (c) => (await latestEntry(c.id, 'handover'))?.seq ?? null,
  entryExists: (c, cmd) => entryExists(c.id, cmd.action === 'correct_entry' ? cmd.seq : 0),
};

/** Today's date for the step (an offline step counts on the day it was logged, never a future day), calendar, facts. */
async function contextFor(actor: Actor, v: Viewer, c: CaseRecord, cmd: CaseCommand, clientAt?: Date): Promise<CaseContext> {
  const now = new Date();
  const today = chinaDate(clientAt && clientAt < now ? clientAt : now);
  const facts: CaseFacts = {};
  for (const k of factsNeeded(cmd, c, { id: actor.id, role: actor.role, relation: v.relation })) {
    Object.assign(facts, { [k]: await FACTS[k](c, cmd, today, actor) });
  }
  // Entries that only add to the ledger need no calendar.
  const calendar = (ENTRY_ACTIONS as readonly string[]).includes(cmd.action) ? NO_CALENDAR : await calendarFor(c.centerId);
  return { actor: { id: actor.id, role: actor.role, relation: v.relation }, today, calendar, facts };
}
const NO_CALENDAR: CaseContext['calendar'] = {
  addWorkingDays: () => {
    throw new Error('calendar not loaded');
  },
  workingDaysBetween: () => {
    throw new Error('calendar not loaded');
  },
};

export const refusalError = (r: CaseRefusal) => new AppError(r.code, r.message, r.field ? [{ field: r.field, message: r.message }] : undefined, r.data);

/** Poll `check` a few times (a racing request with the same client key may be a moment from storing its entry). */
async function eventually(check: () => Promise<boolean>, tries = 20, everyMs = 50): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return false;
}

/**
 * A case given to an agent of a center off its chain (a town case to the village agent) moves there: the agent's
 * center becomes the receiving one. A reassignment before acceptance plans the stages again from that level.
 */
async function followAgent(c: CaseRecord, agentId: string, replan: boolean): Promise<{ centerId?: string; centerPath?: string[]; stages?: CaseRecord['stages'] }> {
  const u = await findUser(agentId);
  if (!u?.centerId || c.centerPath.includes(u.centerId)) return {};
  const center = await findCenter(u.centerId);
  if (!center) return {};
  const replanned = replan && c.state === 'requested' ? { stages: await stagesFor(c.itemId, center) } : {};
  return { centerId: center.id, centerPath: pathOf(center), ...replanned };
}

const FORBIDDEN_MESSAGE: Partial<Record<CaseCommand['action'], string>> = { confirm_handover: '交接清单由群众本人确认' };

/**
 * One step on a case: load → authorize → reduce (the shared state machine) → claim `<case>:<version+1>` (state
 * changes only, so two agents cannot both move the case from the same state) → append the ledger entry → project.
 * A step resent with the same clientKey returns the case as stored the first time (replay).
 */
export async function actOnCase(pii: Pii, actor: Actor, id: string, step: TCaseStep): Promise<TStepAnswer> {
  const { c, relation } = await loadCase(actor, id);
  const viewer = { actor, relation };
  const replay = async () => ({ replay: true, case: await presentCase((await findCase(c.id))!, viewer, pii) });
  if (step.clientKey && (await storedStep(c.id, step.clientKey))) return replay();
  const { clientKey, clientAt, ...cmd } = step;
  delegationPolicy.authorize(actor, cmd.action, c, FORBIDDEN_MESSAGE[cmd.action] ?? (relation === 'owner' ? '此步骤由代办员办理' : '您不能进行此操作'));
  const at = clientAt ? new Date(clientAt) : undefined;
  const r = reduceCase(c, cmd, await contextFor(actor, viewer, c, cmd, at));
  if (!r.ok) throw refusalError(r.refusal);
  if (r.transition && !(await claimTransition(c.id, c.version))) {
    if (clientKey && (await eventually(() => storedStep(c.id, clientKey)))) return replay();
    throw new AppError('CONFLICT', '此件刚刚被他人处理，请刷新后重试');
  }
  const base = { caseId: c.id, centerId: c.centerId, actorId: actor.id, actorRole: actor.role, ...(clientKey ? { clientKey } : {}), ...(at ? { clientAt: at } : {}) };
  const appended = await appendEntry({ ...base, type: r.entry.type, data: r.entry.data, ...(r.entry.corrects ? { corrects: r.entry.corrects } : {}) });
  const moved = r.changes.agentId && r.changes.agentId !== c.agentId ? await followAgent(c, r.changes.agentId, cmd.action === 'reassign') : {};
  const changes = { ...(r.transition ? { ...r.changes, version: c.version + 1 } : r.changes), ...moved };
  await saveChanges(c.id, changes);
  const updated: CaseRecord = { ...c, ...changes };
  if (r.late) await recordClockLapses(c, r.late.clock, r.late.stageIndex, r.late.days);
  if (r.changes.promisedOn && r.changes.promisedOn !== c.promisedOn) await noticePromise(c, r.changes.promisedOn, r.changes.promiseReason ?? '', cmd.action === 'accept');
  return { replay: appended.replay, case: await presentCase(updated, viewer, pii) };
}
