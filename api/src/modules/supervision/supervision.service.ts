import { Types } from 'mongoose';
import { MEASURE_LABELS, type TLapseReview, type TMeasure, type TOutcome, type TOutcomeList, type TPersonRecord } from '@bianmin/shared';
import { miniappPath } from '@bianmin/shared/routes';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findUser, userNames } from '../auth';
import { findCenter, subtreeIds } from '../centers';
import { calendarFor } from '../calendar';
import { LAPSE_REVIEW_DAYS, decideLapse, lapsesFor, type LapseReview } from '../queue';
import { enqueue } from '../notifications';
import { Outcome, OutcomeEvent, findOutcome, type OutcomeRow } from './outcome.model';
import { lapseReviewPolicy, recordPolicy, supervisionPolicy, type CountyScope, type OutcomeScope } from './supervision.policy';

/** A center with its county, from the in-memory directory; an unknown center is "not found". */
export async function countyScope(centerId: string): Promise<CountyScope & { centerName: string }> {
  const c = await findCenter(centerId);
  if (!c) throw AppError.notFound('服务中心');
  return { centerId: c.id, ancestors: c.ancestors, countyId: c.ancestors[0] ?? c.id, centerName: c.name };
}

/** A supervisor of another county does not learn that the record exists. */
function hideFromOtherCounty(actor: Actor, scope: CountyScope, what: string) {
  if (actor.role === 'supervisor' && actor.centerId !== scope.countyId) throw AppError.notFound(what);
}

async function outcomeScope(o: OutcomeRow): Promise<OutcomeScope & { centerName: string }> {
  const s = await countyScope(o.centerKey);
  return { ...s, personId: o.personKey, decidedBy: o.decision?.byId ?? null, status: o.status as OutcomeScope['status'] };
}

const decisionOut = (d: OutcomeRow['decision']) => (d ? { measure: d.measure as TMeasure, reason: d.reason, byName: d.byName, at: d.at.toISOString() } : null);

async function present(o: OutcomeRow, actor: Actor | undefined): Promise<TOutcome> {
  const scope = await outcomeScope(o);
  return {
    id: String(o._id),
    personId: o.personKey,
    personName: o.personName,
    staffNo: o.staffNo ?? null,
    centerId: o.centerKey,
    centerName: scope.centerName,
    complaintCode: o.complaintCode,
    verifiedThisYear: o.verifiedThisYear,
    proposed: o.proposed as TMeasure,
    status: o.status as TOutcome['status'],
    decision: decisionOut(o.decision),
    appeal: o.appeal?.at ? { reason: o.appeal.reason ?? '', at: o.appeal.at.toISOString() } : null,
    appealDecision: o.appealDecision ? { ...decisionOut(o.appealDecision)!, upheld: !!o.appealDecision.upheld } : null,
    createdAt: o.createdAt.toISOString(),
    actions: supervisionPolicy.allowedActions(actor, scope),
  };
}

/** Append a step (unique outcome+seq: of two racing supervisors one wins), then update the projection. */
async function step(o: OutcomeRow, type: 'decided' | 'appealed' | 'appeal_decided', actor: Actor, set: Record<string, unknown>, data: unknown) {
  try {
    await OutcomeEvent.create({ outcomeId: o._id, seq: o.seq + 1, type, actorId: actor.id, data });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该件刚刚被他人处理，请刷新');
    throw err;
  }
  await Outcome.updateOne({ _id: o._id }, { $set: { ...set, seq: o.seq + 1 } });
}

async function loadFor(actor: Actor, id: string): Promise<{ o: OutcomeRow; scope: OutcomeScope }> {
  const o = Types.ObjectId.isValid(id) ? await findOutcome(new Types.ObjectId(id)) : null;
  if (!o) throw AppError.notFound('处理记录');
  const scope = await outcomeScope(o);
  hideFromOtherCounty(actor, scope, '处理记录');
  return { o, scope };
}

async function actorName(actor: Actor) {
  return (await findUser(actor.id))?.name ?? '督查人员';
}

