import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, type TQueueTicket } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { assertManages } from '../centers/centers.service';
import { Booking, BookingWindow } from '../bookings/booking.model';
import type { BookingRow } from '../bookings/bookings.presenter';
import { pausedUntil, rulesFor, type BookingService } from '../bookings/bookings.service';
import { enqueue } from '../notifications/outbox.service';
import { Lapse, QueueCall, QueueTicket } from './queue.model';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
/** A queued citizen not received within this long counts one lapse (失误). */
export const RECEPTION_LIMIT_MS = 30 * 60_000;

type TicketRow = {
  _id: Types.ObjectId;
  windowId: Types.ObjectId;
  centerId: Types.ObjectId;
  label: string;
  number: number;
  kind: 'booking' | 'walkin' | 'priority';
  status: 'waiting' | 'called' | 'done';
  bookingId?: Types.ObjectId | null;
  dueFrom: Date;
  calledAt?: Date | null;
  createdAt: Date;
};

function presentTicket(t: TicketRow, b?: { personName: string; slotStart: Date } | null): TQueueTicket {
  return {
    id: String(t._id),
    label: t.label,
    number: t.number,
    kind: t.kind,
    status: t.status,
    ...(t.bookingId ? { bookingId: String(t.bookingId) } : {}),
    ...(b ? { personName: b.personName, slotStart: b.slotStart.toISOString() } : {}),
    issuedAt: t.createdAt.toISOString(),
    ...(t.calledAt ? { calledAt: t.calledAt.toISOString() } : {}),
  };
}

/** Staff act for their own center only (admins also for centers below). */
async function windowOf(actor: Actor, windowId: string) {
  const w = await BookingWindow.findById(windowId).lean();
  if (!w) throw AppError.notFound('窗口');
  await assertManages(actor, String(w.centerId));
  return w;
}

/** Next number at a window today; concurrent issuers collide on the unique (window, date, number) and retry. */
async function issue(w: { _id: Types.ObjectId; centerId: Types.ObjectId; code: string }, kind: TicketRow['kind'], source: string, bookingId: Types.ObjectId | null, dueFrom: Date, now: Date): Promise<TicketRow> {
  const date = chinaDate(now);
  for (let attempt = 0; attempt < 100; attempt++) {
    const last = await QueueTicket.findOne({ windowId: w._id, date }, { number: 1 }).sort({ number: -1 }).lean();
    const number = (last?.number ?? 0) + 1 + (attempt > 10 ? attempt - 10 : 0);
    try {
      const t = await QueueTicket.create({ windowId: w._id, centerId: w.centerId, date, number, label: `${w.code}${String(number).padStart(3, '0')}`, kind, source, bookingId, dueFrom });
      return t.toObject() as TicketRow;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (String((err as { message?: string }).message).includes('source')) {
        return (await QueueTicket.findOne({ source }).lean()) as TicketRow;
      }
    }
  }
  throw new AppError('CONFLICT', '取号繁忙，请重试');
}

