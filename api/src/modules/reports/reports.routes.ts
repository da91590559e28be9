import { z } from 'zod';
import { ZMonthlyReport, ZMonthlyReportList, ZObjectId, ZReportFigures } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { generateOnDemand, listPublic, publicReport } from './reports.service';
import { reportPdf } from './reports.pdf';
import { draftReport, ZReportDraft } from './drafts';

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM' });
const ZKey = z.object({ centerId: ZObjectId, month: ZMonth }).strict();

export function reportRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '每月公告', jwtSecret);
  r.get('/reports', { summary: '中心已发布的月度公告', access: 'public', query: z.object({ centerId: ZObjectId }).strict(), returns: ZMonthlyReportList }, async ({ query, res }) => {
    res.set('Cache-Control', 'public, no-cache').json(await listPublic(query.centerId));
  });
  r.get('/reports/:centerId/:month', { summary: '月度公告数据（办件、帮办代办、好差评、投诉建议）', access: 'public', params: ZKey, returns: ZMonthlyReport }, async ({ params, res }) => {
    res.set('Cache-Control', 'public, no-cache').json(await publicReport(params.centerId, params.month));
  });
  r.get('/reports/:centerId/:month/pdf', { summary: '月度公告 PDF（张贴用）', access: 'public', params: ZKey, returns: 'application/pdf' }, async ({ params, res }) => {
    const pdf = await reportPdf(await publicReport(params.centerId, params.month));
    res.set('Content-Disposition', `inline; filename="report-${params.month}.pdf"`).type('application/pdf').send(pdf);
  });
  r.get('/admin/reports/:centerId/:month/draft', { summary: '某月公告草稿（随时生成，标“草稿”，不保存、不公开）', access: ['admin'], params: ZKey, returns: ZReportDraft }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store').json(await draftReport(actor, params.centerId, params.month));
  });
  r.post('/admin/reports', { summary: '立即生成（或重新生成）某月公告', access: ['admin'], body: ZKey, returns: ZReportFigures }, async ({ actor, body, res }) => {
    res.status(201).json(await generateOnDemand(actor, body.centerId, body.month));
  });
  return r;
}
