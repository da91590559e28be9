/**
 * 月度公告草稿: an admin may look at the current (or any) month's figures at any time, e.g. mid-month or on a fresh
 * install where no month has ended yet. A draft is computed on request and never stored, so the public report list
 * and `GET /api/reports/:centerId/:month` (published months only) never show it; the final is still generated after
 * month end (by the 5th, or on demand with POST /api/admin/reports).
 */
import { z } from 'zod';
import { chinaDate, ZReportFigures } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { findCenter } from '../centers';
import { reportPolicy } from './reports.policy';
import { computeReport } from './reports.service';

/** The figures marked as a draft, with the day they run to (today for the current month). */
export const ZReportDraft = ZReportFigures.extend({
  /** Always 草稿: a draft is never the published report. */
  status: z.literal('草稿'),
  /** Last day counted: today for the current month, the month's last day for a past one. */
  countedTo: z.string(),
}).strict();
export type TReportDraft = z.infer<typeof ZReportDraft>;

/** A month's figures so far, for an admin over the center; months after the current one have nothing to count. */
export async function draftReport(actor: Actor, centerId: string, month: string, now = new Date()): Promise<TReportDraft> {
  const center = await findCenter(centerId);
  reportPolicy.authorize(actor, 'generate', { centerId, ancestors: center?.ancestors ?? [] }, '无权管理该服务中心的数据');
  const today = chinaDate(now);
  if (month > today.slice(0, 7)) throw AppError.validation([{ field: 'month', message: '还没到这个月，没有可统计的数据' }]);
  const figures = await computeReport(centerId, month);
  return { ...figures, status: '草稿', countedTo: figures.to < today ? figures.to : today };
}
