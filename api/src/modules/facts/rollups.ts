import { addDays, chinaDate, chinaInstant, isBadRating } from '@bianmin/shared';
import { allCenters, settingsFor } from '../centers';
import { assistedFacts } from '../delegations';
import { complaints, finishedCases, lapses, ratingsGiven, rectifications, servedBookings, windowCases, windowCaseRatingId, type FactScope } from './facts';
import { countCase, countCaseLapse, countCaseRating, emptyCaseAcc, type CaseAcc } from './window-cases';
import { DirtyDay, FactRollup, RolledDay } from './rollup.model';

/**
 * Per-day rollups of the facts. A closed day is rolled once by a job (or, if the job has not come to it yet, by the
 * first read that needs it) into one document per center holding every line's counts; a change to a closed day's
 * facts marks that day dirty and the next read or job rolls it again. Only today (and later days) are counted live.
 * Scorecards and the monthly notice sum these counts: the same arithmetic as counting the facts of the whole period
 * (tests/api/rollups.test.ts checks it cell for cell).
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
 * One line of a rolled day: `center:<id>` lines also carry the notice counts. Where a 差评's rectification stands
 * changes after its day, so a line keeps the ids of its 差评 (`badIds` by record day for scorecards, `noticeBadIds`
 * by the day given for the notice) and `rectified` / `contacted` / `badRectified` are counted when read, from the
 * rectifications as they stand then (`applyRectifications`): a rectification step needs no re-roll.
 */
export type RollupLine = LineAcc & { key: string; notice?: NoticeAcc; badIds?: string[]; noticeBadIds?: string[] };

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

/**
 * Count the days [from, to) of the given centers from the facts, as one: the same rules as the live count of a
 * period (scorecards' Tally, the notice's figures). A rollup is one day; a longer range is counted to find days with
 * nothing in them at once, and for today and later. Ratings count on scorecard lines on the day of the record they
 * rate, and on the notice on the day they were given.
 */
export async function countRange(centerIds: string[], from: string, to: string): Promise<CenterDay[]> {
  const s = rangeScope(centerIds, from, to);
  const [caseRows, bookings, finished, ratingsOfRecords, given, lapseRows, complaintRows, assisted] = await Promise.all([
    windowCases(s),
    servedBookings(s),
    finishedCases(s),
    ratingsGiven({ ...s, end: new Date(s.end.getTime() + ((await longestRatingPeriod(centerIds)) + RATING_SLACK_DAYS) * DAY_MS) }),
    ratingsGiven(s),
    lapses(s),
    complaints(s),
    assistedFacts(s.centerIds, s.start, s.end),
  ]);
  const t = new DayTally();
  const records = new Set<string>();
  const caseRatingIds = new Set<string>();
  for (const c of caseRows) {
    for (const l of t.lines(c)) countCase(l.windowCases, c, s);
    if (c.outcome === 'completed' && c.completedAt && c.completedAt >= s.start && c.completedAt < s.end) caseRatingIds.add(windowCaseRatingId(c.id));
  }
  for (const b of bookings) {
    records.add(`booking:${b.id}`);
    for (const l of t.lines({ centerId: b.centerId, windowId: b.windowId, staffId: b.servedBy })) l.served++;
  }
  for (const c of finished) {
    records.add(`case:${c.id}`);
    for (const l of t.lines(c)) {
      l.cases++;
      if (c.onTime) l.onTime++;
    }
  }
  for (const r of ratingsOfRecords) {
    if (!records.has(r.id) && !caseRatingIds.has(r.id)) continue;
    for (const l of t.lines(r)) {
      if (caseRatingIds.has(r.id)) countCaseRating(l.windowCases, r.level);
      l.rated++;
      if (!isBadRating(r.level)) {
        l.good++;
        continue;
      }
      l.bad++;
      (l.badIds ??= []).push(r.id);
    }
  }
  const casePrefix = windowCaseRatingId('');
  for (const r of given) {
    const n = t.notice(r.centerId);
    n.byLevel[String(r.level) as '5']++;
    if (isBadRating(r.level)) {
      n.bad++;
      (t.line(r.centerId, `center:${r.centerId}`).noticeBadIds ??= []).push(r.id);
    }
    if (r.id.startsWith(casePrefix)) {
      n.caseRated++;
      if (!isBadRating(r.level)) n.caseGood++;
    }
  }
  for (const x of lapseRows) {
    for (const l of t.lines(x)) {
      l.lapses++;
      countCaseLapse(l.windowCases, x);
    }
  }
  for (const c of complaintRows) {
    if (c.kind === 'complaint') for (const l of t.lines({ centerId: c.centerId, staffId: c.staffId })) l.complaints++;
    const n = t.notice(c.centerId);
    n.complaints++;
    if (c.status === 'answered') {
      n.answered++;
      if (c.answeredOn && c.answeredOn <= c.answerDue) n.answeredInTime++;
    }
  }
  for (const o of assisted.opened) t.notice(o.centerId)[o.mode]++;
  for (const r of assisted.refused) t.notice(r.centerId).refused++;
  for (const c of assisted.corrected) t.corrected(c.centerId, c.caseId);
  return t.days();
}

