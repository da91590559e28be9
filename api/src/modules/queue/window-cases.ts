import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/connect';
import { Lapse, QueueTicket } from './queue.model';

/**
 * What the cases module (窗口办件) needs of the queue: the called ticket a case is opened from, and lapses against
 * the staff member (一次性告知 breaches, overdue cases). Plain objects with string ids.
 */

export interface TicketForCase {
  id: string;
  centerId: string;
  windowId: string;
  bookingId: string | null;
  label: string;
  status: 'waiting' | 'called' | 'done' | 'skipped' | 'transferred';
  calledAt: Date | null;
  calledBy: string | null;
}

export async function ticketForCase(id: string): Promise<TicketForCase | null> {
  if (!/^[0-9a-f]{24}$/.test(id)) return null;
  const t = await QueueTicket.findById(id, { centerId: 1, windowId: 1, bookingId: 1, label: 1, status: 1, calledAt: 1, calledBy: 1 }).lean();
  if (!t) return null;
  return {
    id: String(t._id),
    centerId: String(t.centerId),
    windowId: String(t.windowId),
    bookingId: t.bookingId ? String(t.bookingId) : null,
    label: t.label,
    status: t.status as TicketForCase['status'],
    calledAt: t.calledAt ?? null,
    calledBy: t.calledBy ? String(t.calledBy) : null,
  };
}

/**
 * Record a lapse (失误) against a staff member once: `id` is deterministic (`case-deadline:<case>:<k>`,
 * `case-notice:<case>:<event seq>`), so a sweep that runs twice stores it once. kind 'notice' is a 一次性告知 breach.
 */
export async function recordStaffLapse(l: {
  id: string;
  kind: 'deadline' | 'notice';
  centerId: string;
  windowId: string | null;
  staffId: string;
  subjectId: string;
  date: string;
  detail: string;
}): Promise<void> {
  await Lapse.create({
    _id: l.id,
    kind: l.kind,
    centerId: new Types.ObjectId(l.centerId),
    windowId: l.windowId ? new Types.ObjectId(l.windowId) : null,
    staffId: new Types.ObjectId(l.staffId),
    subjectId: new Types.ObjectId(l.subjectId),
    date: l.date,
    detail: l.detail,
    // Pending until a supervisor confirms or dismisses it (counts once the review period passes undismissed).
    status: 'pending',
  }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
}

/** Lapses recorded on one subject (a case), for its detail and for tests. */
export async function lapsesOf(subjectId: string): Promise<{ id: string; kind: string; staffId: string | null; date: string; detail: string }[]> {
  const rows = await Lapse.find({ subjectId: new Types.ObjectId(subjectId) }).lean();
  return rows.map((l) => ({ id: String(l._id), kind: l.kind, staffId: l.staffId ? String(l.staffId) : null, date: l.date, detail: l.detail }));
}
