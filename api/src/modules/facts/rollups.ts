import { addDays, chinaDate, chinaInstant, isBadRating } from '@bianmin/shared';
import { isDuplicateKey } from '../../db/connect';
import { allCenters, settingsFor } from '../centers';
import { assistedFacts } from '../delegations';
import { complaints, finishedCases, lapses, ratingsGiven, rectifications, servedBookings, windowCases, windowCaseRatingId, type FactScope } from './facts';
import { countCase, countCaseLapse, countCaseRating, emptyCaseAcc, type CaseAcc } from './window-cases';
import { DirtyDay, FactMonth, FactRollup, ProvisionalDay, RolledDay } from './rollup.model';

/**
 * Per-day rollups of the facts. A closed day is rolled once by a job (or, if the job has not come to it yet, by the
 * first read that needs it) into one document per center holding every line's counts; a change to a closed day's
 * facts marks that day dirty and the next read or job rolls it again. Only today (and later days) are counted live.
 * Scorecards and the monthly notice sum these counts: the same arithmetic as counting the facts of the whole period
 * (tests/api/rollups.test.ts checks it cell for cell). A center's closed days of a month are also kept summed in one
 * document (FactMonth), so a month is one read per center, not thirty; every read is an `_id` equality.
 */

/** What a line counts for scorecards (ratings by the day of the record they rate). */
export type LineAcc = {
  windowCases: CaseAcc;
  served: number;
  rated: number;
  good: number;
  bad: number;
  rectified: number;
  contacted: number;
  cases: number;
  onTime: number;
  lapses: number;
  complaints: number;
};
export const emptyLineAcc = (): LineAcc => ({ windowCases: emptyCaseAcc(), served: 0, rated: 0, good: 0, bad: 0, rectified: 0, contacted: 0, cases: 0, onTime: 0, lapses: 0, complaints: 0 });

/** What the monthly notice counts on a center's line besides: ratings by the day they were given, 代办 opened, complaints received. */
export type NoticeAcc = {
  caseRated: number;
  caseGood: number;
  byLevel: Record<'1' | '2' | '3' | '4' | '5', number>;
  bad: number;
  badRectified: number;
  help: number;
  delegate: number;
  home: number;
  refused: number;
  complaints: number;
  answered: number;
  answeredInTime: number;
};
export const emptyNoticeAcc = (): NoticeAcc => ({ caseRated: 0, caseGood: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, bad: 0, badRectified: 0, help: 0, delegate: 0, home: 0, refused: 0, complaints: 0, answered: 0, answeredInTime: 0 });

/**
 * One line of a rolled day: `center:<id>` lines also carry the notice counts. The rectification figures
 * (`rectified`, `contacted`, the notice's `badRectified`) are counted when the day is rolled, from where each 差评's
 * rectification stood then; a rectification step that changes them (回访 began, 答复 given) marks the days of its
 * rating dirty (evaluations), so they are rolled again: a read adds numbers only, it looks nothing up per 差评.
 */
export type RollupLine = LineAcc & { key: string; notice?: NoticeAcc };

/**
 * The shape of the stored rollups. 2: rectification figures counted when rolled (1 kept the ids of the 差评 and
 * counted them when read). A day rolled under an older shape is rolled again before it is read.
 */
export const ROLLUP_VERSION = 2;

/** A center's day: its lines and the 代办 cases with a correction notice that day. */
export interface CenterDay {
  centerId: string;
  lines: RollupLine[];
  corrected: string[];
}

/** Add every number of `src` into `into` (same shape; nested objects too). */
export function addCounts<T extends object>(into: T, src: T): T {
  const a = into as Record<string, unknown>;
  for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
    if (typeof v === 'number') a[k] = ((a[k] as number | undefined) ?? 0) + v;
    else if (v && typeof v === 'object') addCounts((a[k] ??= Array.isArray(v) ? [] : {}) as object, v);
  }
  return into;
}