/**
 * Ratings of the records of [from, to) are read from `from` until the longest rating period plus a month after `to`:
 * evaluations refuse a rating after its record's rating period, and the live count of the record's month reads
 * ratings until that period after the month's end, so a rating either one counts, the other counts too.
 */
const RATING_SLACK_DAYS = 31;

/** 差评 counted as put right: the rectification reached the reply (or was closed after it). */
const isRectified = (status: string | undefined) => status === 'reply' || status === 'closed';

/**
 * Count the rectification figures of rolled lines from where each 差评's rectification stands now (the same rule as
 * the live count): scorecards' `rectified` (reached the reply) and `contacted` (回访 began), the notice's `badRectified`.
 */
export function applyRectifications(days: CenterDay[], statuses: Map<string, string>): void {
  for (const d of days) {
    for (const l of d.lines) {
      l.rectified = 0;
      l.contacted = 0;
      for (const id of l.badIds ?? []) {
        const status = statuses.get(id);
        if (isRectified(status)) l.rectified++;
        if (status && status !== 'open') l.contacted++;
      }
      if (l.notice) l.notice.badRectified = (l.noticeBadIds ?? []).filter((id) => isRectified(statuses.get(id))).length;
    }
  }
}

const rollupId = (day: string, centerId: string) => `${day}|${centerId}`;

/** Store a counted day of these centers: each center's document replaced whole; centers with nothing that day have none. */
async function store(centerIds: string[], day: string, counted: CenterDay[]): Promise<void> {
  const rolledAt = new Date();
  const have = new Set(counted.map((c) => c.centerId));
  for (const c of counted) {
    const id = rollupId(day, c.centerId);
    await FactRollup.replaceOne({ _id: id }, { _id: id, centerKey: c.centerId, day, lines: c.lines, corrected: c.corrected, rolledAt }, { upsert: true });
  }
  const gone = centerIds.filter((c) => !have.has(c)).map((c) => rollupId(day, c));
  if (gone.length) await FactRollup.deleteMany({ _id: { $in: gone } });
}

/** Roll a closed day for every center (again, if it was rolled before: the stored day is replaced). */
export async function rollDay(day: string): Promise<void> {
  const started = new Date();
  const ids = (await allCenters()).map((c) => c.id);
  await store(ids, day, await countRange(ids, day, addDays(day, 1)));
  await RolledDay.replaceOne({ _id: day }, { _id: day, rolledAt: started }, { upsert: true });
  await DirtyDay.deleteMany({ day, at: { $lt: started } });
}

