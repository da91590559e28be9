import { Types } from 'mongoose';
import { addDays, chinaDate } from '@bianmin/shared';
import { isDuplicateKey } from '../../db/connect';
import { markDirty } from '../facts';
import { calendarFor } from '../calendar';
import { Lapse } from './queue.model';

/** Working days a supervisor has to confirm or dismiss a lapse (issue 10: "within 5 working days"). */
export const LAPSE_REVIEW_DAYS = 5;

/** The last day a lapse of this center dated `date` may be reviewed (the center's working calendar). */
export async function lapseReviewDue(centerId: string, date: string): Promise<string> {
  return (await calendarFor(centerId)).addWorkingDays(date, LAPSE_REVIEW_DAYS);
}

/** lapseReviewDue with one calendar per center, for a loop over many lapses. */
function memoDue(): (centerId: string, date: string) => Promise<string> {
  const calendars = new Map<string, ReturnType<typeof calendarFor>>();
  return async (centerId, date) => {
    if (!calendars.has(centerId)) calendars.set(centerId, calendarFor(centerId));
    return (await calendars.get(centerId)!).addWorkingDays(date, LAPSE_REVIEW_DAYS);
  };
}

/** A lapse (失误) to record: a fact for scorecards, recorded once per `id`. */
export interface LapseInput {
  /** Deterministic, so a sweep that runs twice records it once: `reception:<ticket>`, `complaint-answer:<id>` … */
  id: string;
  /** reception: a queued citizen not received in time; deadline: a time limit missed; notice: a 一次性告知 breach. */
  kind: 'reception' | 'deadline' | 'notice';
  centerId: string;
  windowId?: string | null;
  staffId?: string | null;
  agentId?: string | null;
  subjectId: string;
  /** China date it counts for ("YYYY-MM-DD"). */
  date: string;
  detail: string;
  /**
   * Every lapse is pending until a supervisor confirms or dismisses it (default); one nobody dismissed within
   * LAPSE_REVIEW_DAYS counts. `confirmed` only for facts recorded as already decided.
   */
  status?: 'pending' | 'confirmed';
  /** Who held what ran late (agent, town, county, dept). */
  holder?: string | null;
}

export type LapseFact = Required<Omit<LapseInput, 'windowId' | 'staffId' | 'agentId' | 'status' | 'holder'>> & { windowId: string | null; staffId: string | null; agentId: string | null };

const oidOrNull = (id?: string | null) => (id ? new Types.ObjectId(id) : null);