function keysOf(f: { centerId: string; windowId?: string | null; staffId?: string | null; agentId?: string | null }): string[] {
  return [`center:${f.centerId}`, ...(f.windowId ? [`window:${f.windowId}`] : []), ...(f.staffId ? [`staff:${f.staffId}`] : []), ...(f.agentId ? [`agent:${f.agentId}`] : [])];
}

/** The lines of the centers of one day, built as the facts are counted. */
class DayTally {
  private readonly centers = new Map<string, { lines: Map<string, RollupLine>; corrected: Set<string> }>();

  private center(centerId: string) {
    let c = this.centers.get(centerId);
    if (!c) this.centers.set(centerId, (c = { lines: new Map(), corrected: new Set() }));
    return c;
  }

  line(centerId: string, key: string): RollupLine {
    const lines = this.center(centerId).lines;
    let l = lines.get(key);
    if (!l) lines.set(key, (l = { key, ...emptyLineAcc() }));
    return l;
  }

  lines(f: Parameters<typeof keysOf>[0]): RollupLine[] {
    return keysOf(f).map((k) => this.line(f.centerId, k));
  }

  notice(centerId: string): NoticeAcc {
    const l = this.line(centerId, `center:${centerId}`);
    return (l.notice ??= emptyNoticeAcc());
  }

  corrected(centerId: string, caseId: string): void {
    this.center(centerId).corrected.add(caseId);
  }

  days(): CenterDay[] {
    return [...this.centers].map(([centerId, c]) => ({ centerId, lines: [...c.lines.values()], corrected: [...c.corrected].sort() }));
  }
}

const DAY_MS = 86_400_000;

/** The longest rating period (days after service) among these centers. */
async function longestRatingPeriod(centerIds: string[]): Promise<number> {
  return Math.max(0, ...(await Promise.all(centerIds.map(async (c) => (await settingsFor(c)).evaluation.ratingPeriodDays))));
}

/** The scope of the China days [from, to) for these centers. */
export function rangeScope(centerIds: string[], from: string, to: string): FactScope {
  return { centerIds, from, to, start: chinaInstant(from), end: chinaInstant(to) };
}

/** The instants of one China day. */
const dayRange = (day: string) => ({ start: chinaInstant(day), end: chinaInstant(addDays(day, 1)) });

/**
 * Count the days [from, to) of the given centers from the facts in one pass (every fact query runs once for the
 * whole range; on the embedded engine each is a scan of its collection, so a month costs what a day costs), each
 * fact on the day it counts on: the same rules as the live count of a period (scorecards' Tally, the notice's
 * figures). Ratings count on scorecard lines on the day of the record they rate, and on the notice on the day they
 * were given; a window case counts as received on its reception day and as completed on its completion day.
 */
