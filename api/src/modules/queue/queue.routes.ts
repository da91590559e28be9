import { z } from 'zod';
import { ZBooking, ZBookingCode, ZBookingList, ZCheckIn, ZDate, ZObjectId, ZQueue, ZQueueTicket, chinaDate } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import type { QueueService } from './queue.service';

const ZId = z.object({ id: ZObjectId }).strict();
const staff = ['staff', 'admin'] as const;

export function queueRoutes(queue: QueueService, jwtSecret: string) {
  const r = defineRoutes('/api/staff', '窗口', jwtSecret);
  r.post('/check-in', { summary: '凭预约码签到取号（输入或扫码）', access: staff, body: z.object({ code: ZBookingCode }).strict(), returns: ZCheckIn }, async ({ actor, body, res }) => {
    res.json(await queue.checkIn(actor, body.code));
  });
  r.post('/walk-in', { summary: '现场取号（priority：绿色通道优先叫号）', access: staff, body: z.object({ windowId: ZObjectId, priority: z.boolean().default(false) }).strict(), returns: ZQueueTicket }, async ({ actor, body, res }) => {
    res.status(201).json(await queue.walkIn(actor, body.windowId, body.priority));
  });
  r.get('/queue', { summary: '窗口当天排队情况', access: staff, query: z.object({ windowId: ZObjectId, date: ZDate.optional() }).strict(), returns: ZQueue }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await queue.queue(actor, query.windowId, query.date ?? chinaDate(new Date())));
  });
  r.post('/queue/call-next', { summary: '叫下一个号', access: staff, body: z.object({ windowId: ZObjectId }).strict(), returns: ZQueueTicket }, async ({ actor, body, res }) => {
    res.json(await queue.callNext(actor, body.windowId));
  });
  r.post('/queue/tickets/:id/done', { summary: '办结当前号', access: staff, params: ZId, returns: ZQueueTicket }, async ({ actor, params, res }) => {
    res.json(await queue.done(actor, params.id));
  });
  r.get('/bookings', { summary: '本中心某天的预约（按窗口和时间）', access: staff, query: z.object({ date: ZDate.optional(), windowId: ZObjectId.optional() }).strict(), returns: ZBookingList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await queue.dayBookings(actor, query.date ?? chinaDate(new Date()), query.windowId));
  });
  r.post('/bookings/:id/no-show', { summary: '标记爽约', access: staff, params: ZId, returns: ZBooking }, async ({ actor, params, res }) => {
    res.json(await queue.noShow(actor, params.id));
  });
  return r;
}
