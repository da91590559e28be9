import { randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import { BOOKING_ENDED, type TBookingRules, type TBookingStatus } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { insertGrouped } from '../../db/group-insert';
import { Booking, BookingLock, BookingSeat } from './booking.model';
import type { WindowRow } from './bookings.presenter';
import { noteFreed, noteTaken, takenSeatsOf } from './availability';

/**
 * Claims: the unique documents that decide races (seats of a slot, one booking per person, item and day, at most N
 * active bookings per person). Taken before a booking's event is appended; released when it ends.
 */

/** Insert a lock, clearing it first if its holder has ended (self-healing after a crash or an unreleased end). */
export async function takeLock(id: string, bookingId: Types.ObjectId): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await insertGrouped(BookingLock, { _id: id, bookingId });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (!(await clearIfStale(id))) return false;
    }
  }
  return false;
}

/** A lock is stale when its booking ended or is over, or never came to exist (two minutes after the lock). */
async function clearIfStale(id: string): Promise<boolean> {
  const holder = await BookingLock.findById(id).lean();
  if (!holder) return true;
  const b = await Booking.findById(holder.bookingId, { status: 1, slotEnd: 1 }).lean();
  const stale = !b ? holder.createdAt.getTime() < Date.now() - 120_000 : BOOKING_ENDED.includes(b.status as TBookingStatus) || b.slotEnd.getTime() < Date.now();
  if (stale) await BookingLock.deleteOne({ _id: id, bookingId: holder.bookingId });
  return stale;
}

export const dayLockId = (personKey: string, itemId: string | Types.ObjectId, date: string) => `day|${personKey}|${itemId}|${date}`;
const capLockId = (personKey: string, k: number) => `cap|${personKey}|${k}`;

/** Insert several locks together (they share a round trip); returns the ids a unique index refused. */
async function insertLocks(ids: string[], bookingId: Types.ObjectId): Promise<Set<string>> {
  const outcomes = await Promise.allSettled(ids.map((_id) => insertGrouped(BookingLock, { _id, bookingId })));
  const refused = new Set<string>();
  outcomes.forEach((o, i) => {
    if (o.status === 'fulfilled') return;
    if (!isDuplicateKey(o.reason)) throw o.reason;
    refused.add(ids[i]!);
  });
  return refused;
}

/** Let go of the named locks of a booking (by _id: the engine looks those up directly). */
export async function releaseLocks(ids: string[], bookingId: Types.ObjectId): Promise<void> {
  await Promise.all(ids.map((_id) => BookingLock.deleteOne({ _id, bookingId })));
}

/**
 * The person's day lock for this item and one of their `maxActivePerPerson` cap locks, or a 409 saying which rule.
 * The day lock and the first cap lock go in together (one round trip for someone without other bookings); a
 * refused one is retried through `takeLock`, which clears a stale holder. Returns the locks taken.
 */
export async function claimPersonLocks(personKey: string, itemId: string, date: string, bookingId: Types.ObjectId, rules: TBookingRules): Promise<string[]> {
  const dayLock = dayLockId(personKey, itemId, date);
  const firstCap = capLockId(personKey, 1);
  const refused = await insertLocks([dayLock, firstCap], bookingId);
  let cap = refused.has(firstCap) ? null : firstCap;
  if (refused.has(dayLock) && !(await takeLock(dayLock, bookingId))) {
    if (cap) await releaseLocks([cap], bookingId);
    const holder = await BookingLock.findById(dayLock).lean();
    throw new AppError('CONFLICT', '您已预约该事项当天的时段，如需更改请改约', undefined, { existingBookingId: holder ? String(holder.bookingId) : undefined });
  }
  for (let k = 1; k <= rules.maxActivePerPerson && !cap; k++) {
    if (await takeLock(capLockId(personKey, k), bookingId)) cap = capLockId(personKey, k);
  }
  if (!cap) {
    await releaseLocks([dayLock], bookingId);
    throw new AppError('CONFLICT', `有效预约最多${rules.maxActivePerPerson}个，请先办理或取消已有预约`);
  }
  return [dayLock, cap];
}

/**
 * A seat of the slot, tried in random order among those the availability summary shows free; priority bookings may
 * also take the held-back seats. Each outcome (taken, or met as a duplicate) is noted in the summary.
 */
export async function takeSeat(w: WindowRow, start: Date, bookingId: Types.ObjectId, priority: boolean): Promise<number | null> {
  const n = priority ? w.capacity : w.capacity - w.heldBack;
  const known = await takenSeatsOf(w._id, start);
  const order = Array.from({ length: n }, (_, i) => i + 1).filter((s) => !known.has(s));
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const seatNo of order) {
    try {
      await insertGrouped(BookingSeat, { windowId: w._id, slotStart: start, seatNo, bookingId });
      noteTaken(w._id, start, seatNo);
      return seatNo;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      noteTaken(w._id, start, seatNo);
    }
  }
  return null;
}

/** Delete one seat of a booking (a reschedule letting go of its old or new slot), keeping the summary current. */
export async function releaseSeat(filter: { bookingId: Types.ObjectId; windowId?: Types.ObjectId; slotStart?: Date }): Promise<void> {
  const seat = await BookingSeat.findOne(filter, { windowId: 1, slotStart: 1, seatNo: 1 }).lean();
  if (!seat) return;
  await BookingSeat.deleteOne({ _id: seat._id });
  noteFreed(seat.windowId, seat.slotStart, seat.seatNo);
}

/** Let go of everything a booking holds (it ended, or its creation failed). */
export async function releaseAll(bookingId: Types.ObjectId): Promise<void> {
  const held = await BookingSeat.find({ bookingId }, { windowId: 1, slotStart: 1, seatNo: 1 }).lean();
  await Promise.all([held.length ? BookingSeat.deleteMany({ bookingId }) : undefined, BookingLock.deleteMany({ bookingId })]);
  for (const s of held) noteFreed(s.windowId, s.slotStart, s.seatNo);
}