export async function countDays(centerIds: string[], from: string, to: string): Promise<Map<string, CenterDay[]>> {
  const s = rangeScope(centerIds, from, to);
  const [caseRows, bookings, finished, ratingsOfRecords, lapseRows, complaintRows, assisted, rects] = await Promise.all([
    windowCases(s),
    servedBookings(s),
    finishedCases(s),
    ratingsGiven({ ...s, end: new Date(s.end.getTime() + ((await longestRatingPeriod(centerIds)) + RATING_SLACK_DAYS) * DAY_MS) }),
    lapses(s),
    complaints(s),
    assistedFacts(s.centerIds, s.start, s.end),
    rectifications(s),
  ]);
  /** A 差评 on a line: put right once the reply is given, contacted once 回访 began (where it stands now). */
  const rectification = (l: RollupLine, id: string) => {
    const status = rects.get(id);
    if (isRectified(status)) l.rectified++;
    if (status && status !== 'open') l.contacted++;
  };
  const tallies = new Map<string, DayTally>();
  const on = (day: string) => {
    let t = tallies.get(day);
    if (!t) tallies.set(day, (t = new DayTally()));
    return t;
  };
  const inRange = (day: string) => day >= from && day < to;
  /** Rated records of the range (served bookings, finished 代办, completed window cases) → the day they count on. */
  const records = new Map<string, string>();
  const caseRatingIds = new Set<string>();
  for (const c of caseRows) {
    const received = chinaDate(c.receivedAt);
    const completed = c.outcome === 'completed' && c.completedAt && c.completedAt >= s.start && c.completedAt < s.end ? chinaDate(c.completedAt) : null;
    for (const day of new Set([...(inRange(received) ? [received] : []), ...(completed ? [completed] : [])])) for (const l of on(day).lines(c)) countCase(l.windowCases, c, dayRange(day));
    if (completed) {
      records.set(windowCaseRatingId(c.id), completed);
      caseRatingIds.add(windowCaseRatingId(c.id));
    }
  }
  for (const b of bookings) {
    records.set(`booking:${b.id}`, b.day);
    for (const l of on(b.day).lines({ centerId: b.centerId, windowId: b.windowId, staffId: b.servedBy })) l.served++;
  }
  for (const c of finished) {
    records.set(`case:${c.id}`, c.completedOn);
    for (const l of on(c.completedOn).lines(c)) {
      l.cases++;
      if (c.onTime) l.onTime++;
    }
  }
  for (const r of ratingsOfRecords) {
    const day = records.get(r.id);
    if (!day) continue;
    for (const l of on(day).lines(r)) {
      if (caseRatingIds.has(r.id)) countCaseRating(l.windowCases, r.level);
      l.rated++;
      if (!isBadRating(r.level)) {
        l.good++;
        continue;
      }
      l.bad++;
      rectification(l, r.id);
    }
  }
  const casePrefix = windowCaseRatingId('');
  // The ratings given in the range are among those read for its records (one read of the ratings, not two).
  for (const r of ratingsOfRecords) {
    if (!inRange(r.day)) continue;
    const t = on(r.day);
    const n = t.notice(r.centerId);
    n.byLevel[String(r.level) as '5']++;
    if (isBadRating(r.level)) {
      n.bad++;
      if (isRectified(rects.get(r.id))) n.badRectified++;
    }
    if (r.id.startsWith(casePrefix)) {
      n.caseRated++;
      if (!isBadRating(r.level)) n.caseGood++;
    }
  }
  for (const x of lapseRows) {
    for (const l of on(x.date).lines(x)) {
      l.lapses++;
      countCaseLapse(l.windowCases, x);
    }
  }
  for (const c of complaintRows) {
    const t = on(c.day);
    if (c.kind === 'complaint') for (const l of t.lines({ centerId: c.centerId, staffId: c.staffId })) l.complaints++;
    const n = t.notice(c.centerId);
    n.complaints++;
    if (c.status === 'answered') {
      n.answered++;
      if (c.answeredOn && c.answeredOn <= c.answerDue) n.answeredInTime++;
    }
  }
  for (const o of assisted.opened) on(o.day).notice(o.centerId)[o.mode]++;
  for (const r of assisted.refused) on(r.day).notice(r.centerId).refused++;
  for (const c of assisted.corrected) on(c.day).corrected(c.centerId, c.caseId);
  return new Map([...tallies].map(([day, t]) => [day, t.days()]));
}

/** The counted days [from, to) of these centers as one list (a center appears once per day it has counts). */
export async function countRange(centerIds: string[], from: string, to: string): Promise<CenterDay[]> {
  return [...(await countDays(centerIds, from, to)).values()].flat();
}

/**
 * Ratings of the records of [from, to) are read from `from` until the longest rating period plus a month after `to`:
 * evaluations refuse a rating after its record's rating period, and the live count of the record's month reads
 * ratings until that period after the month's end, so a rating either one counts, the other counts too.
 */
const RATING_SLACK_DAYS = 31;

/** 差评 counted as put right: the rectification reached the reply (or was closed after it). */
const isRectified = (status: string | undefined) => status === 'reply' || status === 'closed';

const rollupId = (day: string, centerId: string) => `${day}|${centerId}`;

/**
 * Store a counted day of these centers: each center's document replaced whole; centers with nothing that day have
 * none. Documents are addressed by `_id` only: FerretDB 1.24 on SQLite pushes down nothing but `{ _id: value }`, so
 * any other filter decodes the whole collection.
 */
