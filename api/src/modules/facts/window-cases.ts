import { isBadRating, type TWindowCaseFigures } from '@bianmin/shared';
import type { WindowCaseFact } from '../cases';
import { caseLapseKind } from '../cases';
import type { LapseFact } from '../queue';

/**
 * Counting 窗口办件 into the figures scorecards and the monthly notice show (ZWindowCaseFigures): one accumulator
 * per line, the same arithmetic for both, so a staff member's line and the notice can never disagree on a rule.
 */
export type CaseAcc = Omit<TWindowCaseFigures, 'onTimeRate' | 'goodRate'> & { good: number };

export const emptyCaseAcc = (): CaseAcc => ({
  received: 0,
  immediate: 0,
  committed: 0,
  joint: 0,
  reported: 0,
  supplemented: 0,
  refused: 0,
  completed: 0,
  onTime: 0,
  overdue: 0,
  breaches: 0,
  rated: 0,
  good: 0,
});

const inRange = (at: Date | null, r: { start: Date; end: Date }) => !!at && at >= r.start && at < r.end;

/** A case counts as received (by type, 补办, 退办) when received in the range, as completed when completed in it. */
export function countCase(a: CaseAcc, f: WindowCaseFact, range: { start: Date; end: Date }): void {
  if (inRange(f.receivedAt, range)) {
    a.received++;
    a[f.type]++;
    if (f.supplemented) a.supplemented++;
    if (f.outcome === 'refused') a.refused++;
  }
  if (f.outcome === 'completed' && inRange(f.completedAt, range)) {
    a.completed++;
    if (f.onTime) a.onTime++;
  }
}

/** Window-case lapses: overdue working days and 一次性告知 breaches (other lapses are not counted here). */
export function countCaseLapse(a: CaseAcc, l: LapseFact): void {
  const kind = caseLapseKind(l.id);
  if (kind === 'overdue') a.overdue++;
  else if (kind === 'breach') a.breaches++;
}

/** A counted rating of a window case. */
export function countCaseRating(a: CaseAcc, level: number): void {
  a.rated++;
  if (!isBadRating(level)) a.good++;
}

const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

export function caseFigures(a: CaseAcc): TWindowCaseFigures {
  const { good, ...counts } = a;
  return { ...counts, onTimeRate: pct(a.onTime, a.completed), goodRate: pct(good, a.rated) };
}
