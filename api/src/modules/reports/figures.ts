import { isBadRating, type TReportFigures } from '@bianmin/shared';
import { addCounts, caseFigures, countCase, countCaseLapse, countCaseRating, emptyCaseAcc, emptyNoticeAcc, windowCaseRatingId, type CenterDay, type ComplaintFact, type FinishedCaseFact, type LapseFact, type RatingFact, type WindowCaseFact } from '../facts';

/** Pure arithmetic of the monthly report: facts in, figures out (counted by hand in tests/api/reports.test.ts). */

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/**
 * 办件: the window cases of the month — received by type, 补办, 退办; completed and on time; overdue days and
 * 一次性告知 breaches dated in the month; window-case ratings given in the month (as the ratings section counts).
 */
export function windowCaseFigures(cases: WindowCaseFact[], range: { start: Date; end: Date }, lapses: LapseFact[], ratings: RatingFact[]): TReportFigures['cases'] {
  const a = emptyCaseAcc();
  for (const c of cases) countCase(a, c, range);
  for (const l of lapses) countCaseLapse(a, l);
  const prefix = windowCaseRatingId('');
  for (const r of ratings) if (r.id.startsWith(prefix)) countCaseRating(a, r.level);
  return caseFigures(a);
}

/** 帮办代办, its own line: opened by mode, 退办 and 补办 among 代办 cases, finished and their 限时办结率. */
export function assistedFigures(modes: string[], refused: number, corrected: number, finished: FinishedCaseFact[]): TReportFigures['assisted'] {
  const count = (m: string) => modes.filter((x) => x === m).length;
  return { help: count('help'), delegate: count('delegate'), home: count('home'), refused, corrected, finished: finished.length, onTimeRate: onTimeRate(finished) };
}

/** 限时办结率 of 代办: finished cases with no late stage ÷ finished cases. */
export const onTimeRate = (cases: FinishedCaseFact[]) => rate(cases.filter((c) => c.onTime).length, cases.length);

/**
 * Ratings given in the month: per level, 好评率 and 差评 with how many were put right. 未评价率 = rated records of the
 * month (served bookings, finished 代办, completed window cases) without a counted rating.
 */
export function ratingFigures(ratings: RatingFact[], rects: Map<string, string>, records: number): TReportFigures['ratings'] {
  const byLevel: Record<string, number> = { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 };
  for (const r of ratings) byLevel[String(r.level)]++;
  const bad = ratings.filter((r) => isBadRating(r.level));
  const total = ratings.length;
  return {
    total,
    byLevel,
    goodRate: rate(total - bad.length, total),
    unratedRate: rate(Math.max(0, records - total), records),
    bad: bad.length,
    badRectified: bad.filter((r) => ['reply', 'closed'].includes(rects.get(r.id) ?? '')).length,
  };
}

/** Complaints and suggestions received in the month, answered, and answered by their due date. */
export function complaintFigures(rows: ComplaintFact[]): TReportFigures['complaints'] {
  const answered = rows.filter((c) => c.status === 'answered');
  return { total: rows.length, answered: answered.length, answeredInTime: answered.filter((c) => c.answeredOn && c.answeredOn <= c.answerDue).length };
}

/**
 * The notice's figures summed from the per-day rollups of the centers asked about: each center's own line (its
 * window cases, served bookings, finished 代办) and the notice counts on it (ratings by the day they were given, 代办
 * opened and refused, complaints); 代办 corrected count once per case over the month. The same rules as the
 * functions above, which count the month's facts directly.
 */
export function noticeFigures(days: CenterDay[]): Pick<TReportFigures, 'cases' | 'bookings' | 'assisted' | 'ratings' | 'complaints'> {
  const cases = emptyCaseAcc();
  const n = emptyNoticeAcc();
  const corrected = new Set<string>();
  let served = 0;
  let finished = 0;
  let onTime = 0;
  for (const d of days) {
    for (const c of d.corrected) corrected.add(c);
    const own = d.lines.find((l) => l.key === `center:${d.centerId}`);
    if (!own) continue;
    addCounts(cases, { ...own.windowCases, rated: 0, good: 0 });
    served += own.served;
    finished += own.cases;
    onTime += own.onTime;
    if (own.notice) addCounts(n, own.notice);
  }
  cases.rated = n.caseRated;
  cases.good = n.caseGood;
  const caseLine = caseFigures(cases);
  const total = Object.values(n.byLevel).reduce((a, b) => a + b, 0);
  const records = served + finished + caseLine.completed;
  return {
    cases: caseLine,
    bookings: { served },
    assisted: { help: n.help, delegate: n.delegate, home: n.home, refused: n.refused, corrected: corrected.size, finished, onTimeRate: rate(onTime, finished) },
    ratings: { total, byLevel: { ...n.byLevel }, goodRate: rate(total - n.bad, total), unratedRate: rate(Math.max(0, records - total), records), bad: n.bad, badRectified: n.badRectified },
    complaints: { total: n.complaints, answered: n.answered, answeredInTime: n.answeredInTime },
  };
}
