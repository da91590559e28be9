import { z } from 'zod';
import { ZMyScorecard, ZObjectId, ZScorecards } from '@bianmin/shared';
import { defineRoutes, XLSX } from '../../http/route';
import type { Period } from '../facts';
import { myScorecard, scorecards } from './scorecards.service';
import { scorecardsXlsx } from './scorecards.export';

/** month:2026-11 | quarter:2026-Q4 | year:2026 */
const ZPeriod = z
  .string()
  .regex(/^(month:\d{4}-(0[1-9]|1[0-2])|quarter:\d{4}-Q[1-4]|year:\d{4})$/, { message: '周期格式：month:2026-11、quarter:2026-Q4 或 year:2026' })
  .transform((s): Period => {
    const [kind, value] = s.split(':');
    return { kind: kind as Period['kind'], value };
  });
const ZCenterPeriod = z.object({ centerId: ZObjectId, period: ZPeriod }).strict();
const noStore = 'private, no-store';

export function scorecardRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '考核', jwtSecret);
  r.get('/admin/scorecards', { summary: '本中心及下级的考核数据（中心、窗口、工作人员、代办员；月/季/年）', access: ['admin'], query: ZCenterPeriod, returns: ZScorecards }, async ({ actor, query, res }) => {
    res.set('Cache-Control', noStore).json(await scorecards(actor, query.centerId, query.period));
  });
  r.get('/admin/scorecards.xlsx', { summary: '导出考核数据（与接口同一组数字）', access: ['admin'], query: ZCenterPeriod, returns: XLSX }, async ({ actor, query, res }) => {
    const file = await scorecardsXlsx(await scorecards(actor, query.centerId, query.period));
    res.set('Content-Disposition', `attachment; filename="scorecards-${query.period.value}.xlsx"`).set('Cache-Control', noStore).type(XLSX).send(file);
  });
  r.get('/staff/scorecard', { summary: '我的考核数据', access: ['staff', 'agent'], query: z.object({ period: ZPeriod }).strict(), returns: ZMyScorecard }, async ({ actor, query, res }) => {
    res.set('Cache-Control', noStore).json(await myScorecard(actor, query.period));
  });
  return r;
}
