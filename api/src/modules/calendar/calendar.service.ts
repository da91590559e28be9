import { Types } from 'mongoose';
import {
  WorkingCalendar,
  formatMinutes,
  parseHHMM,
  type CalendarData,
  type DayRule,
  type TCalendarDay,
  type TCalendarDayPut,
  type TimeSpan,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { Center } from '../centers/center.model';
import { assertManages, getCenterOr404 } from '../centers/centers.service';
import { CalendarChange, CalendarDay } from './calendar.model';
import { nationalSchedule } from './national-schedule';

type RuleRow = { date: string; kind: string; name?: string; hours?: TimeSpan[] | null };
const toRule = (r: RuleRow): DayRule => ({
  kind: r.kind as DayRule['kind'],
  ...(r.name ? { name: r.name } : {}),
  ...(r.hours && r.hours.length ? { hours: r.hours.map((h) => ({ start: h.start, end: h.end })) } : {}),
});

/** The working calendar of one center: the national schedule, national overrides, then the center's own rules. */
export async function calendarFor(centerId: string, weeklyOverride?: CalendarData['weekly']): Promise<WorkingCalendar> {
  const center = await getCenterOr404(centerId);
  const [nationalRows, localRows] = await Promise.all([
    CalendarDay.find({ scope: 'national' }).lean(),
    CalendarDay.find({ scope: String(center._id) }).lean(),
  ]);
  const national = { ...nationalSchedule() };
  for (const r of nationalRows) national[r.date] = toRule(r as RuleRow);
  const local: Record<string, DayRule> = {};
  for (const r of localRows) local[r.date] = toRule(r as RuleRow);
  const weekly = weeklyOverride ?? ((center.weekly as CalendarData['weekly']) || undefined);
  return new WorkingCalendar({ national, local, ...(weekly ? { weekly } : {}) });
}

export const spanText = (s: TimeSpan) => `${formatMinutes(s.start)}-${formatMinutes(s.end)}`;

export async function dayRange(centerId: string, from: string, to: string): Promise<TCalendarDay[]> {
  const cal = await calendarFor(centerId);
  return cal.range(from, to).map((d) => ({ date: d.date, open: d.open, reason: d.reason, ...(d.name ? { name: d.name } : {}), hours: d.hours.map(spanText) }));
}

/** National rules are for county administrators; a center's rules for the admins of that center and above. */
async function assertMaySet(actor: Actor, scope: string): Promise<void> {
  if (actor.role !== 'admin' || !actor.centerId) throw new AppError('FORBIDDEN');
  if (scope === 'national') {
    const own = await Center.findById(actor.centerId, { level: 1 }).lean();
    if (own?.level !== 'county') throw new AppError('FORBIDDEN', '只有县级管理员可以维护全国节假日安排');
    return;
  }
  await getCenterOr404(scope);
  await assertManages(actor, scope, { adminOnly: true });
}

export async function putDay(actor: Actor, input: TCalendarDayPut) {
  await assertMaySet(actor, input.scope);
  const hours = input.hours?.map((h) => ({ start: parseHHMM(h.start), end: parseHHMM(h.end) }));
  const rule = { kind: input.kind, name: input.name ?? '', ...(hours ? { hours } : { hours: undefined }) };
  await CalendarDay.updateOne(
    { scope: input.scope, date: input.date },
    { $set: { kind: rule.kind, name: rule.name, ...(hours ? { hours } : {}) }, ...(hours ? {} : { $unset: { hours: 1 } }), $setOnInsert: { scope: input.scope, date: input.date } },
    { upsert: true },
  );
  await CalendarChange.create({ scope: input.scope, date: input.date, action: 'set', rule, actorId: new Types.ObjectId(actor.id) });
  return { scope: input.scope, date: input.date, kind: input.kind, name: rule.name, hours: (hours ?? []).map(spanText) };
}

export async function removeDay(actor: Actor, scope: string, date: string) {
  await assertMaySet(actor, scope);
  const r = await CalendarDay.deleteOne({ scope, date });
  if (r.deletedCount === 0) throw AppError.notFound('日历规则');
  await CalendarChange.create({ scope, date, action: 'removed', actorId: new Types.ObjectId(actor.id) });
}

export async function listRules(actor: Actor, scope: string, year: number) {
  await assertMaySet(actor, scope);
  const rows = await CalendarDay.find({ scope, date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }).sort({ date: 1 }).lean();
  return { items: rows.map((r) => ({ scope, date: r.date, kind: r.kind, name: r.name, hours: (r.hours ?? []).map(spanText) })) };
}

export async function setWeekly(actor: Actor, centerId: string, weekly: Record<string, { start: string; end: string }[]>) {
  await assertMaySet(actor, centerId);
  const minutes: Record<string, TimeSpan[]> = {};
  for (const [d, spans] of Object.entries(weekly)) minutes[d] = spans.map((s) => ({ start: parseHHMM(s.start), end: parseHHMM(s.end) }));
  await Center.updateOne({ _id: new Types.ObjectId(centerId) }, { $set: { weekly: minutes } });
  await CalendarChange.create({ scope: centerId, date: 'weekly', action: 'set', rule: minutes, actorId: new Types.ObjectId(actor.id) });
  return { centerId, weekly };
}
