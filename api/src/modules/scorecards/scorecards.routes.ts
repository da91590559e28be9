import { z } from 'zod';
import { ZObjectId } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { AppError } from '../../http/errors';
import { scorecards, scorecardsXlsx, type Period } from './scorecards.service';

/** month:2026-11 | quarter:2026-Q4 | year:2026 */
const ZPeriod = z
  .string()
  .regex(/^(month:\d{4}-(0[1-9]|1[0-2])|quarter:\d{4}-Q[1-4]|year:\d{4})$/, { message: '周期格式：month:2026-11、quarter:2026-Q4 或 year:2026' })
  .transform((s): Period => {
    const [kind, value] = s.split(':');
    return { kind: kind as Period['kind'], value };
  });

export function scorecardRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '考核', jwtSecret);
  r.get('/admin/scorecards', { summary: '本中心及下级的考核数据（中心、窗口、工作人员、代办员；月/季/年）', access: ['admin'], query: z.object({ centerId: ZObjectId, period: ZPeriod }).strict() }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await scorecards(actor, query.centerId, query.period));
  });
  r.get('/admin/scorecards.xlsx', { summary: '导出考核数据（与接口同一组数字）', access: ['admin'], query: z.object({ centerId: ZObjectId, period: ZPeriod }).strict() }, async ({ actor, query, res }) => {
    const data = await scorecards(actor, query.centerId, query.period);
    res.set('Content-Disposition', `attachment; filename="scorecards-${query.period.value}.xlsx"`).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.set('Cache-Control', 'private, no-store');
    res.send(await scorecardsXlsx(data));
  });
  r.get('/staff/scorecard', { summary: '我的考核数据', access: ['staff', 'agent'], query: z.object({ period: ZPeriod }).strict() }, async ({ actor, query, res }) => {
    if (!actor.centerId) throw new AppError('FORBIDDEN');
    const all = await scorecards({ ...actor, role: 'staff' }, actor.centerId, query.period);
    const mine = [...all.staff, ...all.agents].find((l) => l.key.endsWith(`:${actor.id}`));
    res.set('Cache-Control', 'private, no-store');
    res.json({ period: all.period, from: all.from, to: all.to, line: mine ?? null });
  });
  return r;
}
