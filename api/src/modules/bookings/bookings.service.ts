import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import {
  DEFAULT_BOOKING_RULES,
  addDays,
  chinaDate,
  chinaInstant,
  chinaMinutes,
  formatMinutes,
  checkMaterials,
  type TBookingCreate,
  type TBookingRules,
  type TSlot,
  type TSlotsAnswer,
  type TServiceItemInput,
  type TWindowInput,
  type WorkingCalendar,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import type { Pii } from '../../security/pii';
import { randomCode } from '../../security/codes';
import { User } from '../auth/auth.model';
import { Center } from '../centers/center.model';
import { assertManages, getCenterOr404 } from '../centers/centers.service';
import { calendarFor } from '../calendar/calendar.service';
import { getPublished, getVersion } from '../service-items/service-items.service';
import { Checklist } from '../checklists/checklist.model';
import { enqueue } from '../notifications/outbox.service';
import { QueueTicket } from '../queue/queue.model';
import { Booking, BookingEvent, BookingLock, BookingSeat, BookingWindow } from './booking.model';
import { presentBooking, type BookingRow } from './bookings.presenter';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
const ENDED = ['cancelled', 'served', 'no_show'];

type WindowRow = { _id: Types.ObjectId; centerId: Types.ObjectId; name: string; code: string; itemCodes: string[]; slotMinutes: number; capacity: number; heldBack: number; weekly?: unknown };

export async function rulesFor(centerId: string | Types.ObjectId): Promise<TBookingRules> {
  const c = await Center.findById(centerId, { bookingRules: 1 }).lean();
  return { ...DEFAULT_BOOKING_RULES, ...((c?.bookingRules as Partial<TBookingRules> | null) ?? {}) };
}

/** The window serving an item: one that lists its code, else the center's general window (empty list). */
async function windowForItem(centerId: string, itemCode: string): Promise<WindowRow | null> {
  const windows = (await BookingWindow.find({ centerId: oid(centerId) }).sort({ code: 1 }).lean()) as WindowRow[];
  return windows.find((w) => w.itemCodes.includes(itemCode)) ?? windows.find((w) => w.itemCodes.length === 0) ?? null;
}

async function windowCalendar(w: WindowRow): Promise<WorkingCalendar> {
  return calendarFor(String(w.centerId), (w.weekly as Parameters<typeof calendarFor>[1]) ?? undefined);
}

/** Slot starts of a day from the hours that day: every slotMinutes within each opening span. */
function slotsOfDay(cal: WorkingCalendar, w: WindowRow, date: string): { start: Date; end: Date }[] {
  const day = cal.day(date);
  if (!day.open) return [];
  const out: { start: Date; end: Date }[] = [];
  for (const span of day.hours) {
    for (let t = span.start; t + w.slotMinutes <= span.end; t += w.slotMinutes) {
      out.push({ start: chinaInstant(date, t), end: chinaInstant(date, t + w.slotMinutes) });
    }
  }
  return out;
}

/** Seats per slot start taken among the first `bookable` seat numbers (those online booking may use). */
async function takenSeats(windowId: Types.ObjectId, from: Date, to: Date, bookable: number): Promise<Map<number, number>> {
  const rows = await BookingSeat.find({ windowId, slotStart: { $gte: from, $lt: to }, seatNo: { $lte: bookable } }, { slotStart: 1 }).lean();
  const m = new Map<number, number>();
  for (const r of rows) m.set(r.slotStart.getTime(), (m.get(r.slotStart.getTime()) ?? 0) + 1);
  return m;
}

function bookableWindow(rules: TBookingRules, now: Date) {
  return { earliest: new Date(now.getTime() + rules.minNoticeMinutes * 60_000), lastDate: addDays(chinaDate(now), rules.horizonDays) };
}

/** Open slots of an item on a date, with seats left for online booking. */
export async function slotsFor(itemId: string, date: string, now = new Date()): Promise<TSlotsAnswer> {
  const item = await getPublished(itemId);
  const w = await windowForItem(item.centerId, item.code);
  const centerRules = await rulesFor(w?.centerId ?? item.centerId);
  const rules = { horizonDays: centerRules.horizonDays, minNoticeMinutes: centerRules.minNoticeMinutes, cancelCutoffMinutes: centerRules.cancelCutoffMinutes };
  if (!w) return { date, open: false, rules, window: null, slots: [] };
  const cal = await windowCalendar(w);
  const { earliest, lastDate } = bookableWindow(centerRules, now);
  const open = cal.isOpen(date);
  if (date > lastDate) return { date, open, rules, window: { id: String(w._id), name: w.name }, slots: [] };
  const all = slotsOfDay(cal, w, date).filter((s) => s.start >= earliest);
  const bookable = w.capacity - w.heldBack;
  const taken = await takenSeats(w._id, chinaInstant(date), chinaInstant(addDays(date, 1)), bookable);
  const slots: TSlot[] = all.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), seatsLeft: Math.max(0, bookable - (taken.get(s.start.getTime()) ?? 0)) }));
  return { date, open, rules, window: { id: String(w._id), name: w.name }, slots };
}

