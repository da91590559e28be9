import type { TCaseLapse, TCaseLapseList, TPendingCaseLapseList, TStageHolder } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { usersAt } from '../auth';
import { countyOf, subtreeIds } from '../centers';
import { decideLapse, lapsesFor, type LapseReview } from '../queue';
import { findCase, findCasesByIds, type CaseRecord } from './case-store';
import { relationOf } from './delegations.policy';
import { loadCase } from './load';

const present = (l: LapseReview): TCaseLapse => ({
  id: l.id,
  date: l.date,
  detail: l.detail,
  holder: (l.holder as TStageHolder | null) ?? null,
  centerId: l.centerId,
  agentId: l.agentId,
  status: l.status,
  decisionReason: l.decisionReason,
});

/**
 * Who confirms or dismisses a case's lapses: a supervisor (督查) of the case's county; where the county has no
 * supervisor, its county admin. Nobody decides a lapse charged to themself.
 */
async function mayDecide(actor: Actor, c: CaseRecord): Promise<boolean> {
  const county = c.centerPath[c.centerPath.length - 1];
  if (!county || actor.centerId !== county) return false;
  if ((actor.role as string) === 'supervisor') return true;
  return actor.role === 'admin' && (await usersAt([county], 'supervisor')).length === 0;
}

/** A case's lapses with their review status (not shown to citizens). */
export async function caseLapses(actor: Actor, id: string): Promise<TCaseLapseList> {
  if (actor.role === 'citizen') throw new AppError('FORBIDDEN', '您不能查看此内容');
  const c = await findCaseForSupervisor(actor, id);
  return { items: (await lapsesFor({ subjectIds: [c.id] })).map(present), mayDecide: await mayDecide(actor, c) };
}

/** Confirm a pending lapse (it then counts), or dismiss it with a reason. */
export async function decideCaseLapse(actor: Actor, id: string, input: { lapseId: string; decision: 'confirm' | 'dismiss'; reason: string }): Promise<TCaseLapse> {
  const c = await findCaseForSupervisor(actor, id);
  if (!(await mayDecide(actor, c))) throw new AppError('FORBIDDEN', '失误由督查人员确认；本县未设督查人员时由县中心管理员确认');
  const [l] = await lapsesFor({ ids: [input.lapseId] });
  if (!l || l.subjectId !== c.id) throw AppError.notFound('失误记录');
  if (l.status !== 'pending') throw new AppError('CONFLICT', l.status === 'confirmed' ? '该失误已确认' : '该失误已撤销', undefined, { status: l.status });
  const decided = await decideLapse(l.id, input.decision === 'confirm' ? 'confirmed' : 'dismissed', actor.id, input.reason);
  if (!decided) throw new AppError('CONFLICT', '该失误刚刚已被处理，请刷新');
  return present(decided);
}

/** Supervisors have no relation to a case in the policy; they see it when it belongs to their county. */
async function findCaseForSupervisor(actor: Actor, id: string): Promise<CaseRecord> {
  if ((actor.role as string) !== 'supervisor') return (await loadCase(actor, id)).c;
  const c = await findCase(id);
  if (!c || c.centerPath[c.centerPath.length - 1] !== actor.centerId) throw AppError.notFound('代办件');
  return c;
}

/**
 * The 代办 lapses still pending over an admin's centers, oldest first, with their case. The county admin of a county
 * without a supervisor decides them here (`mayDecide`); other admins see them but leave the decision to the
 * supervisor or the county admin.
 */
export async function pendingCaseLapses(actor: Actor): Promise<TPendingCaseLapseList> {
  if (actor.role !== 'admin' || !actor.centerId) throw new AppError('FORBIDDEN', '您不能查看此内容');
  const rows = (await lapsesFor({ centerIds: await subtreeIds(actor.centerId), status: 'pending' })).filter((l) => l.id.startsWith('deadline:'));
  const cases = new Map((await findCasesByIds(rows.map((l) => l.subjectId))).map((c) => [c.id, c]));
  const items = rows.flatMap((l) => {
    const c = cases.get(l.subjectId);
    return c && relationOf(actor, c) === 'admin' ? [{ ...present(l), caseId: c.id, caseCode: c.code, itemName: c.itemName }] : [];
  });
  // The same rule as mayDecide() per case: every case over a county admin's center is of that county.
  const atCounty = (await countyOf(actor.centerId))?.id === actor.centerId;
  const mayDecide = atCounty && (await usersAt([actor.centerId], 'supervisor')).length === 0;
  return { items, mayDecide };
}
