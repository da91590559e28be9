import type { TCaseLapse, TCaseLapseList, TStageHolder } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { usersAt } from '../auth';
import { decideLapse, lapsesFor, type LapseReview } from '../queue';
import { findCase, type CaseRecord } from './case-store';
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