/** The next few slots with room, for a "full" answer. */
async function nextWithRoom(itemId: string, now: Date, limit = 3): Promise<TSlot[]> {
  const item = await getPublished(itemId);
  const w = await windowForItem(item.centerId, item.code);
  if (!w) return [];
  const rules = await rulesFor(w.centerId);
  const out: TSlot[] = [];
  for (let d = chinaDate(now); d <= addDays(chinaDate(now), rules.horizonDays) && out.length < limit; d = addDays(d, 1)) {
    const day = await slotsFor(itemId, d, now);
    out.push(...day.slots.filter((s) => s.seatsLeft > 0).slice(0, limit - out.length));
  }
  return out;
}

/** Check that `start` is a real, bookable slot of the window now; the message names why not. */
async function assertBookableSlot(w: WindowRow, start: Date, rules: TBookingRules, now: Date) {
  const bad = (message: string) => AppError.validation([{ field: 'slotStart', message }]);
  const date = chinaDate(start);
  const cal = await windowCalendar(w);
  const day = cal.day(date);
  if (!day.open) throw bad(`${date} ${day.name ?? ''}不办公，不能预约`.replace('  ', ' '));
  const slot = slotsOfDay(cal, w, date).find((s) => s.start.getTime() === start.getTime());
  if (!slot) throw bad('不是可预约的时段');
  if (start <= now) throw bad('该时段已过');
  const { earliest, lastDate } = bookableWindow(rules, now);
  if (start < earliest) throw bad(`需至少提前${rules.minNoticeMinutes}分钟预约`);
  if (date > lastDate) throw bad(`只能预约${rules.horizonDays}天内的时段`);
  return slot;
}

/** Insert a lock, clearing it first if its holder has ended (self-healing after a crash or an unreleased end). */
async function takeLock(id: string, bookingId: Types.ObjectId): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await BookingLock.create({ _id: id, bookingId });
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const holder = await BookingLock.findById(id).lean();
      const b = holder ? await Booking.findById(holder.bookingId, { status: 1, slotEnd: 1 }).lean() : null;
      const stale = holder && (!b ? holder.createdAt.getTime() < Date.now() - 120_000 : ENDED.includes(b.status as string) || b.slotEnd.getTime() < Date.now());
      if (!stale) return false;
      await BookingLock.deleteOne({ _id: id, bookingId: holder!.bookingId });
    }
  }
  return false;
}

async function takeSeat(w: WindowRow, start: Date, bookingId: Types.ObjectId, priority: boolean): Promise<number | null> {
  const n = priority ? w.capacity : w.capacity - w.heldBack;
  const order = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const seatNo of order) {
    try {
      await BookingSeat.create({ windowId: w._id, slotStart: start, seatNo, bookingId });
      return seatNo;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return null;
}

async function releaseAll(bookingId: Types.ObjectId) {
  await Promise.all([BookingSeat.deleteMany({ bookingId }), BookingLock.deleteMany({ bookingId })]);
}


/** If this person is paused for no-shows, until when. */
export async function pausedUntil(personKey: string, rules: TBookingRules, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - rules.noShowWindowDays * 86_400_000);
  const noShows = await Booking.find({ personKey, status: 'no_show', slotStart: { $gte: since } }, { slotStart: 1 }).sort({ slotStart: -1 }).lean();
  if (noShows.length < rules.noShowLimit) return null;
  const until = new Date(noShows[0].slotStart.getTime() + rules.pauseDays * 86_400_000);
  return until > now ? until : null;
}

/**
 * Apply a transition: the event with seq+1 goes in first (unique per booking), then the projection follows.
 * A racing second transition fails on the event and changes nothing.
 */
export type TransitionType = 'booked' | 'cancelled' | 'rescheduled' | 'checked_in' | 'received' | 'served' | 'no_show';

async function transition(b: BookingRow, type: TransitionType, actor: Actor, set: Record<string, unknown>, data: unknown = null) {
  try {
    await BookingEvent.create({ bookingId: b._id, seq: b.seq + 1, type, actorId: oid(actor.id), data });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '预约状态刚刚发生了变化，请刷新后重试');
    throw err;
  }
  await Booking.updateOne({ _id: b._id }, { $set: { ...set, seq: b.seq + 1 } });
}