async function store(centerIds: string[], day: string, counted: CenterDay[]): Promise<void> {
  const rolledAt = new Date();
  const have = new Set(counted.map((c) => c.centerId));
  await inBatches(counted, 8, (c) => {
    const id = rollupId(day, c.centerId);
    return FactRollup.replaceOne({ _id: id }, { _id: id, centerKey: c.centerId, day, lines: c.lines, corrected: c.corrected, rolledAt }, { upsert: true });
  });
  await inBatches(
    centerIds.filter((c) => !have.has(c)),
    8,
    (c) => FactRollup.deleteOne({ _id: rollupId(day, c) }),
  );
}

/** Run tasks a few at a time (the embedded engine's connection pool is small). */
async function inBatches<T, R>(items: T[], size: number, run: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

/**
 * Roll closed days for every center (again, if rolled before: the stored days are replaced), counted in one pass
 * over the facts from the first to the last of them.
 */
export async function rollDays(days: string[]): Promise<void> {
  if (!days.length) return;
  const sorted = [...days].sort();
  const started = new Date();
  const ids = (await allCenters()).map((c) => c.id);
  const counted = await countDays(ids, sorted[0], addDays(sorted[sorted.length - 1], 1));
  for (const day of sorted) await store(ids, day, counted.get(day) ?? []);
  await markMonthsStale(ids, sorted);
  await RolledDay.bulkWrite(sorted.map((d) => ({ replaceOne: { filter: { _id: d }, replacement: { _id: d, rolledAt: started, v: ROLLUP_VERSION }, upsert: true } })));
  await clearDirty(sorted.flatMap((d) => ids.map((c) => rollupId(d, c))), started);
}

/** Roll one closed day for every center. */
export const rollDay = (day: string): Promise<void> => rollDays([day]);

/** Clear dirty marks (by id) set before `started`: a change after the roll began keeps its mark. */
async function clearDirty(ids: string[], started: Date): Promise<void> {
  const dirty = await DirtyDay.find({}).lean();
  const clear = new Set(ids);
  await inBatches(
    dirty.filter((d) => clear.has(String(d._id)) && d.at < started),
    8,
    (d) => DirtyDay.deleteOne({ _id: d._id, at: d.at }),
  );
}

/** Roll one center's day again (after a change to its facts). */
async function rollCenterDay(centerId: string, day: string): Promise<void> {
  const started = new Date();
  await store([centerId], day, (await countDays([centerId], day, addDays(day, 1))).get(day) ?? []);
  await markMonthsStale([centerId], [day]);
  await clearDirty([rollupId(day, centerId)], started);
}

/**
 * A change to a closed day's facts (a late rating, a rectification step, an answered complaint, a window case
 * refused or completed after the day it was received): that center's day is rolled again before it is read next.
 * Today and later days are counted live, so they need no mark. Never fails the write that calls it.
 */
export async function markDirty(centerId: string, day: string | Date): Promise<void> {
  const d = typeof day === 'string' ? day : chinaDate(day);
  if (!centerId || d >= chinaDate(new Date())) return;
  const id = rollupId(d, String(centerId));
  await DirtyDay.updateOne({ _id: id }, { $set: { centerKey: String(centerId), day: d, at: new Date() } }, { upsert: true }).catch(() => undefined);
}

/** The China days of [from, to). */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The days of [from, to) not rolled yet, or rolled under an older shape (the rolled-day marks are one small document a day). */
async function unrolled(from: string, to: string): Promise<string[]> {
  const marks = await RolledDay.find({ _id: { $gte: from, $lt: to } }, { _id: 1, v: 1 }).lean();
  const rolled = new Set(marks.filter((d) => d.v === ROLLUP_VERSION).map((d) => String(d._id)));
  return daysOf(from, to).filter((d) => !rolled.has(d));
}

/** Make the closed days of [from, to) current for these centers: roll the days never rolled, then the dirty ones. */
async function bringUpToDate(centerIds: string[], from: string, to: string): Promise<void> {
  if (from >= to) return;
  await rollDays(await unrolled(from, to));
  const inScope = new Set(centerIds);
  const dirty = (await DirtyDay.find({}).lean()).filter((d) => d.day >= from && d.day < to && inScope.has(d.centerKey));
  for (const d of dirty) await rollCenterDay(d.centerKey, d.day);
}

/** The stored days of these centers, read by `_id` (one primary-key lookup each; a missing one is a day with nothing). */
async function storedDays(centerIds: string[], days: string[]): Promise<CenterDay[]> {
  const keys = days.flatMap((d) => centerIds.map((c) => rollupId(d, c)));
  const docs = await inBatches(keys, 16, (id) => FactRollup.findById(id).lean());
  return docs.filter((r) => !!r).map((r) => ({ centerId: r.centerKey, lines: r.lines as RollupLine[], corrected: r.corrected ?? [] }));
}

/**
 * How long after the job last finished counting today a read still uses that count: this, or twice the time the
 * count took when that is longer (a large county's count takes minutes). Past it the job has stopped or fallen
 * behind, and today is counted live from the facts.
 */
export const PROVISIONAL_MAX_AGE_MS = 2 * 60_000;
/** Facts dated after today (clock skew, imports) are counted with it, up to this many days ahead. */
const AHEAD_DAYS = 400;
const PROVISIONAL_ID = 'current';

/**
 * The job's count of today (and of any later day with facts) so far: stored as each day's documents like a closed
 * day, under a mark `{ from: today, asOf, doneAt, days }` (counted from `asOf`, stored at `doneAt`). One writer (the
 * job, under its lease) replaces it whole each run. A read using it misses what happened since `asOf`.
 */
export async function rollToday(now = new Date()): Promise<string[]> {
  const asOf = new Date();
  const today = chinaDate(now);
  const ids = (await allCenters()).map((c) => c.id);
  const counted = await countDays(ids, today, addDays(today, AHEAD_DAYS));
  const days = [...new Set([today, ...counted.keys()])].sort();
  for (const day of days) await store(ids, day, counted.get(day) ?? []);
  await ProvisionalDay.replaceOne({ _id: PROVISIONAL_ID }, { _id: PROVISIONAL_ID, from: today, asOf, doneAt: new Date(), days }, { upsert: true });
  return days;
}

/**
 * The job's step: count today again unless the last count finished less than 20 s ago, or less than that count took
 * (on a large county a count takes minutes; the job's other steps share its runner). On a small county the job (every
 * 30 s) counts at each run, so a finished case shows on the scorecards within about a minute. Returns whether it counted.
 */
/** The shortest gap between two counts of today. */
const TODAY_MIN_GAP_MS = 20_000;

export async function rollTodayIfDue(now = new Date()): Promise<boolean> {
  const p = await ProvisionalDay.findById(PROVISIONAL_ID).lean();
  if (p && p.from === chinaDate(now) && now.getTime() - p.doneAt.getTime() < Math.max(TODAY_MIN_GAP_MS, p.doneAt.getTime() - p.asOf.getTime())) return false;
  await rollToday(now);
  return true;
}

/**
 * What a read of a period reaching today shows today up to: the job's count's start when that count is used (see
 * `provisionalDays`), else now (counted live). Shown as 数据截至 so a staff member knows a case just finished may
 * not be in yet.
 */
export async function todayCountedAt(now = new Date()): Promise<Date> {
  const p = await ProvisionalDay.findById(PROVISIONAL_ID).lean();
  if (!p || p.from !== chinaDate(now)) return now;
  const took = p.doneAt.getTime() - p.asOf.getTime();
  return now.getTime() - p.doneAt.getTime() > Math.max(PROVISIONAL_MAX_AGE_MS, 2 * took) ? now : p.asOf;
}

/** Today and later from the job's count when it is of today and recent enough; null: count them live. */
async function provisionalDays(centerIds: string[], from: string, to: string, now: Date): Promise<CenterDay[] | null> {
  const p = await ProvisionalDay.findById(PROVISIONAL_ID).lean();
  if (!p || p.from !== chinaDate(now) || from < p.from) return null;
  const took = p.doneAt.getTime() - p.asOf.getTime();
  if (now.getTime() - p.doneAt.getTime() > Math.max(PROVISIONAL_MAX_AGE_MS, 2 * took)) return null;
  return storedDays(
    centerIds,
    p.days.filter((d) => d >= from && d < to),
  );
}

/**
 * The counted days of [from, to) for these centers: the stored rollups of the closed days (brought up to date
 * first), and today and later from the job's recent count of them (counted live when there is none), with the
 * rectification figures counted as they stand now. `live: true` counts today live whatever the job has stored.
 */
export async function rolledDays(centerIds: string[], from: string, to: string, now = new Date(), opts: { live?: boolean } = {}): Promise<CenterDay[]> {
  const today = chinaDate(now);
  const closedTo = to < today ? to : today;
  await bringUpToDate(centerIds, from, closedTo);
  const days = await closedDays(centerIds, from, closedTo);
  const liveFrom = from < today ? today : from;
  if (liveFrom < to) days.push(...((!opts.live && (await provisionalDays(centerIds, liveFrom, to, now))) || (await countRange(centerIds, liveFrom, to))));
  return days;
}

/**
 * The rollup job: every closed day of the last `backDays` not rolled yet (at most `limit` a run, counted in one
 * pass), then every dirty day. Idempotent: running it twice changes nothing.
 */
export async function rollClosedDays(now = new Date(), { backDays = 62, limit = 31 } = {}): Promise<number> {
  const today = chinaDate(now);
  const missing = (await unrolled(addDays(today, -backDays), today)).slice(0, limit);
  await rollDays(missing);
  for (const d of await DirtyDay.find({}).lean()) if (d.day < today) await rollCenterDay(d.centerKey, d.day);
  await sumMonths((await allCenters()).map((c) => c.id), addDays(today, -backDays), today);
  return missing.length;
}

/* ---- Month sums: a month of a center is one read (see FactMonth) ---- */

const monthId = (month: string, centerId: string) => `${month}|${centerId}`;
const monthOf = (day: string) => day.slice(0, 7);
const monthStart = (month: string) => `${month}-01`;
function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** [from, to) cut at month boundaries. */
function monthSegments(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  for (let a = from; a < to; ) {
    const month = monthOf(a);
    const end = nextMonthStart(month) < to ? nextMonthStart(month) : to;
    out.push({ month, from: a, to: end });
    a = end;
  }
  return out;
}

/** After a roll of these centers' days (stored): the sums of their months are stale until summed again. */
async function markMonthsStale(centerIds: string[], days: string[]): Promise<void> {
  const staleAt = new Date();
  const ids = [...new Set(days.map(monthOf))].flatMap((m) => centerIds.map((c) => monthId(m, c)));
  await inBatches(ids, 16, (id) => upsertOnce(() => FactMonth.updateOne({ _id: id }, { $max: { staleAt } }, { upsert: true })));
}

/**
 * An upsert by `_id`, tried again once if a racing upsert inserted the document first (duplicate key): the second
 * try updates it. A lost stale mark would let a sum hide a rolled day, so this must not give up on a race.
 */
async function upsertOnce<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return write();
  }
}

