import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, type TBookingRules, type TSlot, type TSlotsAnswer, type WorkingCalendar } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { settingsFor } from '../centers';
import { getPublished } from '../service-items';
import { availabilityRevision, takenCounts } from './availability';
import type { WindowRow } from './bookings.presenter';
import { windowCalendar, windowForItem } from './windows';
import { windowUnstaffedOn } from '../absences';

/** AB岗: a window whose A and B posts are both away that day takes no bookings. */
const unstaffed = (w: WindowRow, date: string) => windowUnstaffedOn({ staffA: w.staffA ? String(w.staffA) : null, staffB: w.staffB ? String(w.staffB) : null }, date);

/** The center's booking rules (settings.booking, inherited county → town → village). */
export async function rulesFor(centerId: string | Types.ObjectId): Promise<TBookingRules> {
  return (await settingsFor(String(centerId))).booking;
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

type SlotRules = Pick<TBookingRules, 'horizonDays' | 'minNoticeMinutes' | 'cancelCutoffMinutes'>;

/** A day of a window with the seats online booking may still take (the window, calendar and rules already loaded). */
async function dayOfWindow(w: WindowRow, cal: WorkingCalendar, rules: SlotRules, date: string, now: Date): Promise<TSlot[]> {
  if (date > addDays(chinaDate(now), rules.horizonDays)) return [];
  if (await unstaffed(w, date)) return [];
  const earliest = new Date(now.getTime() + rules.minNoticeMinutes * 60_000);
  const all = slotsOfDay(cal, w, date).filter((s) => s.start >= earliest);
  if (!all.length) return [];
  const bookable = w.capacity - w.heldBack;
  const taken = await takenCounts(w._id, date, bookable);
  return all.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString(), seatsLeft: Math.max(0, bookable - (taken.get(s.start.getTime()) ?? 0)) }));
}

/** Open slots of an item on a date, with seats left for online booking. */
export async function slotsFor(itemId: string, date: string, now = new Date()): Promise<TSlotsAnswer> {
  const item = await getPublished(itemId);
  const w = await windowForItem(item.centerId, item.code);
  const { horizonDays, minNoticeMinutes, cancelCutoffMinutes } = await rulesFor(w?.centerId ?? item.centerId);
  const rules = { horizonDays, minNoticeMinutes, cancelCutoffMinutes };
  if (!w) return { date, open: false, rules, window: null, slots: [] };
  const cal = await windowCalendar(w);
  return { date, open: cal.isOpen(date), rules, window: { id: String(w._id), name: w.name }, slots: await dayOfWindow(w, cal, rules, date, now) };
}

/** How long a "next free slots" answer is reused while the availability summary has not moved. */
const NEXT_TTL_MS = 2_000;
const nextAnswers = new Map<string, { at: number; revision: number; slots: TSlot[] }>();

/**
 * The next few slots of the window with room, for a "full" answer: from the availability summary, not the seats,
 * and computed once for all the refusals of a burst (reused until a seat is taken or freed, or NEXT_TTL_MS).
 */
export async function nextWithRoom(w: WindowRow, rules: SlotRules, now: Date, limit = 3): Promise<TSlot[]> {
  const key = `${String(w._id)}|${rules.horizonDays}|${rules.minNoticeMinutes}|${limit}|${Math.floor(now.getTime() / 60_000)}`;
  const hit = nextAnswers.get(key);
  if (hit && hit.revision === availabilityRevision() && Date.now() - hit.at < NEXT_TTL_MS) return hit.slots;
  const revision = availabilityRevision();
  const cal = await windowCalendar(w);
  const out: TSlot[] = [];
  for (let d = chinaDate(now); d <= addDays(chinaDate(now), rules.horizonDays) && out.length < limit; d = addDays(d, 1)) {
    const day = await dayOfWindow(w, cal, rules, d, now);
    out.push(...day.filter((s) => s.seatsLeft > 0).slice(0, limit - out.length));
  }
  if (nextAnswers.size > 1_000) nextAnswers.clear();
  nextAnswers.set(key, { at: Date.now(), revision, slots: out });
  return out;
}

/**
 * The slot of the window's grid starting at `start`, or a 400 naming slotStart: the day is closed, or the time is
 * not on the grid. Whether it is too soon, past or too far ahead is the state machine's rule.
 */
export async function slotAt(w: WindowRow, start: Date): Promise<{ start: Date; end: Date }> {
  const bad = (message: string) => AppError.validation([{ field: 'slotStart', message }]);
  const date = chinaDate(start);
  const cal = await windowCalendar(w);
  const day = cal.day(date);
  if (!day.open) throw bad(`${date} ${day.name ?? ''}不办公，不能预约`.replace('  ', ' '));
  const slot = slotsOfDay(cal, w, date).find((s) => s.start.getTime() === start.getTime());
  if (!slot) throw bad('不是可预约的时段');
  if (await unstaffed(w, date)) throw bad('该窗口当天无人值守（A、B岗均不在岗），请选择其他日期');
  return slot;
}
