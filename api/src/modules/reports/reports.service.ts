import { Types } from 'mongoose';
import { chinaDate, ZReportFigures, type TMonthlyReportList, type TReportFigures } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { allCenters, findCenter, getCenterOr404 } from '../centers';
import { complaints, correctedCases, factScope, finishedCases, lapses, openedCases, ratingsGiven, rectifications, refusedCases, rolledDays, servedBookings, windowCases } from '../facts';
import { MonthlyReport } from './report.model';
import { reportPolicy } from './reports.policy';
import { assistedFigures, complaintFigures, noticeFigures, ratingFigures, windowCaseFigures } from './figures';

/**
 * Compute a month's figures for a center and the centers below it, summed from the per-day rollups of the facts
 * (closed days stored, today counted live). 办件 are the window cases; served bookings and 代办 have their own lines.
 * Equal to `liveReport` but for `generatedAt`.
 */
export async function computeReport(centerId: string, month: string): Promise<TReportFigures> {
  const center = await getCenterOr404(centerId);
  const scope = await factScope(centerId, { kind: 'month', value: month });
  const figures = noticeFigures(await rolledDays(scope.centerIds, scope.from, scope.to));
  return { centerName: center.name, month, from: scope.from, to: scope.to, ...figures, generatedAt: new Date().toISOString() };
}

/** The same month counted from every fact of it: the reference the rollups are checked against. */
export async function liveReport(centerId: string, month: string): Promise<TReportFigures> {
  const center = await getCenterOr404(centerId);
  const scope = await factScope(centerId, { kind: 'month', value: month });
  const [cases, lapseRows, bookings, modes, refused, finished, corrected, ratings, rects, complaintRows] = await Promise.all([
    windowCases(scope),
    lapses(scope),
    servedBookings(scope),
    openedCases(scope),
    refusedCases(scope),
    finishedCases(scope),
    correctedCases(scope),
    ratingsGiven(scope),
    rectifications(scope),
    complaints(scope),
  ]);
  const caseFigures = windowCaseFigures(cases, scope, lapseRows, ratings);
  return {
    centerName: center.name,
    month,
    from: scope.from,
    to: scope.to,
    cases: caseFigures,
    bookings: { served: bookings.length },
    assisted: assistedFigures(modes, refused, corrected, finished),
    ratings: ratingFigures(ratings, rects, bookings.length + finished.length + caseFigures.completed),
    complaints: complaintFigures(complaintRows),
    generatedAt: new Date().toISOString(),
  };
}

/** Compute and store (replace) a month's report. */
export async function generate(centerId: string, month: string): Promise<TReportFigures> {
  const figures = await computeReport(centerId, month);
  const id = `${centerId}:${month}`;
  await MonthlyReport.replaceOne({ _id: id }, { _id: id, centerId: new Types.ObjectId(centerId), centerKey: centerId, month, figures }, { upsert: true });
  return figures;
}

/** An admin over the center asks for a finished month's report now (or again). */
export async function generateOnDemand(actor: Actor, centerId: string, month: string): Promise<TReportFigures> {
  const center = await findCenter(centerId);
  reportPolicy.authorize(actor, 'generate', { centerId, ancestors: center?.ancestors ?? [] }, '无权管理该服务中心的数据');
  if (month >= chinaDate(new Date()).slice(0, 7)) throw AppError.validation([{ field: 'month', message: '只能生成已结束月份的公告' }]);
  return generate(centerId, month);
}

const previousMonth = (today: string) => {
  const [y, m] = today.slice(0, 7).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** After month end (days 1–5), every center's report for last month, once. */
export async function generateDue(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  if (Number(today.slice(8)) > 5) return 0;
  const last = previousMonth(today);
  let n = 0;
  for (const c of await allCenters()) {
    if (await MonthlyReport.exists({ _id: `${c.id}:${last}` })) continue;
    await generate(c.id, last);
    n++;
  }
  return n;
}

/**
 * A published month. A report stored before 办件 meant window cases (served bookings counted as 办件) no longer
 * matches the figures' shape: it is computed again by today's rules and stored, rather than shown wrong.
 */
export async function publicReport(centerId: string, month: string): Promise<TReportFigures> {
  const r = await MonthlyReport.findById(`${centerId}:${month}`).lean();
  if (!r) throw AppError.notFound('该月公告');
  const stored = ZReportFigures.safeParse(r.figures);
  return stored.success ? stored.data : generate(centerId, month);
}

export async function listPublic(centerId: string): Promise<TMonthlyReportList> {
  const rows = await MonthlyReport.find({ centerKey: centerId }, { month: 1 }).sort({ month: -1 }).limit(36).lean();
  return { items: rows.map((r) => ({ month: r.month })) };
}