type MonthDoc = { lines?: unknown; corrected?: string[]; to?: string; builtAt?: Date; staleAt?: Date };

/** A month sum that may stand for its center's days from the month's start to `doc.to` (≤ `end`). */
function usable(doc: MonthDoc | null, end: string): doc is MonthDoc & { lines: RollupLine[]; to: string; builtAt: Date } {
  return !!doc && Array.isArray(doc.lines) && !!doc.builtAt && !!doc.to && doc.to <= end && (!doc.staleAt || doc.staleAt < doc.builtAt);
}

/** One center's days added together: lines by key, corrected cases once each. */
function sumDays(centerId: string, days: CenterDay[]): CenterDay {
  const lines = new Map<string, RollupLine>();
  const corrected = new Set<string>();
  for (const d of days) {
    for (const c of d.corrected) corrected.add(c);
    for (const l of d.lines) {
      let acc = lines.get(l.key);
      if (!acc) lines.set(l.key, (acc = { key: l.key, ...emptyLineAcc() }));
      addCounts(acc, l);
    }
  }
  return { centerId, lines: [...lines.values()], corrected: [...corrected].sort() };
}

/** Store a center's sum of [month start, to), begun (its days read) after `builtAt`. */
async function storeMonth(sum: CenterDay, month: string, to: string, builtAt: Date): Promise<void> {
  await upsertOnce(() => FactMonth.updateOne({ _id: monthId(month, sum.centerId) }, { $set: { centerKey: sum.centerId, month, to, lines: sum.lines, corrected: sum.corrected, builtAt } }, { upsert: true }));
}

