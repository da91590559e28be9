import { Types } from 'mongoose';
import { BOOKING_ENDED, type TBookingStatus } from '@bianmin/shared';
import { enqueue, repairOutbox } from '../notifications';
import { Booking, BookingEvent, BookingLock, BookingSeat } from './booking.model';
import type { BookingRow } from './bookings.presenter';
import { releaseAll } from './claims';
import { confirmation, confirmationKey } from './create-booking';

/** How long a step may legitimately be in progress before what it left is treated as a crash's remains. */
export const REPAIR_GRACE_MS = 2 * 60_000;
/** How far back the sweep looks (it runs every half minute, so a day covers any restart). */
const LOOKBACK_MS = 86_400_000;

const STATUS_AFTER: Record<string, TBookingStatus> = {
  booked: 'booked',
  rescheduled: 'booked',
  moved: 'booked',
  cancelled: 'cancelled',
  checked_in: 'checked_in',
  received: 'received',
  served: 'served',
  no_show: 'no_show',
};

export interface RepairCounts {
  orphanClaims: number;
  unconfirmedBookings: number;
  projections: number;
  notices: number;
  outbox: number;
}

/** Seats and locks whose booking was never written (a crash after claiming), once the grace period is over. */
async function orphanClaims(cutoff: Date, since: Date): Promise<number> {
  const [seats, locks] = await Promise.all([
    BookingSeat.find({ createdAt: { $lt: cutoff, $gte: since } }, { bookingId: 1 }).lean(),
    BookingLock.find({ createdAt: { $lt: cutoff } }, { bookingId: 1 }).lean(),
  ]);
  const ids = [...new Set([...seats, ...locks].map((r) => String(r.bookingId)))];
  if (!ids.length) return 0;
  const existing = new Set((await Booking.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { _id: 1 }).lean()).map((b) => String(b._id)));
  const orphans = ids.filter((id) => !existing.has(id));
  for (const id of orphans) await releaseAll(new Types.ObjectId(id));
  return orphans.length;
}

/**
 * Recent bookings against their events: a projection with no `booked` event was never confirmed (the request
 * failed), so it is removed and its claims released; a projection behind its last event is brought up to it; a
 * confirmed booking whose notice was lost gets it queued (the notice key makes that idempotent).
 */
async function projectionsAndNotices(cutoff: Date, since: Date): Promise<Pick<RepairCounts, 'unconfirmedBookings' | 'projections' | 'notices'>> {
  const counts = { unconfirmedBookings: 0, projections: 0, notices: 0 };
  const [recentBookings, recentEvents] = await Promise.all([
    Booking.find({ createdAt: { $lt: cutoff, $gte: since } }, { _id: 1 }).lean(),
    BookingEvent.find({ createdAt: { $lt: cutoff, $gte: since } }, { bookingId: 1 }).lean(),
  ]);
  const ids = [...new Set([...recentBookings.map((b) => String(b._id)), ...recentEvents.map((e) => String(e.bookingId))])].map((id) => new Types.ObjectId(id));
  if (!ids.length) return counts;
  const [rows, events] = await Promise.all([
    Booking.find({ _id: { $in: ids } }).lean() as Promise<BookingRow[]>,
    BookingEvent.find({ bookingId: { $in: ids } }).sort({ seq: 1 }).lean(),
  ]);
  const byBooking = new Map<string, typeof events>();
  for (const e of events) byBooking.set(String(e.bookingId), [...(byBooking.get(String(e.bookingId)) ?? []), e]);
  for (const b of rows) {
    const evs = byBooking.get(String(b._id)) ?? [];
    if (!evs.length) {
      if (b.createdAt >= cutoff) continue;
      await Booking.deleteOne({ _id: b._id, seq: b.seq });
      await releaseAll(b._id);
      counts.unconfirmedBookings++;
      continue;
    }
    const last = evs.at(-1)!;
    if (last.seq > b.seq) {
      await Booking.updateOne({ _id: b._id, seq: b.seq }, { $set: catchUp(b, evs.filter((e) => e.seq > b.seq)) });
      if (BOOKING_ENDED.includes(STATUS_AFTER[last.type]!)) await releaseAll(b._id);
      counts.projections++;
    }
  }
  const confirmed = rows.filter((b) => (byBooking.get(String(b._id)) ?? []).some((e) => e.type === 'booked'));
  for (const b of confirmed) {
    // enqueue is idempotent on its key: an existing notice is left as it is.
    const before = await enqueue(confirmationKey(b._id), confirmation(b));
    if (before === 'queued') counts.notices++;
  }
  return counts;
}

type EventRow = { seq: number; type: string; actorId: Types.ObjectId; data?: unknown };

/** The projection fields the missed events imply (status, slot after a move, who received), with the seq. */
function catchUp(b: BookingRow, missed: EventRow[]): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const e of missed) {
    set.status = STATUS_AFTER[e.type];
    set.seq = e.seq;
    const data = (e.data ?? {}) as { to?: Date | string };
    if (e.type === 'rescheduled' && data.to) {
      const to = new Date(data.to);
      set.slotEnd = new Date(to.getTime() + (b.slotEnd.getTime() - b.slotStart.getTime()));
      set.slotStart = to;
    }
    if (e.type === 'moved' && (data as { toWindow?: string }).toWindow) set.windowId = new Types.ObjectId((data as { toWindow: string }).toWindow);
    if (e.type === 'received') set.servedBy = e.actorId;
  }
  return set;
}

/**
 * The crash-repair sweep (run by the periodic jobs): what a crash between the steps of a booking or of an outbox
 * delivery can leave is repaired — claims without a booking, bookings without their event, projections behind
 * their last event, lost confirmation notices, and outbox attempts claimed without an outcome.
 */
export async function repairAfterCrash(now = new Date()): Promise<RepairCounts> {
  const cutoff = new Date(now.getTime() - REPAIR_GRACE_MS);
  const since = new Date(now.getTime() - LOOKBACK_MS);
  const orphans = await orphanClaims(cutoff, since);
  const p = await projectionsAndNotices(cutoff, since);
  const outbox = await repairOutbox(now);
  return { orphanClaims: orphans, ...p, outbox };
}
