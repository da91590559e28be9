import { Types } from 'mongoose';
import { chinaDate, chinaMinutes, formatMinutes, type TBooking, type TBookingCreate, type TBookingRules } from '@bianmin/shared';
import { miniappPath } from '@bianmin/shared/routes';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import type { Pii } from '../../security/pii';
import { randomCode } from '../../security/codes';
import { userContacts } from '../auth';
import { getPublished } from '../service-items';
import { enqueue } from '../notifications';
import { Booking } from './booking.model';
import type { BookingRow, WindowRow } from './bookings.presenter';
import { claimPersonLocks, releaseAll, takeSeat } from './claims';
import { nextWithRoom, pausedUntil, rulesFor, slotAt } from './slots';
import { appendEvent, decide, projection, type Decision } from './transition';
import { viewBooking } from './booking-view';
import { windowForItem } from './windows';

type Person = Pick<BookingRow, 'personKey' | 'personName' | 'personIdEnc' | 'personPhone' | 'bookedFor'>;

/** Whom the booking is for: the citizen themself, or the person named (a family member, an agent's client). */
async function personOf(actor: Actor, input: TBookingCreate, pii: Pii): Promise<Person> {
  if (actor.role === 'citizen' && !input.person) {
    const [u] = await userContacts([actor.id]);
    if (!u) throw new AppError('UNAUTHENTICATED');
    return { personKey: `u:${actor.id}`, personName: u.name, personIdEnc: null, personPhone: u.phone ?? null, bookedFor: 'self' };
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

/** Claims in order: the person's locks, then a seat; a full slot answers with the next slots that have room. */
async function claim(w: WindowRow, person: Person, itemId: string, d: Decision, bookingId: Types.ObjectId, rules: TBookingRules, now: Date): Promise<void> {
  const start = d.changes.slotStart!;
  await claimPersonLocks(person.personKey, itemId, chinaDate(start), bookingId, rules);
  if ((await takeSeat(w, start, bookingId, d.changes.priority === true)) === null) {
    await releaseAll(bookingId);
    throw new AppError('CONFLICT', '该时段已约满，请选择其他时段', undefined, { nextSlots: await nextWithRoom(w, rules, now) });
  }
}

/** The projection with a fresh random code (a collision on the unique code retries), then its `booked` event. */
async function store(doc: Omit<BookingRow, 'code' | 'createdAt'>, d: Decision, actor: Actor): Promise<BookingRow> {
  try {
    for (let i = 0; i < 5; i++) {
      try {
        const row = (await Booking.create({ ...doc, code: randomCode() })).toObject() as BookingRow;
        await appendEvent(row._id, d.event, actor);
        return row;
      } catch (err) {
        if (!(isDuplicateKey(err) && String((err as { message?: string }).message).includes('code'))) throw err;
      }
    }
    throw new Error('could not allocate a booking code');
  } catch (err) {
    await Booking.deleteOne({ _id: doc._id });
    await releaseAll(doc._id);
    throw err;
  }
}

/** 预约: load the item and its window → decide → claim locks and a seat → store with its event → notify. */
export async function createBooking(actor: Actor, input: TBookingCreate, pii: Pii, now = new Date()): Promise<TBooking> {
  const item = await getPublished(input.itemId);
  const w = await windowForItem(item.centerId, item.code);
  if (!w) throw new AppError('CONFLICT', '该事项暂未开放预约，请直接到窗口办理或电话咨询');
  const rules = await rulesFor(w.centerId);
  const slot = await slotAt(w, new Date(input.slotStart));
  const person = await personOf(actor, input, pii);
  const paused = actor.role === 'citizen' ? await pausedUntil(person.personKey, rules, now) : null;
  const d = decide(null, { type: 'book', slot, priority: input.priority === true }, { now, rules, actorRole: actor.role, pausedUntil: paused });
  const bookingId = new Types.ObjectId();
  await claim(w, person, item.id, d, bookingId, rules, now);
  const row = await store(
    { _id: bookingId, userId: new Types.ObjectId(actor.id), ...person, itemId: new Types.ObjectId(item.id), itemCode: item.code, itemName: item.name, centerId: w.centerId, windowId: w._id, ...(projection(d.changes) as Pick<BookingRow, 'status' | 'slotStart' | 'slotEnd' | 'priority'>), seq: d.event.seq },
    d,
    actor,
  );
  await enqueue(`booking-confirmed:${bookingId}`, {
    userId: actor.id,
    kind: 'booking_confirmed',
    title: `预约成功：${item.name}`,
    body: `${chinaDate(slot.start)} ${formatMinutes(chinaMinutes(slot.start))} 起，预约码 ${row.code}`,
    page: miniappPath('bookingDetail', { id: String(bookingId) }),
  });
  return viewBooking(row, actor);
}
