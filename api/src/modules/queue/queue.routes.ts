import { z } from 'zod';
import { ZBooking, ZBookingCode, ZBookingList, ZCheckIn, ZDate, ZHallDisplay, ZObjectId, ZQueue, ZQueuePlace, ZQueueTicket, chinaDate } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { defineRoutes } from '../../http/route';
import { findCenter } from '../centers';
import type { QueueService } from './queue.service';
import { renderHallPage } from './display';

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
  r.post('/queue/tickets/:id/recall', { summary: '重呼（最多叫号三次）', access: staff, params: ZId, returns: ZQueueTicket }, async ({ actor, params, res }) => {
    res.json(await queue.recall(actor, params.id));
  });
  r.post('/queue/tickets/:id/skip', { summary: '过号（叫号三次或5分钟未到）', access: staff, params: ZId, returns: ZQueueTicket }, async ({ actor, params, res }) => {
    res.json(await queue.skip(actor, params.id));
  });
  r.post('/queue/tickets/:id/requeue', { summary: '过号后重新排队（限一次）', access: staff, params: ZId, returns: ZQueueTicket }, async ({ actor, params, res }) => {
    res.json(await queue.requeue(actor, params.id));
  });
  r.post('/queue/tickets/:id/transfer', { summary: '转到本中心其他窗口（保留原到达时间）', access: staff, params: ZId, body: z.object({ windowId: ZObjectId }).strict(), returns: ZQueueTicket }, async ({ actor, params, body, res }) => {
    res.json(await queue.transfer(actor, params.id, body.windowId));
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

/** A citizen's place in the queue (排队进度) for one of their bookings. */
export function queuePlaceRoutes(queue: QueueService, jwtSecret: string) {
  const r = defineRoutes('/api/my/queue', '窗口', jwtSecret);
  r.get('/:id', { summary: '我的排队进度：前面还有几位、预计等候', access: ['citizen', 'agent', 'staff'] as const, params: ZId, returns: ZQueuePlace }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await queue.place(actor, params.id));
  });
  return r;
}

const ZCenterParams = z.object({ centerId: z.string().max(40) }).strict();

/** The hall display's data (public: window names and numbers only). */
export function hallDisplayRoutes(queue: QueueService, jwtSecret: string) {
  const r = defineRoutes('/api/display', '叫号屏', jwtSecret);
  r.get('/:centerId', { summary: '叫号屏数据：正在叫号与各窗口等候号码', access: 'public', params: ZCenterParams, returns: ZHallDisplay }, async ({ params, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await queue.display(params.centerId));
  });
  return r;
}

/** The full-screen hall display page at /display/:centerId (outside the H5 app, like /track/:code). */
export function hallPageRoutes(jwtSecret: string) {
  const r = defineRoutes('/display', '叫号屏', jwtSecret);
  r.get('/:centerId', { summary: '大厅叫号屏（全屏页面，语音叫号）', access: 'public', params: ZCenterParams, returns: 'text/html' }, async ({ params, res }) => {
    const center = /^[0-9a-f]{24}$/.test(params.centerId) ? await findCenter(params.centerId) : null;
    if (!center) throw AppError.notFound('服务中心');
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(renderHallPage(center.id, center.name));
  });
  return r;
}
