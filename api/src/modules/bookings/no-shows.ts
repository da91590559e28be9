import type { Types } from 'mongoose';
import type { TBookingRules } from '@bianmin/shared';
import { Booking } from './booking.model';

/**
 * Recent no-shows (爽约) per person, in memory. The pause rule is checked on every booking, and reading one person's
 * no-shows from the bookings scans the whole collection on the embedded engine (FerretDB pushes down `_id` only).
 * One read of the past year's no-shows every REFRESH_MS serves every booking; this process's own marks are noted at
 * once, another process's within REFRESH_MS. A pause is a courtesy rule, not an invariant: that delay is acceptable.
 */
const REFRESH_MS = 30_000;
/** The longest noShowWindowDays the settings allow (ZBookingRules), plus a day. */
const LOOKBACK_MS = 366 * 86_400_000;

type Marks = Map<string, Map<string, Date>>;
let state: { at: number; byPerson: Marks; loading?: Promise<void> } = { at: 0, byPerson: new Map() };
/** Marks noted while a load is in flight, merged into its result (the load may have read before they were written). */
let noted: { personKey: string; bookingId: string; slotStart: Date; at: number }[] = [];

function add(map: Marks, personKey: string, bookingId: string, slotStart: Date): void {
  if (!map.has(personKey)) map.set(personKey, new Map());
  map.get(personKey)!.set(bookingId, slotStart);
}

async function load(): Promise<void> {
  const started = Date.now();
  const rows = await Booking.find({ status: 'no_show', slotStart: { $gte: new Date(started - LOOKBACK_MS) } }, { personKey: 1, slotStart: 1 }).lean();
  const byPerson: Marks = new Map();
  for (const r of rows) add(byPerson, r.personKey, String(r._id), r.slotStart);
  noted = noted.filter((n) => n.at >= started);
  for (const n of noted) add(byPerson, n.personKey, n.bookingId, n.slotStart);
  state = { at: started, byPerson };
}

async function marks(): Promise<Marks> {
  if (Date.now() - state.at > REFRESH_MS) {
    state.loading ??= load().finally(() => {
      state.loading = undefined;
    });
    await state.loading;
  }
  return state.byPerson;
}

/** A no-show was just recorded by this process. */
export function noteNoShow(personKey: string, bookingId: Types.ObjectId | string, slotStart: Date): void {
  noted.push({ personKey, bookingId: String(bookingId), slotStart, at: Date.now() });
  add(state.byPerson, personKey, String(bookingId), slotStart);
}

/** Forget everything (tests writing bookings behind the API's back). */
export function forgetNoShows(): void {
  state = { at: 0, byPerson: new Map() };
  noted = [];
}

/** If this person is paused for no-shows (noShowLimit within noShowWindowDays), until when. */
export async function pausedUntil(personKey: string, rules: TBookingRules, now: Date): Promise<Date | null> {
  const own = (await marks()).get(personKey);
  if (!own) return null;
  const since = now.getTime() - rules.noShowWindowDays * 86_400_000;
  const recent = [...own.values()].filter((s) => s.getTime() >= since).sort((a, b) => b.getTime() - a.getTime());
  if (recent.length < rules.noShowLimit) return null;
  const until = new Date(recent[0]!.getTime() + rules.pauseDays * 86_400_000);
  return until > now ? until : null;
}
