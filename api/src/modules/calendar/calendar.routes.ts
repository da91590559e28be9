import { z } from 'zod';
import { ZCalendarDayPut, ZCalendarDays, ZCalendarQuery, ZCalendarRule, ZCalendarRules, ZDate, ZObjectId, ZWeekly, ZWeeklyAnswer } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import * as calendar from './calendar.service';

const ZScope = z.union([z.literal('national'), ZObjectId]);

export function calendarRoutes(jwtSecret: string) {
  const r = defineRoutes('/api/calendar', '工作日历', jwtSecret);
  r.get('', { summary: '中心的开放日与办公时间（含法定节假日、调休上班、闭馆、延时服务）', access: 'public', query: ZCalendarQuery, returns: ZCalendarDays }, async ({ query, res }) => {
    res.set('Cache-Control', 'public, no-cache');
    res.json({ items: await calendar.dayRange(query.centerId, query.from, query.to) });
  });
  return r;
}

export function adminCalendarRoutes(jwtSecret: string) {
  const r = defineRoutes('/api/admin/calendar', '工作日历管理', jwtSecret);
  const admin = ['admin'] as const;
  r.get('/days', { summary: '某范围某年的日历规则', access: admin, query: z.object({ scope: ZScope, year: z.coerce.number().int().min(2000).max(2100) }).strict(), returns: ZCalendarRules }, async ({ actor, query, res }) => {
    res.json(await calendar.listRules(actor, query.scope, query.year));
  });
  r.put('/days', { summary: '设置一天：全国节假日/调休上班（县级管理员），或本中心闭馆/开放/延时服务', access: admin, body: ZCalendarDayPut, returns: ZCalendarRule }, async ({ actor, body, res }) => {
    res.json(await calendar.putDay(actor, body));
  });
  r.delete('/days', { summary: '删除一天的规则', access: admin, query: z.object({ scope: ZScope, date: ZDate }).strict(), returns: 'none' }, async ({ actor, query, res }) => {
    await calendar.removeDay(actor, query.scope, query.date);
    res.status(204).end();
  });
  r.put('/weekly/:centerId', { summary: '中心每周办公时间', access: admin, params: z.object({ centerId: ZObjectId }).strict(), body: z.object({ weekly: ZWeekly }).strict(), returns: ZWeeklyAnswer }, async ({ actor, params, body, res }) => {
    res.json(await calendar.setWeekly(actor, params.centerId, body.weekly));
  });
  return r;
}