export function createBookingService(deps: { pii: Pii }) {
  async function personOf(actor: Actor, input: TBookingCreate) {
    if (actor.role === 'citizen' && !input.person) {
      const u = await User.findById(actor.id, { name: 1, phone: 1 }).lean();
      if (!u) throw new AppError('UNAUTHENTICATED');
      return { personKey: `u:${actor.id}`, personName: u.name, personIdEnc: null, personPhone: u.phone ?? null, bookedFor: 'self' as const };
    }
    if (!input.person) throw AppError.validation([{ field: 'person', message: '代他人预约须填写办事人信息' }]);
    return {
      personKey: `id:${deps.pii.lookupHash(input.person.idNumber)}`,
      personName: input.person.name,
      personIdEnc: deps.pii.encrypt(input.person.idNumber),
      personPhone: input.person.phone ?? null,
      bookedFor: actor.role === 'citizen' ? ('family' as const) : ('client' as const),
    };
  }

  async function decorate(b: BookingRow, viewer: Actor) {
    const [center, w] = await Promise.all([Center.findById(b.centerId, { name: 1, address: 1 }).lean(), BookingWindow.findById(b.windowId, { name: 1 }).lean()]);
    const rules = await rulesFor(b.centerId);
    let missing: { key: string; name: string }[] | undefined;
    if (b.bookedFor !== 'client') {
      const saved = await Checklist.findOne({ userId: b.userId, itemId: b.itemId }).sort({ createdAt: -1 }).lean();
      if (saved) {
        const data = (await getVersion(String(b.itemId), saved.version).catch(() => null)) as TServiceItemInput | null;
        if (data) {
          const answers: Record<string, boolean> = {};
          saved.yes.forEach((k) => (answers[k] = true));
          saved.no.forEach((k) => (answers[k] = false));
          missing = checkMaterials(data, saved.has, answers).missing.map((m) => ({ key: m.key, name: m.name }));
        }
      }
    }
    const ticket = b.ticketId ? await QueueTicket.findById(b.ticketId, { label: 1, status: 1 }).lean() : null;
    const handles = viewer.role !== 'citizen' && viewer.centerId === String(b.centerId);
    return presentBooking(b, {
      centerName: center?.name ?? '',
      windowName: w?.name ?? '',
      place: `${center?.name ?? ''} ${center?.address ?? ''} ${w?.name ?? ''}`.trim(),
      cutoffMinutes: rules.cancelCutoffMinutes,
      revealPhone: handles || (viewer.role === 'citizen' && viewer.id === String(b.userId)),
      ...(ticket ? { ticket: { label: ticket.label, status: ticket.status as 'waiting' | 'called' | 'done' } } : {}),
      ...(missing ? { missing } : {}),
    });
  }

  async function ownBooking(actor: Actor, id: string): Promise<BookingRow> {
    const b = (await Booking.findOne({ _id: oid(id), userId: oid(actor.id) }).lean()) as BookingRow | null;
    if (!b) throw AppError.notFound('预约');
    return b;
  }

  return {
    decorate,

    async create(actor: Actor, input: TBookingCreate, now = new Date()) {
      if (input.priority && actor.role === 'citizen') throw AppError.validation([{ field: 'priority', message: '绿色通道预约由工作人员或代办员办理' }]);
      const item = await getPublished(input.itemId);
      const w = await windowForItem(item.centerId, item.code);
      if (!w) throw new AppError('CONFLICT', '该事项暂未开放预约，请直接到窗口办理或电话咨询');
      const rules = await rulesFor(w.centerId);
      const start = new Date(input.slotStart);
      const slot = await assertBookableSlot(w, start, rules, now);
      const person = await personOf(actor, input);
      if (actor.role === 'citizen') {
        const until = await pausedUntil(person.personKey, rules, now);
        if (until) {
          throw new AppError('BOOKING_PAUSED', `因多次预约未到，网上预约已暂停至${chinaDate(until)}，可到窗口现场办理`, undefined, { pausedUntil: until.toISOString() });
        }
      }

      const bookingId = new Types.ObjectId();
      const date = chinaDate(start);
      const dayLock = `day|${person.personKey}|${item.id}|${date}`;
      if (!(await takeLock(dayLock, bookingId))) {
        const holder = await BookingLock.findById(dayLock).lean();
        throw new AppError('CONFLICT', '您已预约该事项当天的时段，如需更改请改约', undefined, { existingBookingId: holder ? String(holder.bookingId) : undefined });
      }
      let capped = false;
      for (let k = 1; k <= rules.maxActivePerPerson && !capped; k++) capped = await takeLock(`cap|${person.personKey}|${k}`, bookingId);
      if (!capped) {
        await releaseAll(bookingId);
        throw new AppError('CONFLICT', `有效预约最多${rules.maxActivePerPerson}个，请先办理或取消已有预约`);
      }
      const seat = await takeSeat(w, start, bookingId, input.priority === true);
      if (seat === null) {
        await releaseAll(bookingId);
        throw new AppError('CONFLICT', '该时段已约满，请选择其他时段', undefined, { nextSlots: await nextWithRoom(input.itemId, now) });
      }
      let row: BookingRow | undefined;
      try {
        for (let i = 0; i < 5 && !row; i++) {
          try {
            const doc = await Booking.create({
              _id: bookingId,
              code: randomCode(),
              userId: oid(actor.id),
              ...person,
              priority: input.priority === true,
              itemId: oid(item.id),
              itemCode: item.code,
              itemName: item.name,
              centerId: w.centerId,
              windowId: w._id,
              slotStart: slot.start,
              slotEnd: slot.end,
              status: 'booked',
              seq: 1,
            });
            row = doc.toObject() as BookingRow;
          } catch (err) {
            if (!(isDuplicateKey(err) && String((err as { message?: string }).message).includes('code'))) throw err;
          }
        }
        if (!row) throw new Error('could not allocate a booking code');
        await BookingEvent.create({ bookingId, seq: 1, type: 'booked', actorId: oid(actor.id), data: { slotStart: slot.start } });
      } catch (err) {
        await Booking.deleteOne({ _id: bookingId });
        await releaseAll(bookingId);
        throw err;
      }
      await enqueue(`booking-confirmed:${bookingId}`, {
        userId: actor.id,
        kind: 'booking_confirmed',
        title: `预约成功：${item.name}`,
        body: `${date} ${formatMinutes(chinaMinutes(slot.start))} 起，预约码 ${row.code}`,
        page: `pages/booking-detail/index?id=${bookingId}`,
      });
      return decorate(row, actor);
    },

    async listMine(actor: Actor) {
      const rows = (await Booking.find({ userId: oid(actor.id) }).sort({ slotStart: -1 }).limit(100).lean()) as BookingRow[];
      return { items: await Promise.all(rows.map((r) => decorate(r, actor))) };
    },

    async getMine(actor: Actor, id: string) {
      return decorate(await ownBooking(actor, id), actor);
    },

    async cancel(actor: Actor, id: string, now = new Date()) {
      const b = await ownBooking(actor, id);
      if (b.status !== 'booked') throw new AppError('CONFLICT', `预约当前状态为“${b.status}”，不能取消`, undefined, { status: b.status });
      const rules = await rulesFor(b.centerId);
      if (now.getTime() > b.slotStart.getTime() - rules.cancelCutoffMinutes * 60_000) {
        throw new AppError('CONFLICT', `已过取消截止时间（开始前${rules.cancelCutoffMinutes}分钟）`);
      }
      await transition(b, 'cancelled', actor, { status: 'cancelled' });
      await releaseAll(b._id);
      await enqueue(`booking-cancelled:${b._id}`, { userId: b.userId, kind: 'booking_cancelled', title: `预约已取消：${b.itemName}`, body: `预约码 ${b.code}` });
      return decorate({ ...b, status: 'cancelled', seq: b.seq + 1 }, actor);
    },

    /** Move to another slot: the new seat (and day lock) are taken first; only then is the old one let go. */
    async reschedule(actor: Actor, id: string, slotStartIso: string, now = new Date()) {
      const b = await ownBooking(actor, id);
      if (b.status !== 'booked') throw new AppError('CONFLICT', `预约当前状态为“${b.status}”，不能改约`, undefined, { status: b.status });
      const rules = await rulesFor(b.centerId);
      if (now.getTime() > b.slotStart.getTime() - rules.cancelCutoffMinutes * 60_000) {
        throw new AppError('CONFLICT', `已过改约截止时间（开始前${rules.cancelCutoffMinutes}分钟）`);
      }
      const w = (await BookingWindow.findById(b.windowId).lean()) as WindowRow | null;
      if (!w) throw new AppError('CONFLICT', '该窗口已不再接受预约');
      const start = new Date(slotStartIso);
      if (start.getTime() === b.slotStart.getTime()) throw AppError.validation([{ field: 'slotStart', message: '新时段与原时段相同' }]);
      const slot = await assertBookableSlot(w, start, rules, now);
      const oldDate = chinaDate(b.slotStart);
      const newDate = chinaDate(start);
      const newDayLock = newDate !== oldDate ? `day|${b.personKey}|${b.itemId}|${newDate}` : null;
      if (newDayLock && !(await takeLock(newDayLock, b._id))) throw new AppError('CONFLICT', '您已预约该事项当天的其他时段');
      const oldSeat = await BookingSeat.findOne({ bookingId: b._id }).lean();
      const seat = await takeSeat(w, start, b._id, b.priority);
      const undo = async () => {
        await BookingSeat.deleteOne({ windowId: w._id, slotStart: start, bookingId: b._id });
        if (newDayLock) await BookingLock.deleteOne({ _id: newDayLock, bookingId: b._id });
      };
      if (seat === null) {
        if (newDayLock) await BookingLock.deleteOne({ _id: newDayLock, bookingId: b._id });
        throw new AppError('CONFLICT', '新时段已约满，原预约保留不变', undefined, { nextSlots: await nextWithRoom(String(b.itemId), now) });
      }
      try {
        await transition(b, 'rescheduled', actor, { slotStart: slot.start, slotEnd: slot.end }, { from: b.slotStart, to: slot.start });
      } catch (err) {
        await undo();
        throw err;
      }
      if (oldSeat) await BookingSeat.deleteOne({ _id: oldSeat._id });
      if (newDayLock) await BookingLock.deleteOne({ _id: `day|${b.personKey}|${b.itemId}|${oldDate}`, bookingId: b._id });
      await enqueue(`booking-changed:${b._id}:${b.seq + 1}`, { userId: b.userId, kind: 'booking_changed', title: `预约已改期：${b.itemName}`, body: `新时间 ${newDate}，预约码 ${b.code}` });
      return decorate({ ...b, slotStart: slot.start, slotEnd: slot.end, seq: b.seq + 1 }, actor);
    },

    transition,
    releaseAll,
  };
}
export type BookingService = ReturnType<typeof createBookingService>;

