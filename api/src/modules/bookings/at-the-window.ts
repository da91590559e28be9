import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, type TBooking } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { enqueue } from '../notifications';
import { Booking } from './booking.model';
import { authorizeHandling } from './bookings.policy';
import type { BookingRow } from './bookings.presenter';
import { releaseAll } from './claims';
import { rulesFor } from './slots';
import { noteNoShow, pausedUntil } from './no-shows';
import { apply, decide } from './transition';
import { viewBooking, viewBookings } from './booking-view';

/** Transitions staff make at the window: check-in, receive (call), serve, no-show; and the day's list. */

async function handledBooking(actor: Actor, id: string): Promise<BookingRow> {
  const b = Types.ObjectId.isValid(id) ? ((await Booking.findById(id).lean()) as BookingRow | null) : null;
  if (!b) throw AppError.notFound('预约');
  await authorizeHandling(actor, b);
  return b;
}

const staffCtx = async (actor: Actor, b: BookingRow, now: Date) => ({ now, rules: await rulesFor(b.centerId), actorRole: actor.role });

/**
 * 签到: decide first (only a booking of today that is still booked), then `issue` claims the queue number, then the
 * booking records it.
 */
export async function checkInBooking(actor: Actor, id: string, now: Date, issue: () => Promise<{ id: string; label: string }>): Promise<TBooking> {
  const b = await handledBooking(actor, id);
  const ctx = await staffCtx(actor, b, now);
  decide(b, { type: 'check_in', ticketId: '', ticketLabel: '' }, ctx);
  const ticket = await issue();
  const after = await apply(b, decide(b, { type: 'check_in', ticketId: ticket.id, ticketLabel: ticket.label }, ctx), actor);
  return viewBooking(after, actor);
}

/** 叫号 reached a booked citizen: they are now received by this staff member. No-op unless checked in. */
export async function receiveBooking(actor: Actor, id: string, now: Date): Promise<void> {
  const b = await handledBooking(actor, id);
  if (b.status !== 'checked_in') return;
  await apply(b, decide(b, { type: 'call', staffId: actor.id }, await staffCtx(actor, b, now)), actor);
}

/** 办结: the booking is served (and can then be rated); its seat and locks are released. No-op unless received. */
export async function serveBooking(actor: Actor, id: string, now: Date): Promise<void> {
  const b = await handledBooking(actor, id);
  if (b.status !== 'received') return;
  await apply(b, decide(b, { type: 'serve' }, await staffCtx(actor, b, now)), actor);
  await releaseAll(b._id);
}

/** 爽约, once the slot has started. Enough no-shows pause the person's online booking, and they are told. */
export async function markNoShow(actor: Actor, id: string, now = new Date()): Promise<TBooking> {
  const b = await handledBooking(actor, id);
  const ctx = await staffCtx(actor, b, now);
  const after = await apply(b, decide(b, { type: 'no_show' }, ctx), actor);
  noteNoShow(b.personKey, b._id, b.slotStart);
  await releaseAll(b._id);
  if (b.bookedFor !== 'client') {
    const until = await pausedUntil(b.personKey, await rulesFor(b.centerId), now);
    if (until) {
      await enqueue(`booking-paused:${b.personKey}:${chinaDate(until)}`, { userId: b.userId, kind: 'booking_paused', title: '网上预约已暂停', body: `因多次预约未到，暂停至${chinaDate(until)}` });
    }
  }
  return viewBooking(after, actor);
}

/** A date's bookings of the staff member's own center, per window and time. */
export async function dayBookings(actor: Actor, date: string, windowId?: string): Promise<{ items: TBooking[] }> {
  if (!actor.centerId) throw new AppError('FORBIDDEN');
  const filter: Record<string, unknown> = { centerId: new Types.ObjectId(actor.centerId), slotStart: { $gte: chinaInstant(date), $lt: chinaInstant(addDays(date, 1)) } };
  if (windowId) filter.windowId = new Types.ObjectId(windowId);
  const rows = (await Booking.find(filter).sort({ slotStart: 1, windowId: 1 }).lean()) as BookingRow[];
  return viewBookings(rows, actor);
}
