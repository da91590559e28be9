import { z } from 'zod';

/** A scorecard period: month "2026-11", quarter "2026-Q4" or year "2026". */
export const ZScorePeriod = z.object({ kind: z.enum(['month', 'quarter', 'year']), value: z.string() }).strict();
export type TScorePeriod = z.infer<typeof ZScorePeriod>;

/** A rate in % with one decimal, or null when there is nothing to count. */
const ZRate = z.number().nullable();

/**
 * One scorecard line (a center, window, staff member or agent). The rates follow GB/T 39735-2020 as documented on
 * the scorecards service: 好评率, 主动评价好评率, 未评价率, 差评整改率, 回访率, 限时办结率.
 */
export const ZScoreLine = z
  .object({
    /** `center:<id>`, `window:<id>`, `staff:<id>` or `agent:<id>`. */
    key: z.string(),
    name: z.string(),
    /** Served bookings. */
    served: z.number().int(),
    /** Finished 代办 cases. */
    casesFinished: z.number().int(),
    onTimeRate: ZRate,
    /** 失误: reception and deadline lapses. */
    lapses: z.number().int(),
    ratings: z.number().int(),
    goodRate: ZRate,
    activeGoodRate: ZRate,
    badCount: z.number().int(),
    rectifiedRate: ZRate,
    followUpRate: ZRate,
    unratedRate: ZRate,
    complaints: z.number().int(),
  })
  .strict();
export type TScoreLine = z.infer<typeof ZScoreLine>;

/** GET /api/admin/scorecards: a center and those below it, for one period; `to` is exclusive. */
export const ZScorecards = z
  .object({
    period: ZScorePeriod,
    from: z.string(),
    to: z.string(),
    centers: z.array(ZScoreLine),
    windows: z.array(ZScoreLine),
    staff: z.array(ZScoreLine),
    agents: z.array(ZScoreLine),
  })
  .strict();
export type TScorecards = z.infer<typeof ZScorecards>;

/** GET /api/staff/scorecard: the caller's own line (null when nothing happened in the period). */
export const ZMyScorecard = z.object({ period: ZScorePeriod, from: z.string(), to: z.string(), line: ZScoreLine.nullable() }).strict();
export type TMyScorecard = z.infer<typeof ZMyScorecard>;

const ZCount = z.number().int();

/** A month's public figures (每月公告) for a center and the centers below it. */
export const ZReportFigures = z
  .object({
    centerName: z.string(),
    /** YYYY-MM */
    month: z.string(),
    from: z.string(),
    to: z.string(),
    /** Served bookings by the item's case type (即办/承诺/联办/上报), plus 退办 and 补办 from 代办 cases. */
    cases: z.object({ immediate: ZCount, committed: ZCount, joint: ZCount, reported: ZCount, refused: ZCount, corrected: ZCount }).strict(),
    onTimeRate: ZRate,
    assisted: z.object({ help: ZCount, delegate: ZCount, home: ZCount }).strict(),
    ratings: z
      .object({
        total: ZCount,
        /** Counted ratings per level "5" … "1". */
        byLevel: z.record(z.string(), ZCount),
        goodRate: ZRate,
        unratedRate: ZRate,
        bad: ZCount,
        badRectified: ZCount,
      })
      .strict(),
    complaints: z.object({ total: ZCount, answered: ZCount, answeredInTime: ZCount }).strict(),
    generatedAt: z.string(),
  })
  .strict();
export type TReportFigures = z.infer<typeof ZReportFigures>;

/** GET /api/reports/:centerId/:month: a published monthly report is its figures. */
export const ZMonthlyReport = ZReportFigures;
export type TMonthlyReport = TReportFigures;

/** GET /api/reports: months with a published report, newest first. */
export const ZMonthlyReportList = z.object({ items: z.array(z.object({ month: z.string() }).strict()) }).strict();
export type TMonthlyReportList = z.infer<typeof ZMonthlyReportList>;