// ——— windows and rules (administration) ———

function presentWindow(w: WindowRow) {
  return { id: String(w._id), centerId: String(w.centerId), name: w.name, code: w.code, itemCodes: w.itemCodes, slotMinutes: w.slotMinutes, capacity: w.capacity, heldBack: w.heldBack, weekly: w.weekly ?? null };
}

export async function listWindows(centerId: string) {
  await getCenterOr404(centerId);
  const rows = (await BookingWindow.find({ centerId: oid(centerId) }).sort({ code: 1 }).lean()) as WindowRow[];
  return { items: rows.map(presentWindow) };
}

function weeklyMinutes(weekly: TWindowInput['weekly']) {
  if (!weekly) return null;
  const out: Record<string, { start: number; end: number }[]> = {};
  const m = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  for (const [d, spans] of Object.entries(weekly)) out[d] = (spans ?? []).map((s) => ({ start: m(s.start), end: m(s.end) }));
  return out;
}

export async function createWindow(actor: Actor, input: TWindowInput) {
  await getCenterOr404(input.centerId);
  await assertManages(actor, input.centerId, { adminOnly: true });
  try {
    const w = await BookingWindow.create({ ...input, centerId: oid(input.centerId), weekly: weeklyMinutes(input.weekly) });
    return presentWindow(w.toObject() as WindowRow);
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', `code: 窗口代码 ${input.code} 已被本中心使用`, [{ field: 'code', message: '窗口代码已存在' }]);
    throw err;
  }
}

export async function updateWindow(actor: Actor, id: string, input: TWindowInput) {
  const w = await BookingWindow.findById(id).lean();
  if (!w) throw AppError.notFound('窗口');
  await assertManages(actor, String(w.centerId), { adminOnly: true });
  if (input.centerId !== String(w.centerId)) throw AppError.validation([{ field: 'centerId', message: '窗口不能移到其他中心' }]);
  try {
    await BookingWindow.updateOne({ _id: w._id }, { $set: { ...input, centerId: w.centerId, weekly: weeklyMinutes(input.weekly) } });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', `code: 窗口代码 ${input.code} 已被本中心使用`, [{ field: 'code', message: '窗口代码已存在' }]);
    throw err;
  }
  return presentWindow((await BookingWindow.findById(id).lean()) as WindowRow);
}

export async function setRules(actor: Actor, centerId: string, rules: TBookingRules) {
  await getCenterOr404(centerId);
  await assertManages(actor, centerId, { adminOnly: true });
  await Center.updateOne({ _id: oid(centerId) }, { $set: { bookingRules: rules } });
  return rules;
}