/**
 * The stored closed days [from, to) of these centers, a month at a time: a center's month from its sum (plus the
 * days after what the sum holds), or, when there is no usable sum, from its day documents — which are then summed
 * and stored for the next read. Every read is by `_id`, a few in parallel.
 */
async function closedDays(centerIds: string[], from: string, to: string): Promise<CenterDay[]> {
  if (from >= to) return [];
  const builtAt = new Date();
  const wanted = monthSegments(from, to).flatMap((s) => centerIds.map((c) => ({ ...s, centerId: c, whole: s.from === monthStart(s.month) })));
  const sums = await inBatches(wanted, 16, (w) => (w.whole ? FactMonth.findById(monthId(w.month, w.centerId)).lean<MonthDoc>() : Promise.resolve(null)));
  const out: CenterDay[] = [];
  const toRead = wanted.map((w, i) => {
    const sum = sums[i];
    if (!usable(sum, w.to)) return { ...w, days: daysOf(w.from, w.to), build: w.whole };
    out.push({ centerId: w.centerId, lines: sum.lines, corrected: sum.corrected ?? [] });
    return { ...w, days: daysOf(sum.to, w.to), build: false };
  });
  const read = await inBatches(
    toRead.flatMap((r, i) => r.days.map((d) => ({ i, id: rollupId(d, r.centerId) }))),
    16,
    async ({ i, id }) => ({ i, doc: await FactRollup.findById(id).lean() }),
  );
  const byWanted = new Map<number, CenterDay[]>();
  for (const { i, doc } of read) if (doc) byWanted.set(i, [...(byWanted.get(i) ?? []), { centerId: doc.centerKey, lines: doc.lines as RollupLine[], corrected: doc.corrected ?? [] }]);
  const builds: { sum: CenterDay; month: string; to: string }[] = [];
  toRead.forEach((r, i) => {
    const days = byWanted.get(i) ?? [];
    if (!r.build) return out.push(...days);
    const sum = sumDays(r.centerId, days);
    builds.push({ sum, month: r.month, to: r.to });
    out.push(sum);
  });
  // Storing the sums is for the next read: a failure here does not fail this one (the job sums them anyway).
  await inBatches(builds, 8, (b) => storeMonth(b.sum, b.month, b.to, builtAt).catch(() => undefined));
  return out;
}

/**
 * The job's step after rolling: sum every center's months of [from, today) whose sum is missing, stale or short
 * of the closed days (the current month's sum ends at today, so it is summed again once a day). Only months that
 * start in the range and whose days are all rolled: a sum never stands for a day without its document.
 */
async function sumMonths(centerIds: string[], from: string, today: string): Promise<number> {
  const notYet = await unrolled(from, today);
  const complete = monthSegments(from, today).filter((s) => s.from === monthStart(s.month) && !notYet.some((d) => d >= s.from && d < s.to));
  const wanted = complete.flatMap((s) => centerIds.map((c) => ({ ...s, centerId: c })));
  const sums = await inBatches(wanted, 16, (w) => FactMonth.findById(monthId(w.month, w.centerId)).lean<MonthDoc>());
  const due = wanted.filter((w, i) => !usable(sums[i], w.to) || sums[i]!.to! < w.to);
  await inBatches(due, 4, async (w) => {
    const builtAt = new Date();
    await storeMonth(sumDays(w.centerId, await storedDays([w.centerId], daysOf(w.from, w.to))), w.month, w.to, builtAt);
  });
  return due.length;
}
