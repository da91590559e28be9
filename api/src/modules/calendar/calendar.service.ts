import { Types } from 'mongoose';
import {
  WorkingCalendar,
  formatMinutes,
  parseHHMM,
  type CalendarData,
  type DayRule,
  type TCalendarDay,
  type TCalendarDayPut,
  type TCalendarRule,
  type TWeeklyHours,
  type TimeSpan,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { authorizeCenter, findCenter, getCenterOr404, settingsFor, writeSettings } from '../centers';
import { CalendarChange, CalendarDay } from './calendar.model';
import { nationalSchedule } from './national-schedule';

type RuleRow = { date: string; kind: string; name?: string; hours?: TimeSpan[] | null };
const toRule = (r: RuleRow): DayRule => ({
  kind: r.kind as DayRule['kind'],
  ...(r.name ? { name: r.name } : {}),
  ...(r.hours && r.hours.length ? { hours: r.hours.map((h) => ({ start: h.start, end: h.end })) } : {}),
});

/** The one conversion of "HH:MM" weekly hours (settings, window input) into the minutes `WorkingCalendar` reads. */
export function weeklyMinutes(weekly: TWeeklyHours): NonNullable<CalendarData['weekly']> {
  const out: NonNullable<CalendarData['weekly']> = {};
  for (const [d, spans] of Object.entries(weekly)) {
    out[Number(d) as keyof typeof out] = (spans ?? []).map((s) => ({ start: parseHHMM(s.start), end: parseHHMM(s.end) }));
  }
  return out;
}

/** Back from minutes to "HH:MM" spans (windows store their own hours in minutes). */
export function weeklyHours(weekly: CalendarData['weekly']): TWeeklyHours {
  const out: TWeeklyHours = {};
  for (const [d, spans] of Object.entries(weekly ?? {})) {
    out[d as keyof TWeeklyHours] = (spans ?? []).map((s) => ({ start: formatMinutes(s.start), end: formatMinutes(s.end) }));
  }
  return out;
}

/**
 * Every calendar rule, in memory: national and per-center days are a few hundred rows that change a few times a
 * year. A write in this process refreshes at once; other API processes see it within REFRESH_MS (as the centers).
 */
const REFRESH_MS = 2_000;
type Rules = { national: Record<string, DayRule>; local: Map<string, Record<string, DayRule>> };
let rulesCache: { at: number; rules?: Rules; loading?: Promise<Rules> } = { at: 0 };

async function loadRules(): Promise<Rules> {
  const rows = (await CalendarDay.find({}).lean()) as (RuleRow & { scope: string })[];
  const national: Record<string, DayRule> = { ...nationalSchedule() };
  const local = new Map<string, Record<string, DayRule>>();
  for (const r of rows) {
    if (r.scope === 'national') national[r.date] = toRule(r);
    else local.set(r.scope, { ...(local.get(r.scope) ?? {}), [r.date]: toRule(r) });
  }
  rulesCache = { at: Date.now(), rules: { national, local } };
  return rulesCache.rules!;
}

async function calendarRules(): Promise<Rules> {
  if (rulesCache.rules && Date.now() - rulesCache.at < REFRESH_MS) return rulesCache.rules;
  rulesCache.loading ??= loadRules().finally(() => {
    rulesCache.loading = undefined;
  });
  return rulesCache.loading;
}

/** Forget the cached rules (after a write here; tests writing rules behind the API's back). */
export function invalidateCalendar(): void {
  rulesCache = { at: 0 };
}

/**
 * The working calendar of one center: the national schedule, national overrides, then the center's own rules; the
 * week from the center's settings (`hours.weekly`) unless a window brings its own.
 */
export async function calendarFor(centerId: string, weeklyOverride?: CalendarData['weekly']): Promise<WorkingCalendar> {
  const center = await getCenterOr404(centerId);
  const [rules, settings] = await Promise.all([calendarRules(), weeklyOverride ? undefined : settingsFor(center.id)]);
  const national = rules.national;
  const local = rules.local.get(center.id) ?? {};
  if (weeklyOverride) return new WorkingCalendar({ national, local, weekly: weeklyOverride });
  // Every booking asks: one calendar per center for as long as the same rules and the same (memoised) settings last.
  const byCenter = built.get(rules) ?? built.set(rules, new Map()).get(rules)!;
  const hit = byCenter.get(center.id);
  if (hit && hit.weekly === settings!.hours.weekly) return hit.calendar;
  const calendar = new WorkingCalendar({ national, local, weekly: weeklyMinutes(settings!.hours.weekly) });
  byCenter.set(center.id, { weekly: settings!.hours.weekly, calendar });
  return calendar;
}
const built = new WeakMap<Rules, Map<string, { weekly: object; calendar: WorkingCalendar }>>();

export const spanText = (s: TimeSpan) => `${formatMinutes(s.start)}-${formatMinutes(s.end)}`;

export async function dayRange(centerId: string, from: string, to: string): Promise<TCalendarDay[]> {
  const cal = await calendarFor(centerId);
  return cal.range(from, to).map((d) => ({ date: d.date, open: d.open, reason: d.reason, ...(d.name ? { name: d.name } : {}), hours: d.hours.map(spanText) }));
}

/** National rules are for county administrators; a center's rules for the admins of that center and above. */
async function assertMaySet(actor: Actor, scope: string): Promise<void> {
  if (actor.role !== 'admin' || !actor.centerId) throw new AppError('FORBIDDEN');
  if (scope === 'national') {
    const own = await findCenter(actor.centerId);
    if (own?.level !== 'county') throw new AppError('FORBIDDEN', '只有县级管理员可以维护全国节假日安排');
    return;
  }
  authorizeCenter(actor, 'configure', await getCenterOr404(scope));
}

export async function putDay(actor: Actor, input: TCalendarDayPut): Promise<TCalendarRule> {
  await assertMaySet(actor, input.scope);
  const hours = input.hours?.map((h) => ({ start: parseHHMM(h.start), end: parseHHMM(h.end) }));
  const rule = { kind: input.kind, name: input.name ?? '', ...(hours ? { hours } : { hours: undefined }) };
  await CalendarDay.updateOne(
    { scope: input.scope, date: input.date },
    { $set: { kind: rule.kind, name: rule.name, ...(hours ? { hours } : {}) }, ...(hours ? {} : { $unset: { hours: 1 } }), $setOnInsert: { scope: input.scope, date: input.date } },
    { upsert: true },
  );
  invalidateCalendar();
  await CalendarChange.create({ scope: input.scope, date: input.date, action: 'set', rule, actorId: new Types.ObjectId(actor.id) });
  await (await import('../delegations')).recomputeOpenCaseDues(); // 代办 due dates follow the new calendar
  return { scope: input.scope, date: input.date, kind: input.kind, name: rule.name, hours: (hours ?? []).map(spanText) };
}

export async function removeDay(actor: Actor, scope: string, date: string) {
  await assertMaySet(actor, scope);
  const r = await CalendarDay.deleteOne({ scope, date });
  invalidateCalendar();
  if (r.deletedCount === 0) throw AppError.notFound('日历规则');
  await CalendarChange.create({ scope, date, action: 'removed', actorId: new Types.ObjectId(actor.id) });
  await (await import('../delegations')).recomputeOpenCaseDues(); // 代办 due dates follow the new calendar
}

export async function listRules(actor: Actor, scope: string, year: number): Promise<{ items: TCalendarRule[] }> {
  await assertMaySet(actor, scope);
  const rows = await CalendarDay.find({ scope, date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }).sort({ date: 1 }).lean();
  return { items: rows.map((r) => ({ scope, date: r.date, kind: r.kind, name: r.name ?? '', hours: (r.hours ?? []).map(spanText) })) };
}

/** PUT weekly: the center's `hours.weekly` setting (written through the settings), with the change recorded. */
export async function setWeekly(actor: Actor, centerId: string, weekly: TWeeklyHours) {
  await assertMaySet(actor, centerId);
  await writeSettings(actor, centerId, { hours: { weekly } });
  await CalendarChange.create({ scope: centerId, date: 'weekly', action: 'set', rule: weeklyMinutes(weekly), actorId: new Types.ObjectId(actor.id) });
  return { centerId, weekly };
}