/** Tell the person (outbox): what was decided and that they may appeal once. */
async function notify(o: OutcomeRow, key: string, title: string, body: string) {
  await enqueue(`accountability:${o._id}:${key}`, { userId: o.personKey, kind: 'accountability', title, body, page: miniappPath('personRecord', { id: o.personKey }) });
}

/**
 * A complaint about a person was verified: open a case with the seed rule's proposal (1 verified that year →
 * 通报批评, 2 → 调离岗位). Called by the complaints module; once per complaint.
 */
export async function proposeOutcome(p: { personId: string; centerId: string; complaintId: string; complaintCode: string; verifiedThisYear: number; proposed: TMeasure }): Promise<void> {
  const [person, scope] = await Promise.all([findUser(p.personId), countyScope(p.centerId)]);
  if (!person) return;
  try {
    const o = await Outcome.create({
      personKey: person.id,
      personName: person.name,
      staffNo: person.staffNo ?? null,
      centerKey: scope.centerId,
      countyKey: scope.countyId,
      complaintKey: p.complaintId,
      complaintCode: p.complaintCode,
      verifiedThisYear: p.verifiedThisYear,
      proposed: p.proposed,
      status: 'proposed',
      seq: 1,
    });
    await OutcomeEvent.create({ outcomeId: o._id, seq: 1, type: 'proposed', data: { proposed: p.proposed, verifiedThisYear: p.verifiedThisYear } });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** The county's cases for its supervisors, open ones first. */
async function listOutcomes(actor: Actor): Promise<TOutcomeList> {
  const scope = await countyScope(actor.centerId ?? '');
  lapseReviewPolicy.authorize(actor, 'review', scope);
  const rows = await Outcome.find({ countyKey: scope.countyId }).sort({ createdAt: -1 }).limit(300).lean();
  const open = (o: OutcomeRow) => (o.status === 'proposed' || o.status === 'appealed' ? 0 : 1);
  return { items: await Promise.all(rows.sort((a, b) => open(a) - open(b)).map((o) => present(o, actor))) };
}

async function decide(actor: Actor, id: string, measure: TMeasure, reason: string, now = new Date()): Promise<TOutcome> {
  const { o, scope } = await loadFor(actor, id);
  if (o.status !== 'proposed' && supervisionPolicy.can(actor, 'decide', { ...scope, status: 'proposed' })) throw new AppError('CONFLICT', '该件已作出决定');
  supervisionPolicy.authorize(actor, 'decide', scope, '只有本县督查人员可以作出处理决定');
  const decision = { measure, reason, byId: actor.id, byName: await actorName(actor), at: now };
  await step(o, 'decided', actor, { status: 'decided', decision }, { measure, reason });
  await notify(o, 'decided', '责任追究决定', `经核实的投诉（${o.complaintCode}），决定给予“${MEASURE_LABELS[measure]}”。如有异议，可在“我的记录”中申诉一次。`);
  return present((await findOutcome(o._id))!, actor);
}

async function appeal(actor: Actor, id: string, reason: string, now = new Date()): Promise<TOutcome> {
  const { o, scope } = await loadFor(actor, id);
  if (o.appeal?.at && actor.id === o.personKey) throw new AppError('CONFLICT', '每项决定只能申诉一次');
  supervisionPolicy.authorize(actor, 'appeal', scope, '只能对本人已作出的决定申诉');
  await step(o, 'appealed', actor, { status: 'appealed', appeal: { reason, at: now } }, { reason });
  return present((await findOutcome(o._id))!, actor);
}

async function decideAppeal(actor: Actor, id: string, input: { upheld: boolean; measure?: TMeasure; reason: string }, now = new Date()): Promise<TOutcome> {
  const { o, scope } = await loadFor(actor, id);
  if (o.status !== 'appealed') throw new AppError('CONFLICT', '该件没有待复核的申诉');
  supervisionPolicy.authorize(actor, 'decideAppeal', scope, '申诉须由作出原决定以外的督查人员复核');
  const measure = input.upheld ? (o.decision!.measure as TMeasure) : input.measure!;
  const appealDecision = { measure, reason: input.reason, byId: actor.id, byName: await actorName(actor), at: now, upheld: input.upheld };
  await step(o, 'appeal_decided', actor, { status: 'final', appealDecision }, { upheld: input.upheld, measure, reason: input.reason });
  await notify(o, 'appeal', '申诉复核结果', input.upheld ? `申诉复核：维持“${MEASURE_LABELS[measure]}”。` : `申诉复核：改为“${MEASURE_LABELS[measure]}”。`);
  return present((await findOutcome(o._id))!, actor);
}

async function presentLapses(rows: LapseReview[]): Promise<TLapseReview[]> {
  const names = await userNames(rows.map((l) => l.staffId ?? l.agentId).filter(Boolean));
  return Promise.all(
    rows.map(async (l) => {
      const [center, cal] = await Promise.all([findCenter(l.centerId), calendarFor(l.centerId)]);
      const who = l.staffId ?? l.agentId;
      return {
        id: l.id,
        kind: l.kind,
        centerId: l.centerId,
        centerName: center?.name ?? '',
        staffId: who,
        staffName: who ? (names.get(who) ?? null) : null,
        date: l.date,
        detail: l.detail,
        reviewDue: cal.addWorkingDays(l.date, LAPSE_REVIEW_DAYS),
        status: l.status,
        ...(l.decisionReason ? { reason: l.decisionReason } : {}),
      };
    }),
  );
}

/** Lapses of the county awaiting a supervisor (pending until confirmed or dismissed, within 5 working days). */
async function pendingLapses(actor: Actor): Promise<{ items: TLapseReview[] }> {
  const scope = await countyScope(actor.centerId ?? '');
  lapseReviewPolicy.authorize(actor, 'review', scope);
  const rows = await lapsesFor({ centerIds: await subtreeIds(scope.countyId), status: 'pending' });
  return { items: await presentLapses(rows) };
}

/** Confirm a lapse (it then counts) or dismiss it with a reason. */
async function reviewLapse(actor: Actor, id: string, decision: 'confirmed' | 'dismissed', reason: string | undefined): Promise<TLapseReview> {
  const [l] = await lapsesFor({ ids: [id] });
  if (!l) throw AppError.notFound('失误记录');
  const scope = await countyScope(l.centerId);
  hideFromOtherCounty(actor, scope, '失误记录');
  lapseReviewPolicy.authorize(actor, 'review', scope, '只有本县督查人员可以认定失误');
  if (l.status !== 'pending') throw new AppError('CONFLICT', '该失误已认定或已撤销');
  const done = await decideLapse(id, decision, actor.id, reason ?? '');
  if (!done) throw new AppError('CONFLICT', '该失误刚刚被他人处理，请刷新');
  return (await presentLapses([done]))[0]!;
}

/** A person's record: outcomes and lapses. The person, the admins over their center and the county's supervisors. */
async function personRecord(actor: Actor, userId: string): Promise<TPersonRecord> {
  const person = await findUser(userId);
  if (!person?.centerId || person.role === 'citizen') throw AppError.notFound('人员');
  const scope = await countyScope(person.centerId);
  hideFromOtherCounty(actor, scope, '人员');
  recordPolicy.authorize(actor, 'view', { ...scope, personId: person.id }, '无权查看该人员的记录');
  const [outcomes, lapses] = await Promise.all([Outcome.find({ personKey: person.id }).sort({ createdAt: -1 }).lean(), lapsesFor({ staffId: person.id })]);
  return {
    person: { id: person.id, name: person.name, staffNo: person.staffNo ?? null, centerId: scope.centerId, centerName: scope.centerName },
    outcomes: await Promise.all(outcomes.map((o) => present(o, actor))),
    lapses: await presentLapses(lapses),
  };
}

export function createSupervisionService() {
  return { listOutcomes, decide, appeal, decideAppeal, pendingLapses, reviewLapse, personRecord };
}
export type SupervisionService = ReturnType<typeof createSupervisionService>;
