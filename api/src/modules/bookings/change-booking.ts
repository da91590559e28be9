import { Types } from 'mongoose';
import { chinaDate, type TBooking, type TBookingRules } from '@bianmin/shared';
import { miniappPath } from '@bianmin/shared/routes';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { enqueue } from '../notifications';
import { Booking, BookingLock, BookingSeat } from './booking.model';
import { authorizeOwn } from './bookings.policy';
import type { BookingRow, WindowRow } from './bookings.presenter';
import { dayLockId, releaseAll, releaseSeat, takeLock, takeSeat } from './claims';
import { noteFreed } from './availability';
import { nextWithRoom, rulesFor, slotAt } from './slots';
import { apply, decide, type Decision } from './transition';
import { viewBooking } from './booking-view';
import { findWindowRow } from './windows';

/** Load a booking for its owner: anyone else gets the same 404 as for a booking that does not exist. */
export async function ownBooking(actor: Actor, id: string, action: 'view' | 'cancel' | 'reschedule'): Promise<BookingRow> {
  const b = (await Booking.findById(new Types.ObjectId(id)).lean()) as BookingRow | null;
  if (!b) throw AppError.notFound('预约');
  await authorizeOwn(actor, action, b);
  return b;
}

/** 取消: before the cut-off; the seat and locks are free at once. */
export async function cancelBooking(actor: Actor, id: string, now = new Date()): Promise<TBooking> {
  const b = await ownBooking(actor, id, 'cancel');
  const d = decide(b, { type: 'cancel' }, { now, rules: await rulesFor(b.centerId), actorRole: actor.role });
  const after = await apply(b, d, actor);
  await releaseAll(b._id);
  await enqueue(`booking-cancelled:${b._id}`, { userId: b.userId, kind: 'booking_cancelled', title: `预约已取消：${b.itemName}`, body: `预约码 ${b.code}`, page: miniappPath('bookingDetail', { id: String(b._id) }) });
  return viewBooking(after, actor);
}

/** The new seat (and, on another day, the new day lock); a full slot keeps the booking as it was. */
async function claimNewSlot(b: BookingRow, w: WindowRow, start: Date, rules: TBookingRules, now: Date): Promise<{ newDayLock: string | null }> {
  const newDate = chinaDate(start);
  const newDayLock = newDate !== chinaDate(b.slotStart) ? dayLockId(b.personKey, b.itemId, newDate) : null;
  if (newDayLock && !(await takeLock(newDayLock, b._id))) throw new AppError('CONFLICT', '您已预约该事项当天的其他时段');
  if ((await takeSeat(w, start, b._id, b.priority)) === null) {
    if (newDayLock) await BookingLock.deleteOne({ _id: newDayLock, bookingId: b._id });
    throw new AppError('CONFLICT', '新时段已约满，原预约保留不变', undefined, { nextSlots: await nextWithRoom(w, rules, now) });
  }
  return { newDayLock };
}

/** Apply the move, or give the new seat and lock back when the event lost a race. */
async function applyMove(b: BookingRow, d: Decision, actor: Actor, newDayLock: string | null): Promise<BookingRow> {
  try {
    return await apply(b, d, actor);
  } catch (err) {
    await releaseSeat({ bookingId: b._id, windowId: b.windowId, slotStart: d.changes.slotStart! });
    if (newDayLock) await BookingLock.deleteOne({ _id: newDayLock, bookingId: b._id });
    throw err;
  }
}

/** 改约: the new seat (and day lock) are taken first; only then is the old one let go. */
export async function rescheduleBooking(actor: Actor, id: string, slotStartIso: string, now = new Date()): Promise<TBooking> {
  const b = await ownBooking(actor, id, 'reschedule');
  const ctx = { now, rules: await rulesFor(b.centerId), actorRole: actor.role };
  const start = new Date(slotStartIso);
  // State, cut-off, same slot and timing are refused before any lookup; the grid is checked next.
  decide(b, { type: 'reschedule', slot: { start, end: start } }, ctx);
  const w = await findWindowRow(b.windowId);
  if (!w) throw new AppError('CONFLICT', '该窗口已不再接受预约');
  const d = decide(b, { type: 'reschedule', slot: await slotAt(w, start) }, ctx);
  const slot = { start: d.changes.slotStart!, end: d.changes.slotEnd! };
  const oldSeat = await BookingSeat.findOne({ bookingId: b._id }).lean();
  const { newDayLock } = await claimNewSlot(b, w, slot.start, ctx.rules, now);
  const after = await applyMove(b, d, actor, newDayLock);
  if (oldSeat) {
    await BookingSeat.deleteOne({ _id: oldSeat._id });
    noteFreed(oldSeat.windowId, oldSeat.slotStart, oldSeat.seatNo);
  }
  if (newDayLock) await BookingLock.deleteOne({ _id: dayLockId(b.personKey, b.itemId, chinaDate(b.slotStart)), bookingId: b._id });
  await enqueue(`booking-changed:${b._id}:${d.event.seq}`, {
    userId: b.userId,
    kind: 'booking_changed',
    title: `预约已改期：${b.itemName}`,
    body: `新时间 ${chinaDate(slot.start)}，预约码 ${b.code}`,
    page: miniappPath('bookingDetail', { id: String(b._id) }),
  });
  return viewBooking(after, actor);
}
