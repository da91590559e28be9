import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant } from '@bianmin/shared';
import { BookingSeat } from './booking.model';

/**
 * The availability summary: per window and day, which seat numbers of each slot are taken. Loaded once per
 * window-day, then kept current by this process's own writes (a seat taken, a duplicate met, a seat released), so a
 * full slot is refused and the next free slots are found without reading the database per refused request. Seats
 * taken or released by another API process are picked up when the day is reloaded (after FRESH_MS); the unique seat
 * index, not this summary, is what keeps capacity.
 */
const FRESH_MS = 5_000;

interface Day {
  at: number;
  /** slot start (ms) → seat numbers taken */
  taken: Map<number, Set<number>>;
  loading?: Promise<void>;
}
const days = new Map<string, Day>();
/** Bumped by every change to the summary: answers derived from it (the next free slots) are kept until it moves. */
let revision = 0;
export const availabilityRevision = () => revision;
const dayKey = (windowId: string, date: string) => `${windowId}|${date}`;

async function load(windowId: string, date: string, day: Day): Promise<void> {
  const rows = await BookingSeat.find(
    { windowId: new Types.ObjectId(windowId), slotStart: { $gte: chinaInstant(date), $lt: chinaInstant(addDays(date, 1)) } },
    { slotStart: 1, seatNo: 1 },
  ).lean();
  const taken = new Map<number, Set<number>>();
  for (const r of rows) {
    const t = r.slotStart.getTime();
    if (!taken.has(t)) taken.set(t, new Set());
    taken.get(t)!.add(r.seatNo);
  }
  day.taken = taken;
  day.at = Date.now();
  revision++;
}

/** The day's summary: loaded on first use (one read shared by a burst), reloaded in the background when old. */
async function dayOf(windowId: string, date: string): Promise<Day> {
  const key = dayKey(windowId, date);
  let day = days.get(key);
  if (!day) {
    if (days.size > 20_000) days.clear();
    day = { at: 0, taken: new Map() };
    days.set(key, day);
  }
  if (Date.now() - day.at > FRESH_MS && !day.loading) {
    const d = day;
    d.loading = load(windowId, date, d).finally(() => {
      d.loading = undefined;
    });
  }
  if (day.at === 0) await day.loading;
  return day;
}

/** Seat numbers of a slot known to be taken. */
export async function takenSeatsOf(windowId: string | Types.ObjectId, start: Date): Promise<ReadonlySet<number>> {
  const day = await dayOf(String(windowId), chinaDate(start));
  return day.taken.get(start.getTime()) ?? new Set();
}

/** Taken counts per slot start among seat numbers 1…bookable (what online booking may use). */
export async function takenCounts(windowId: string | Types.ObjectId, date: string, bookable: number): Promise<Map<number, number>> {
  const day = await dayOf(String(windowId), date);
  const out = new Map<number, number>();
  for (const [t, seats] of day.taken) {
    let n = 0;
    for (const s of seats) if (s <= bookable) n++;
    out.set(t, n);
  }
  return out;
}

/** How many of seats 1…n of the slot are free, by the summary (no database work). */
export async function seatsLeft(windowId: string | Types.ObjectId, start: Date, n: number): Promise<number> {
  const taken = await takenSeatsOf(windowId, start);
  let free = 0;
  for (let s = 1; s <= n; s++) if (!taken.has(s)) free++;
  return free;
}

/** A seat was inserted (or found taken by a duplicate key). */
export function noteTaken(windowId: string | Types.ObjectId, start: Date, seatNo: number): void {
  const day = days.get(dayKey(String(windowId), chinaDate(start)));
  if (!day) return;
  const t = start.getTime();
  if (!day.taken.has(t)) day.taken.set(t, new Set());
  day.taken.get(t)!.add(seatNo);
  revision++;
}

/** A seat was deleted. */
export function noteFreed(windowId: string | Types.ObjectId, start: Date, seatNo: number): void {
  days.get(dayKey(String(windowId), chinaDate(start)))?.taken.get(start.getTime())?.delete(seatNo);
  revision++;
}

/** Forget everything (tests that write seats behind the API's back). */
export function forgetAvailability(): void {
  days.clear();
  revision++;
}
