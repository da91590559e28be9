import { isBadRating, type TScoreLine } from '@bianmin/shared';
import { caseFigures, countCase, countCaseLapse, countCaseRating, emptyLineAcc, windowCaseRatingId, type BookingFact, type ComplaintFact, type FinishedCaseFact, type LapseFact, type LineAcc, type RatingFact, type WindowCaseFact } from '../facts';

/**
 * Counting facts into scorecard lines. Each fact counts on every line it belongs to: its center, window, staff
 * member, agent (keys `center:<id>`, `window:<id>`, `staff:<id>`, `agent:<id>`).
 */
export type Acc = LineAcc;
const empty = emptyLineAcc;

const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/** The keys of the lines a fact counts on (a missing id adds no line). */
function keysOf(f: { centerId: string; windowId?: string | null; staffId?: string | null; agentId?: string | null }): string[] {
  return [`center:${f.centerId}`, ...(f.windowId ? [`window:${f.windowId}`] : []), ...(f.staffId ? [`staff:${f.staffId}`] : []), ...(f.agentId ? [`agent:${f.agentId}`] : [])];
}

export class Tally {
  readonly groups = new Map<string, Acc>();
  /** Rating ids of the window cases completed in the period (their ratings also count on the case figures). */
  private readonly caseRatingIds = new Set<string>();

  /** @param range the period as instants: window cases count as received / completed inside it. */
  constructor(private readonly range: { start: Date; end: Date } = { start: new Date(0), end: new Date(8.64e15) }) {}

  private acc(k: string): Acc {
    let a = this.groups.get(k);
    if (!a) this.groups.set(k, (a = empty()));
    return a;
  }

  bookings(rows: BookingFact[]): void {
    for (const b of rows) for (const k of keysOf({ centerId: b.centerId, windowId: b.windowId, staffId: b.servedBy })) this.acc(k).served++;
  }

  /** 窗口办件 on the center, window and receiving staff member's lines (see `countCase` for what counts when). */
  windowCases(rows: WindowCaseFact[]): void {
    for (const c of rows) {
      for (const k of keysOf(c)) countCase(this.acc(k).windowCases, c, this.range);
      if (c.outcome === 'completed' && c.completedAt && c.completedAt >= this.range.start && c.completedAt < this.range.end) this.caseRatingIds.add(windowCaseRatingId(c.id));
    }
  }

  /** The rated records of the period: served bookings, finished 代办 and the window cases completed in it. */
  recordIds(bookings: BookingFact[], cases: FinishedCaseFact[]): Set<string> {
    return new Set([...bookings.map((b) => `booking:${b.id}`), ...cases.map((c) => `case:${c.id}`), ...this.caseRatingIds]);
  }

  cases(rows: FinishedCaseFact[]): void {
    for (const c of rows) {
      for (const k of keysOf(c)) {
        this.acc(k).cases++;
        if (c.onTime) this.acc(k).onTime++;
      }
    }
  }

  /** Ratings of the records served in the period; a 差评 counts as contacted once 回访 began, rectified once answered. */
  ratings(rows: RatingFact[], servedIds: Set<string>, rects: Map<string, string>): void {
    for (const r of rows) {
      if (!servedIds.has(r.id)) continue;
      const status = rects.get(r.id);
      const ofCase = this.caseRatingIds.has(r.id);
      for (const k of keysOf(r)) {
        const a = this.acc(k);
        if (ofCase) countCaseRating(a.windowCases, r.level);
        a.rated++;
        if (!isBadRating(r.level)) {
          a.good++;
          continue;
        }
        a.bad++;
        if (status === 'reply' || status === 'closed') a.rectified++;
        if (status && status !== 'open') a.contacted++;
      }
    }
  }

  lapses(rows: LapseFact[]): void {
    for (const l of rows) {
      for (const k of keysOf(l)) {
        this.acc(k).lapses++;
        countCaseLapse(this.acc(k).windowCases, l);
      }
    }
  }

  /** Complaints (not suggestions) count on the center and on the person complained about. */
  complaints(rows: ComplaintFact[]): void {
    for (const c of rows) if (c.kind === 'complaint') for (const k of keysOf({ centerId: c.centerId, staffId: c.staffId })) this.acc(k).complaints++;
  }

  /** Ids behind the keys with this prefix ("staff:" → staff ids). */
  ids(prefix: string): string[] {
    return [...this.groups.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  section(prefix: string, names: Map<string, string>): TScoreLine[] {
    return sectionOf(this.groups, prefix, names);
  }
}

/** Ids behind the keys with this prefix ("staff:" → staff ids). */
export const idsOf = (groups: Map<string, Acc>, prefix: string): string[] => [...groups.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** The lines of one kind, by name in Chinese order. */
export function sectionOf(groups: Map<string, Acc>, prefix: string, names: Map<string, string>): TScoreLine[] {
  return [...groups.entries()]
    .filter(([k]) => k.startsWith(prefix))
    .map(([k, a]) => scoreLine(k, names.get(k.slice(prefix.length)) ?? '', a))
    .sort((x, y) => x.name.localeCompare(y.name, 'zh'));
}

/**
 * One scorecard line. Rates follow GB/T 39735-2020 as applied here:
 * - 好评率 = (非常满意 + 满意 + 基本满意) ÷ ratings counted (an upheld appeal removes a rating from the count);
 * - 主动评价好评率 = 好评 among ratings the citizen gave of their own accord ÷ those ratings. This system never
 *   fills in a default rating, so every counted rating is 主动 and the two rates coincide — by construction, not
 *   by assumption;
 * - 未评价率 = served records with no rating ÷ served records (a record still inside its rating period counts as
 *   not rated yet);
 * - 差评整改率 = 差评 whose rectification reached the reply ÷ 差评; 回访率 = 差评 contacted ÷ 差评;
 * - 限时办结率 (代办) = finished 代办 cases with no late stage ÷ finished cases; window cases have their own
 *   on-time rate in `windowCases` (即办 ≤ 30 opening-hours minutes, others by the promised date);
 * - the rated records are served bookings, finished 代办 and completed window cases, so 未评价率 counts all three.
 */
export function scoreLine(key: string, name: string, a: Acc): TScoreLine {
  const records = a.served + a.cases + a.windowCases.completed;
  return {
    key,
    name,
    windowCases: caseFigures(a.windowCases),
    served: a.served,
    casesFinished: a.cases,
    onTimeRate: pct(a.onTime, a.cases),
    lapses: a.lapses,
    ratings: a.rated,
    goodRate: pct(a.good, a.rated),
    activeGoodRate: pct(a.good, a.rated),
    badCount: a.bad,
    rectifiedRate: pct(a.rectified, a.bad),
    followUpRate: pct(a.contacted, a.bad),
    unratedRate: pct(records - Math.min(a.rated, records), records),
    complaints: a.complaints,
  };
}