async function recordLapse(t: TicketRow, staffId: Types.ObjectId | null, now: Date) {
  await Lapse.create({
    _id: `reception:${t._id}`,
    kind: 'reception',
    centerId: t.centerId,
    windowId: t.windowId,
    staffId,
    subjectId: t._id,
    date: chinaDate(t.dueFrom),
    detail: `${t.label} 超过30分钟未受理（${Math.round((now.getTime() - t.dueFrom.getTime()) / 60_000)}分钟）`,
  }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
}

export function createQueueService(bookings: BookingService) {
  async function bookingForStaff(actor: Actor, id: string): Promise<BookingRow> {
    const b = (await Booking.findById(id).lean()) as BookingRow | null;
    if (!b) throw AppError.notFound('预约');
    await assertManages(actor, String(b.centerId));
    return b;
  }

  return {
    /** Check a booked citizen in by code (typed or scanned): a queue number at the booking's window. */
    async checkIn(actor: Actor, code: string, now = new Date()) {
      const b = (await Booking.findOne({ code }).lean()) as BookingRow | null;
      if (!b) throw AppError.notFound('预约（请核对预约码）');
      await assertManages(actor, String(b.centerId));
      if (chinaDate(b.slotStart) !== chinaDate(now)) {
        throw new AppError('CONFLICT', `该预约的日期是 ${chinaDate(b.slotStart)}，不是今天`);
      }
      if (b.status === 'checked_in' && b.ticketId) {
        const existing = (await QueueTicket.findById(b.ticketId).lean()) as TicketRow;
        return { ticket: presentTicket(existing, b), booking: await bookings.decorate(b, actor) };
      }
      if (b.status !== 'booked') throw new AppError('CONFLICT', `预约当前状态为“${b.status}”，不能签到`, undefined, { status: b.status });
      const w = await BookingWindow.findById(b.windowId).lean();
      if (!w) throw AppError.notFound('窗口');
      const dueFrom = new Date(Math.max(b.slotStart.getTime(), now.getTime()));
      const t = await issue(w, b.priority ? 'priority' : 'booking', `booking:${b._id}`, b._id, dueFrom, now);
      await bookings.transition(b, 'checked_in', actor, { status: 'checked_in', ticketId: t._id }, { ticket: t.label });
      return { ticket: presentTicket(t, b), booking: await bookings.decorate({ ...b, status: 'checked_in', ticketId: t._id, seq: b.seq + 1 }, actor) };
    },

    /** A walk-in takes a number in the same queue; priority (绿色通道) numbers are called first. */
    async walkIn(actor: Actor, windowId: string, priority: boolean, now = new Date()) {
      const w = await windowOf(actor, windowId);
      const t = await issue(w, priority ? 'priority' : 'walkin', `walkin:${randomUUID()}`, null, now, now);
      return presentTicket(t);
    },

    async queue(actor: Actor, windowId: string, date: string) {
      const w = await windowOf(actor, windowId);
      const rows = (await QueueTicket.find({ windowId: w._id, date }).sort({ number: 1 }).lean()) as TicketRow[];
      const bs = await Booking.find({ _id: { $in: rows.filter((r) => r.bookingId).map((r) => r.bookingId!) } }, { personName: 1, slotStart: 1 }).lean();
      const byId = new Map(bs.map((b) => [String(b._id), b]));
      return { window: { id: String(w._id), name: w.name, code: w.code }, items: rows.map((r) => presentTicket(r, r.bookingId ? byId.get(String(r.bookingId)) : null)) };
    },

    /** Call the next waiting number (priority first, then in order). A unique call per ticket: no double calls. */
    async callNext(actor: Actor, windowId: string, now = new Date()) {
      const w = await windowOf(actor, windowId);
      const waiting = (await QueueTicket.find({ windowId: w._id, date: chinaDate(now), status: 'waiting' }).sort({ number: 1 }).lean()) as TicketRow[];
      waiting.sort((a, b) => Number(b.kind === 'priority') - Number(a.kind === 'priority') || a.number - b.number);
      for (const t of waiting) {
        try {
          await QueueCall.create({ _id: t._id, staffId: oid(actor.id) });
        } catch (err) {
          if (isDuplicateKey(err)) continue;
          throw err;
        }
        await QueueTicket.updateOne({ _id: t._id }, { $set: { status: 'called', calledAt: now, calledBy: oid(actor.id) } });
        if (now.getTime() > t.dueFrom.getTime() + RECEPTION_LIMIT_MS) await recordLapse(t, oid(actor.id), now);
        let b: BookingRow | null = null;
        if (t.bookingId) {
          b = (await Booking.findById(t.bookingId).lean()) as BookingRow | null;
          if (b && b.status === 'checked_in') await bookings.transition(b, 'received', actor, { status: 'received', servedBy: oid(actor.id) });
        }
        return presentTicket({ ...t, status: 'called', calledAt: now }, b);
      }
      throw new AppError('NOT_FOUND', '当前没有等候的号');
    },

    /** Finish a called number; a booking becomes served (and can then be rated). */
    async done(actor: Actor, ticketId: string) {
      const t = (await QueueTicket.findById(ticketId).lean()) as TicketRow | null;
      if (!t) throw AppError.notFound('号');
      await assertManages(actor, String(t.centerId));
      if (t.status !== 'called') throw new AppError('CONFLICT', '只有已叫号的号可以办结');
      await QueueTicket.updateOne({ _id: t._id }, { $set: { status: 'done' } });
      if (t.bookingId) {
        const b = (await Booking.findById(t.bookingId).lean()) as BookingRow | null;
        if (b && b.status === 'received') {
          await bookings.transition(b, 'served', actor, { status: 'served' });
          await bookings.releaseAll(b._id);
        }
      }
      return presentTicket({ ...t, status: 'done' });
    },

    /** Mark a booked citizen who did not come (after the slot started). Enough no-shows pause online booking. */
    async noShow(actor: Actor, bookingId: string, now = new Date()) {
      const b = await bookingForStaff(actor, bookingId);
      if (b.status !== 'booked') throw new AppError('CONFLICT', `预约当前状态为“${b.status}”，不能标记爽约`, undefined, { status: b.status });
      if (now < b.slotStart) throw new AppError('CONFLICT', '预约时段尚未开始，不能标记爽约');
      await bookings.transition(b, 'no_show', actor, { status: 'no_show' });
      await bookings.releaseAll(b._id);
      if (b.bookedFor !== 'client') {
        const until = await pausedUntil(b.personKey, await rulesFor(b.centerId), now);
        if (until) {
          await enqueue(`booking-paused:${b.personKey}:${chinaDate(until)}`, {
            userId: b.userId,
            kind: 'booking_paused',
            title: '网上预约已暂停',
            body: `因多次预约未到，暂停至${chinaDate(until)}`,
          });
        }
      }
      return bookings.decorate({ ...b, status: 'no_show', seq: b.seq + 1 }, actor);
    },

    /** Today's (or a date's) bookings of the staff member's center, per window and time. */
    async dayBookings(actor: Actor, date: string, windowId?: string) {
      if (!actor.centerId) throw new AppError('FORBIDDEN');
      const filter: Record<string, unknown> = { centerId: oid(actor.centerId), slotStart: { $gte: chinaInstant(date), $lt: chinaInstant(addDays(date, 1)) } };
      if (windowId) filter.windowId = oid(windowId);
      const rows = (await Booking.find(filter).sort({ slotStart: 1, windowId: 1 }).lean()) as BookingRow[];
      return { items: await Promise.all(rows.map((r) => bookings.decorate(r, actor))) };
    },
  };
}
export type QueueService = ReturnType<typeof createQueueService>;

/** Background sweep: waiting numbers past 30 minutes become lapses (once each). */
export async function sweepReceptionLapses(now = new Date()): Promise<number> {
  const overdue = (await QueueTicket.find({ status: 'waiting', dueFrom: { $lte: new Date(now.getTime() - RECEPTION_LIMIT_MS) } }).limit(500).lean()) as TicketRow[];
  for (const t of overdue) await recordLapse(t, null, now);
  return overdue.length;
}

/** Background sweep: a reminder the day before each booking (one per booking and slot). */
export async function enqueueReminders(now = new Date()): Promise<number> {
  const tomorrow = addDays(chinaDate(now), 1);
  const rows = await Booking.find({ status: 'booked', slotStart: { $gte: chinaInstant(tomorrow), $lt: chinaInstant(addDays(tomorrow, 1)) } }).lean();
  for (const b of rows) {
    await enqueue(`reminder:${b._id}:${b.slotStart.toISOString()}`, {
      userId: b.userId,
      kind: 'booking_reminder',
      title: `明天请来办理：${b.itemName}`,
      body: `预约码 ${b.code}，请按一次性告知带齐材料`,
      page: `pages/booking-detail/index?id=${b._id}`,
    }, now);
  }
  return rows.length;
}
