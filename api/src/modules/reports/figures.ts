import { isBadRating, type TCaseType, type TReportFigures } from '@bianmin/shared';
import type { BookingFact, ComplaintFact, FinishedCaseFact, RatingFact } from '../facts';

/** Pure arithmetic of the monthly report: facts in, figures out (counted by hand in tests/api/reports.test.ts). */

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/** Served bookings by the item's case type, plus 退办 and 补办 counted from 代办 cases. */
export function caseFigures(bookings: BookingFact[], typeOf: Map<string, TCaseType>, refused: number, corrected: number): TReportFigures['cases'] {
  const cases = { immediate: 0, committed: 0, joint: 0, reported: 0, refused, corrected };
  for (const b of bookings) {
    const t = b.itemId ? typeOf.get(b.itemId) : undefined;
    if (t) cases[t]++;
  }
  return cases;
}

export function assistedFigures(modes: string[]): TReportFigures['assisted'] {
  const count = (m: string) => modes.filter((x) => x === m).length;
  return { help: count('help'), delegate: count('delegate'), home: count('home') };
}

/** 限时办结率: finished cases with no late stage ÷ finished cases. */
export const onTimeRate = (cases: FinishedCaseFact[]) => rate(cases.filter((c) => c.onTime).length, cases.length);

/**
 * Ratings given in the month: per level, 好评率 and 差评 with how many were put right. 未评价率 = served records of the
 * month without a counted rating.
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
