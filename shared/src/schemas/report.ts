import { z } from 'zod';

/** A scorecard period: month "2026-11", quarter "2026-Q4" or year "2026". */
export const ZScorePeriod = z.object({ kind: z.enum(['month', 'quarter', 'year']), value: z.string() }).strict();
export type TScorePeriod = z.infer<typeof ZScorePeriod>;

/** A rate in % with one decimal, or null when there is nothing to count. */
const ZRate = z.number().nullable();
const ZCount = z.number().int();

/**
 * 窗口办件 counted for a scorecard line or the monthly notice (五件制). Two populations, each named:
 * - cases **received** in the period (受理, the case's reception instant): by the item's type — 即办, 承诺, 联办,
 *   上报 add up to `received` — and, among the same cases, 补办 (a 补正告知书 was issued) and 退办 (refused);
 *   a case can be both a 承诺件 and a 补办件;
 * - cases **completed** (办结) in the period: `onTime` by the shared rules — 即办 within 30 opening-hours minutes of
 *   its clock, the others on or before their promised date — and `onTimeRate` = onTime ÷ completed;
 * - lapses dated in the period: `overdue` (one per working day past the promised date) and `breaches` (一次性告知);
 * - counted ratings of window cases (`rated`, `goodRate` = 好评 ÷ rated): on a scorecard, those of the cases
 *   completed in the period; in the monthly notice, those given during the month (as its ratings section).
 */
export const ZWindowCaseFigures = z
  .object({
    received: ZCount,
    immediate: ZCount,
    committed: ZCount,
    joint: ZCount,
    reported: ZCount,
    supplemented: ZCount,
    refused: ZCount,
    completed: ZCount,
    onTime: ZCount,
    onTimeRate: ZRate,
    overdue: ZCount,
    breaches: ZCount,
    rated: ZCount,
    goodRate: ZRate,
  })
  .strict();
export type TWindowCaseFigures = z.infer<typeof ZWindowCaseFigures>;

/**
 * One scorecard line (a center, window, staff member or agent). The rates follow GB/T 39735-2020 as documented on
 * the scorecards service: 好评率, 主动评价好评率, 未评价率, 差评整改率, 回访率, 限时办结率.
 */
export const ZScoreLine = z
  .object({
    /** `center:<id>`, `window:<id>`, `staff:<id>` or `agent:<id>`. */
    key: z.string(),
    name: z.string(),
    /** 窗口办件: every case received, completed, on time, lapsed and rated (see ZWindowCaseFigures). */
    windowCases: ZWindowCaseFigures,
    /** Served bookings (预约接待): their own line, no longer counted as 办件. */
    served: z.number().int(),
    /** Finished 代办 cases. */
    casesFinished: z.number().int(),
    /** 代办 限时办结率: finished 代办 cases with no late stage ÷ finished 代办 cases. */
    onTimeRate: ZRate,
    /** 失误: every lapse (reception, deadlines of 代办 and window cases, 一次性告知 breaches). */
    lapses: z.number().int(),
    /** Counted ratings of every record of the period (bookings served, 代办 finished, window cases completed). */
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
    /** When the period includes today: the moment today's figures were counted up to (the rollup job's count). */
    countedAt: z.string().optional(),
  })
  .strict();
export type TScorecards = z.infer<typeof ZScorecards>;

/** GET /api/staff/scorecard: the caller's own line (null when nothing happened in the period). */
export const ZMyScorecard = z.object({ period: ZScorePeriod, from: z.string(), to: z.string(), line: ZScoreLine.nullable(), countedAt: z.string().optional() }).strict();
export type TMyScorecard = z.infer<typeof ZMyScorecard>;

/** A month's public figures (每月公告) for a center and the centers below it. */
export const ZReportFigures = z
  .object({
    centerName: z.string(),
    /** YYYY-MM */
    month: z.string(),
    from: z.string(),
    to: z.string(),
    /** 办件: the window cases of the month (see ZWindowCaseFigures); served bookings are not 办件. */
    cases: ZWindowCaseFigures,
    /** Bookings served in the month (预约接待), their own line. */
    bookings: z.object({ served: ZCount }).strict(),
    /**
     * 帮办代办, its own line: cases opened in the month by mode, 退办 and 补办 among 代办 cases (events in the month),
     * 代办 finished in the month and their 限时办结率.
     */
    assisted: z
      .object({ help: ZCount, delegate: ZCount, home: ZCount, refused: ZCount, corrected: ZCount, finished: ZCount, onTimeRate: ZRate })
      .strict(),
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