/** Record a lapse once (a second record with the same id is ignored). */
export async function recordLapse(l: LapseInput): Promise<void> {
  await Lapse.create({
    _id: l.id,
    kind: l.kind,
    centerId: new Types.ObjectId(l.centerId),
    windowId: oidOrNull(l.windowId),
    staffId: oidOrNull(l.staffId),
    agentId: oidOrNull(l.agentId),
    subjectId: new Types.ObjectId(l.subjectId),
    date: l.date,
    detail: l.detail,
    status: l.status ?? 'pending',
    holder: l.holder ?? null,
  }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
  await markDirty(l.centerId, l.date);
}

/** Lapses of these centers dated in [from, to) (China dates), for scorecards and reports. */
export async function lapseFacts(centerIds: Iterable<string>, from: string, to: string): Promise<LapseFact[]> {
  const centers = [...new Set(centerIds)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (!centers.length) return [];
  // Dismissed lapses never count; pending ones only once their review period has passed without a dismissal.
  const all = await Lapse.find({ centerId: { $in: centers }, date: { $gte: from, $lt: to }, status: { $ne: 'dismissed' } }).lean();
  const today = chinaDate(new Date());
  const due = memoDue();
  const rows = [];
  for (const l of all) if (l.status !== 'pending' || today > (await due(String(l.centerId), l.date))) rows.push(l);
  const str = (v: unknown) => (v ? String(v) : null);
  return rows.map((l) => ({
    id: String(l._id),
    kind: l.kind as LapseFact['kind'],
    centerId: String(l.centerId),
    windowId: str(l.windowId),
    staffId: str(l.staffId),
    agentId: str(l.agentId),
    subjectId: String(l.subjectId),
    date: l.date,
    detail: l.detail ?? '',
  }));
}

/** A lapse as its review sees it. */
export interface LapseReview {
  id: string;
  kind: string;
  centerId: string;
  agentId: string | null;
  staffId: string | null;
  subjectId: string;
  date: string;
  detail: string;
  status: 'pending' | 'confirmed' | 'dismissed';
  holder: string | null;
  decisionReason: string;
}

const toReview = (l: Record<string, unknown>): LapseReview => ({
  id: String(l._id),
  kind: String(l.kind),
  centerId: String(l.centerId),
  agentId: l.agentId ? String(l.agentId) : null,
  staffId: l.staffId ? String(l.staffId) : null,
  subjectId: String(l.subjectId),
  date: String(l.date),
  detail: String(l.detail ?? ''),
  status: ((l.status as string) ?? 'confirmed') as LapseReview['status'],
  holder: (l.holder as string | null) ?? null,
  decisionReason: String(l.decisionReason ?? ''),
});

/** Lapses by subject (a case) or by id prefix, for reviews and the 台账. */
export async function lapsesFor(q: { subjectIds?: readonly string[]; ids?: readonly string[]; centerIds?: readonly string[]; staffId?: string; status?: LapseReview['status'] }): Promise<LapseReview[]> {
  const filter: Record<string, unknown> = {};
  const oids = (ids: readonly string[]) => ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  // The supervisors' review (issue 10): a county's pending lapses, a person's lapses.
  if (q.centerIds) filter.centerId = { $in: oids(q.centerIds) };
  if (q.staffId) filter.staffId = { $in: oids([q.staffId]) };
  if (q.status) filter.status = q.status;
  if (q.subjectIds) filter.subjectId = { $in: q.subjectIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) };
  if (q.ids) filter._id = { $in: [...q.ids] };
  return (await Lapse.find(filter).sort({ date: 1 }).lean()).map((l) => toReview(l as unknown as Record<string, unknown>));
}

/**
 * Confirm or dismiss a pending lapse once (the condition on `pending` makes a second decision a no-op). The caller
 * decides who may; returns the lapse after the decision, or null when there was no pending lapse with that id.
 */
export async function decideLapse(id: string, decision: 'confirmed' | 'dismissed', by: string, reason: string): Promise<LapseReview | null> {
  const r = await Lapse.updateOne({ _id: id, status: 'pending' }, { $set: { status: decision, decidedBy: new Types.ObjectId(by), decidedAt: new Date(), decisionReason: reason } });
  if (r.modifiedCount === 0) return null;
  const row = await Lapse.findById(id).lean();
  if (!row) return null;
  // A decision changes what a (possibly already rolled) day counts.
  await markDirty(String(row.centerId), row.date);
  return toReview(row as unknown as Record<string, unknown>);
}

/**
 * Background sweep: a pending lapse whose review period has just passed starts to count, so its day is marked dirty
 * once (`reviewLapsedAt`) and rolled again. The lapse stays pending: a supervisor may still decide it.
 */
export async function sweepLapseReviews(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  // The due date is at least LAPSE_REVIEW_DAYS calendar days after the lapse: a cheap first filter.
  const candidates = await Lapse.find({ status: 'pending', reviewLapsedAt: null, date: { $lt: addDays(today, -LAPSE_REVIEW_DAYS) } }, { centerId: 1, date: 1 }).limit(1000).lean();
  const due = memoDue();
  let n = 0;
  for (const l of candidates) {
    if (today <= (await due(String(l.centerId), l.date))) continue;
    const r = await Lapse.updateOne({ _id: l._id, status: 'pending', reviewLapsedAt: null }, { $set: { reviewLapsedAt: now } });
    if (r.modifiedCount === 0) continue;
    await markDirty(String(l.centerId), l.date);
    n++;
  }
  return n;
}
