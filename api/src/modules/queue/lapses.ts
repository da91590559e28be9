import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/connect';
import { Lapse } from './queue.model';

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
}

export type LapseFact = Required<Omit<LapseInput, 'windowId' | 'staffId' | 'agentId'>> & { windowId: string | null; staffId: string | null; agentId: string | null };

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
  }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
}

/** Lapses of these centers dated in [from, to) (China dates), for scorecards and reports. */
export async function lapseFacts(centerIds: Iterable<string>, from: string, to: string): Promise<LapseFact[]> {
  const centers = [...new Set(centerIds)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (!centers.length) return [];
  const rows = await Lapse.find({ centerId: { $in: centers }, date: { $gte: from, $lt: to } }).lean();
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
