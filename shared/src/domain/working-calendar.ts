/**
 * The working calendar (工作日历): national holidays and make-up working days (调休), per-center closures and extra
 * service days, and opening hours. Pure: the data comes in (from a data package plus database overrides), so the API
 * and the mini-app compute the same days. All dates are China dates ("YYYY-MM-DD", UTC+8, no daylight saving).
 */

/** A span of opening time in minutes after midnight, e.g. 8:30–12:00 = { start: 510, end: 720 }. */
export interface TimeSpan {
  start: number;
  end: number;
}

/** What one date is, nationally or for one center. */
export interface DayRule {
  /** holiday / closed: no service; workday / open: service (a make-up day or an extra service day). */
  kind: 'holiday' | 'workday' | 'closed' | 'open';
  name?: string;
  /** Hours for that day (extended hours 延时服务, or short hours); otherwise the weekday hours. */
  hours?: TimeSpan[];
}

export interface CalendarData {
  /** National schedule: holidays and make-up working days by date. */
  national: Record<string, DayRule>;
  /** The center's own closures, extra service days and special hours (override the national schedule). */
  local?: Record<string, DayRule>;
  /** Opening hours by ISO weekday (1 = Monday … 7 = Sunday); make-up working days use Monday's hours. */
  weekly?: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, TimeSpan[]>>;
}

/** Mon–Fri 8:30–12:00 and 13:00–17:30 (DOMAIN.md default). */
export const DEFAULT_HOURS: TimeSpan[] = [
  { start: 8 * 60 + 30, end: 12 * 60 },
  { start: 13 * 60, end: 17 * 60 + 30 },
];
export const DEFAULT_WEEKLY: NonNullable<CalendarData['weekly']> = { 1: DEFAULT_HOURS, 2: DEFAULT_HOURS, 3: DEFAULT_HOURS, 4: DEFAULT_HOURS, 5: DEFAULT_HOURS };

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The China date of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
/** Minutes after China midnight of an instant. */
export function chinaMinutes(at: Date): number {
  const ms = (at.getTime() + CHINA_OFFSET_MS) % DAY_MS;
  return Math.floor(ms / 60_000);
}
/** The instant of a China date and minute of day. */
export function chinaInstant(date: string, minutes = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS + minutes * 60_000);
}
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekday(date: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
export function formatMinutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
export function parseHHMM(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h * 60 + m;
}

export type DayStatus = {
  date: string;
  open: boolean;
  /** Why: 'weekday' | 'weekend' | 'holiday' | 'makeup' (调休上班) | 'closed' (local) | 'extra' (local service day). */
  reason: 'weekday' | 'weekend' | 'holiday' | 'makeup' | 'closed' | 'extra';
  name?: string;
  hours: TimeSpan[];
};

export class WorkingCalendar {
  private readonly weekly: NonNullable<CalendarData['weekly']>;
  constructor(private readonly data: CalendarData) {
    this.weekly = data.weekly ?? DEFAULT_WEEKLY;
  }

  /** Working-day status of a date (national rules, then the center's own). */
  isWorkingDay(date: string): boolean {
    const nat = this.data.national[date];
    if (nat?.kind === 'holiday') return false;
    if (nat?.kind === 'workday') return true;
    return weekday(date) <= 5;
  }

  /** Is the center open that day, and when. Local rules win over national ones. */
  day(date: string): DayStatus {
    const local = this.data.local?.[date];
    const nat = this.data.national[date];
    const wd = weekday(date);
    const regular = this.weekly[wd] ?? [];
    const weekdayHours = this.weekly[1] ?? DEFAULT_HOURS;
    if (local?.kind === 'closed' || local?.kind === 'holiday') return { date, open: false, reason: 'closed', name: local.name, hours: [] };
    if (local?.kind === 'open' || local?.kind === 'workday') {
      return { date, open: true, reason: 'extra', name: local.name, hours: local.hours ?? (regular.length ? regular : weekdayHours) };
    }
    if (nat?.kind === 'holiday') return { date, open: false, reason: 'holiday', name: nat.name, hours: [] };
    if (nat?.kind === 'workday') return { date, open: true, reason: 'makeup', name: nat.name, hours: local?.hours ?? nat.hours ?? weekdayHours };
    const hours = local?.hours ?? regular;
    return { date, open: hours.length > 0, reason: wd <= 5 ? 'weekday' : 'weekend', hours };
  }

  isOpen(date: string): boolean {
    return this.day(date).open;
  }

  /**
   * The date N working days after `from` (a committed deadline of N working days, counted from the day after `from`).
   * Deadlines count legal working days (the national schedule, make-up days included); a center's own extra
   * service days and closures do not move a citizen's deadline.
   */
  addWorkingDays(from: string, n: number): string {
    let d = from;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to` (0 when to ≤ from): how late a deadline is, in days. */
  workingDaysBetween(from: string, to: string): number {
    let n = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** The next instant at or after `at` when the center is open, looking ahead up to `maxDays`. */
  nextOpenTime(at: Date, maxDays = 60): Date | null {
    const today = chinaDate(at);
    const now = chinaMinutes(at);
    for (let i = 0; i <= maxDays; i++) {
      const date = addDays(today, i);
      const st = this.day(date);
      if (!st.open) continue;
      for (const span of st.hours) {
        if (i > 0 || span.end > now) return chinaInstant(date, i === 0 ? Math.max(span.start, now) : span.start);
      }
    }
    return null;
  }

  /** Each date from `from` to `to` inclusive with its status, for calendars in the app. */
  range(from: string, to: string): DayStatus[] {
    const out: DayStatus[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(this.day(d));
    return out;
  }
}