/** Roll one center's day again (after a change to its facts). */
async function rollCenterDay(centerId: string, day: string): Promise<void> {
  const started = new Date();
  await store([centerId], day, await countRange([centerId], day, addDays(day, 1)));
  await DirtyDay.deleteOne({ _id: rollupId(day, centerId), at: { $lt: started } });
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

/** Shorter runs are rolled day by day: a probe costs about as much as a day's roll. */
const PROBE_MIN_DAYS = 8;

/**
 * Roll the never-rolled days [from, to): a run of days in which nothing happened anywhere is found with one count
 * and marked rolled (no documents); otherwise the run is halved until single days are rolled.
 */
async function rollRun(from: string, to: string): Promise<void> {
  if (addDays(from, 1) >= to) return rollDay(from);
  if (daysOf(from, to).length < PROBE_MIN_DAYS) {
    for (const d of daysOf(from, to)) await rollDay(d);
    return;
  }
  const started = new Date();
  if ((await countRange((await allCenters()).map((c) => c.id), from, to)).length === 0) {
    const days = daysOf(from, to);
    await RolledDay.bulkWrite(days.map((d) => ({ replaceOne: { filter: { _id: d }, replacement: { _id: d, rolledAt: started }, upsert: true } })));
    await DirtyDay.deleteMany({ day: { $in: days }, at: { $lt: started } });
    return;
  }
  const mid = addDays(from, Math.floor(daysOf(from, to).length / 2));
  await rollRun(from, mid);
  await rollRun(mid, to);
}

/** The runs of consecutive days among these (sorted) days, as [from, to) ranges. */
function runsOf(days: string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d) last[1] = addDays(d, 1);
    else runs.push([d, addDays(d, 1)]);
  }
  return runs;
}

/** The days of [from, to) not rolled yet. */
async function unrolled(from: string, to: string): Promise<string[]> {
  const rolled = new Set((await RolledDay.find({ _id: { $gte: from, $lt: to } }, { _id: 1 }).lean()).map((d) => String(d._id)));
  return daysOf(from, to).filter((d) => !rolled.has(d));
}

/** Make the closed days of [from, to) current for these centers: roll the days never rolled, then the dirty ones. */
async function bringUpToDate(centerIds: string[], from: string, to: string): Promise<void> {
  if (from >= to) return;
  for (const [a, b] of runsOf(await unrolled(from, to))) await rollRun(a, b);
  const inScope = new Set(centerIds);
  const dirty = (await DirtyDay.find({}).lean()).filter((d) => d.day >= from && d.day < to && inScope.has(d.centerKey));
  for (const d of dirty) await rollCenterDay(d.centerKey, d.day);
}

/**
 * The counted days of [from, to) for these centers: the stored rollups of the closed days (brought up to date
 * first) and today and later counted live, with the rectification figures counted as they stand now.
 */
export async function rolledDays(centerIds: string[], from: string, to: string, now = new Date()): Promise<CenterDay[]> {
  const today = chinaDate(now);
  const closedTo = to < today ? to : today;
  await bringUpToDate(centerIds, from, closedTo);
  const stored = from < closedTo ? await FactRollup.find({ centerKey: { $in: centerIds }, day: { $gte: from, $lt: closedTo } }).lean() : [];
  const days: CenterDay[] = stored.map((r) => ({ centerId: r.centerKey, lines: r.lines as RollupLine[], corrected: r.corrected ?? [] }));
  const liveFrom = from < today ? today : from;
  if (liveFrom < to) days.push(...(await countRange(centerIds, liveFrom, to)));
  applyRectifications(days, await rectifications(rangeScope(centerIds, from, to)));
  return days;
}

/**
 * The rollup job: every closed day of the last `backDays` not rolled yet (oldest first, at most `limit` a run), then
 * every dirty day. Idempotent: running it twice changes nothing.
 */
export async function rollClosedDays(now = new Date(), { backDays = 62, limit = 31 } = {}): Promise<number> {
  const today = chinaDate(now);
  const missing = (await unrolled(addDays(today, -backDays), today)).slice(0, limit);
  for (const [a, b] of runsOf(missing)) await rollRun(a, b);
  const n = missing.length;
  for (const d of await DirtyDay.find({}).lean()) if (d.day < today) await rollCenterDay(d.centerKey, d.day);
  return n;
}
