import { Types } from 'mongoose';
import { chinaDate, chinaMinutes, formatMinutes, type TBooking, type TBookingCreate, type TBookingRules } from '@bianmin/shared';
import { miniappPath } from '@bianmin/shared/routes';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { insertGrouped } from '../../db/group-insert';
import type { Pii } from '../../security/pii';
import { randomCode } from '../../security/codes';
import { bookingContact } from '../auth';
import { getPublished } from '../service-items';
import { crashPoint, enqueue, InjectedCrash } from '../notifications';
import { Booking } from './booking.model';
import type { BookingRow, WindowRow } from './bookings.presenter';
import { claimPersonLocks, releaseAll, releaseLocks, takeSeat } from './claims';
import { nextWithRoom, rulesFor, slotAt } from './slots';
import { pausedUntil } from './no-shows';
import { appendEvent, decide, projection, type Decision } from './transition';
import { viewBooking } from './booking-view';
import { seatsLeft } from './availability';
import { BOOKING_WAIT, bookingAdmission } from './admission';
import { throughSlotGate } from './slot-gate';
import { windowForItem } from './windows';

type Person = Pick<BookingRow, 'personKey' | 'personName' | 'personIdEnc' | 'personPhone' | 'bookedFor'> & {
  /** False when the booking citizen never saved a checklist (there is nothing missing to look up). */
  savedChecklists?: boolean;
};

/** Whom the booking is for: the citizen themself, or the person named (a family member, an agent's client). */
async function personOf(actor: Actor, input: TBookingCreate, pii: Pii): Promise<Person> {
  if (actor.role === 'citizen' && !input.person) {
    const u = await bookingContact(actor.id);
    if (!u) throw new AppError('UNAUTHENTICATED');
    return { personKey: `u:${actor.id}`, personName: u.name, personIdEnc: null, personPhone: u.phone ?? null, bookedFor: 'self', savedChecklists: u.savedChecklists };
  }
  if (!input.person) throw AppError.validation([{ field: 'person', message: '代他人预约须填写办事人信息' }]);
  return {
    personKey: `id:${pii.lookupHash(input.person.idNumber)}`,
    personName: input.person.name,
    personIdEnc: pii.encrypt(input.person.idNumber),
    personPhone: input.person.phone ?? null,
    bookedFor: actor.role === 'citizen' ? 'family' : 'client',
  };
}

/** A full slot's answer: 409 with the next free slots (from the availability summary, no writes). */
async function slotFull(w: WindowRow, rules: TBookingRules, now: Date): Promise<AppError> {
  return new AppError('CONFLICT', '该时段已约满，请选择其他时段', undefined, { nextSlots: await nextWithRoom(w, rules, now) });
}

/** Claims in order: the person's locks, then a seat; a full slot answers with the next slots that have room. */
async function claim(w: WindowRow, person: Person, itemId: string, d: Decision, bookingId: Types.ObjectId, rules: TBookingRules, now: Date): Promise<void> {
  const start = d.changes.slotStart!;
  const locks = await claimPersonLocks(person.personKey, itemId, chinaDate(start), bookingId, rules);
  await crashPoint('booking:after-locks');
  if ((await takeSeat(w, start, bookingId, d.changes.priority === true)) === null) {
    await releaseLocks(locks, bookingId);
    throw await slotFull(w, rules, now);
  }
  await crashPoint('booking:after-seat');
}

/** The projection with a fresh random code (a collision on the unique code retries), then its `booked` event. */
async function store(doc: Omit<BookingRow, 'code' | 'createdAt'>, d: Decision, actor: Actor): Promise<BookingRow> {
  try {
    for (let i = 0; i < 5; i++) {
      try {
        const row = await insertGrouped<BookingRow>(Booking, { ...doc, code: randomCode() });
        await crashPoint('booking:after-projection');
        await appendEvent(row._id, d.event, actor);
        await crashPoint('booking:after-event');
        return row;
      } catch (err) {
        // The only unique key of a new booking besides its fresh _id is the code (the engine's message names neither).
        if (!isDuplicateKey(err)) throw err;
      }
    }
    throw new Error('could not allocate a booking code');
  } catch (err) {
    // An injected crash stops here as a real one would: no clean-up runs (the repair sweep is what is tested).
    if (err instanceof InjectedCrash) throw err;
    await Booking.deleteOne({ _id: doc._id });
    await releaseAll(doc._id);
    throw err;
  }
}

/**
 * 预约: the item, window, rules and calendar from memory → decide → through the slot's gate (a full slot answers
 * 409 from the availability summary; at most as many contend as seats are left) → the line (at most a few seconds)
 * → claim locks and a seat → store with its event → notify.
 */
export async function createBooking(actor: Actor, input: TBookingCreate, pii: Pii, now = new Date()): Promise<TBooking> {
  const item = await getPublished(input.itemId);
  const w = await windowForItem(item.centerId, item.code);
  if (!w) throw new AppError('CONFLICT', '该事项暂未开放预约，请直接到窗口办理或电话咨询');
  const rules = await rulesFor(w.centerId);
  const slot = await slotAt(w, new Date(input.slotStart));
  const priority = input.priority === true;
  // Timing and grid refusals first (pure): they neither wait nor write.
  decide(null, { type: 'book', slot, priority }, { now, rules, actorRole: actor.role, pausedUntil: null });
  const bookable = priority ? w.capacity : w.capacity - w.heldBack;
  const left = () => seatsLeft(w._id, slot.start, bookable);
  const full = () => slotFull(w, rules, now);
  return throughSlotGate(`${String(w._id)}|${slot.start.getTime()}`, left, full, () =>
    bookingAdmission.run(async () => {
      if ((await left()) <= 0) throw await full();
      const { savedChecklists, ...person } = await personOf(actor, input, pii);
      const paused = actor.role === 'citizen' ? await pausedUntil(person.personKey, rules, now) : null;
      const d = decide(null, { type: 'book', slot, priority }, { now, rules, actorRole: actor.role, pausedUntil: paused });
      const bookingId = new Types.ObjectId();
      await claim(w, person, item.id, d, bookingId, rules, now);
      const row = await store(
        { _id: bookingId, userId: new Types.ObjectId(actor.id), ...person, itemId: new Types.ObjectId(item.id), itemCode: item.code, itemName: item.name, centerId: w.centerId, windowId: w._id, ...(projection(d.changes) as Pick<BookingRow, 'status' | 'slotStart' | 'slotEnd' | 'priority'>), seq: d.event.seq },
        d,
        actor,
      );
      await enqueue(confirmationKey(bookingId), confirmation(row));
      return viewBooking(row, actor, { savedChecklists });
    }),
    BOOKING_WAIT,
  );
}

/** The confirmation notice of a booking (also re-queued by the repair sweep when a crash lost it). */
export const confirmationKey = (bookingId: Types.ObjectId | string) => `booking-confirmed:${bookingId}`;
export function confirmation(row: Pick<BookingRow, '_id' | 'userId' | 'itemName' | 'slotStart' | 'code'>) {
  return {
    userId: row.userId,
    kind: 'booking_confirmed' as const,
    title: `预约成功：${row.itemName}`,
    body: `${chinaDate(row.slotStart)} ${formatMinutes(chinaMinutes(row.slotStart))} 起，预约码 ${row.code}`,
    page: miniappPath('bookingDetail', { id: String(row._id) }),
  };
}
