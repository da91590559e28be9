import { z } from 'zod';
import { ZBooking, ZBookingCreate, ZBookingList, ZBookingReschedule, ZBookingRules, ZObjectId, ZSlotsAnswer, ZSlotsQuery, ZWindow, ZWindowInput, ZWindowList } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { AppError } from '../../http/errors';
import type { BookingService } from './bookings.service';
import { slotsFor } from './slots';
import * as admin from './windows';

const ZId = z.object({ id: ZObjectId }).strict();

export function bookingRoutes(bookings: BookingService, jwtSecret: string) {
  const r = defineRoutes('/api', '预约', jwtSecret);
  r.get('/booking/slots', { summary: '某事项某天的可预约时段与剩余名额', access: 'public', query: ZSlotsQuery, returns: ZSlotsAnswer }, async ({ query, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await slotsFor(query.itemId, query.date));
  });
  r.get('/centers/:id/windows', { summary: '中心的预约窗口', access: 'public', params: ZId, returns: ZWindowList }, async ({ params, res }) => {
    res.json(await admin.listWindows(params.id));
  });
  const who = ['citizen', 'agent', 'staff'] as const;
  r.post('/bookings', { summary: '预约（本人、家人，或代办员/工作人员代群众预约）', access: who, body: ZBookingCreate, returns: ZBooking }, async ({ actor, body, res }) => {
    try {
      res.status(201).json(await bookings.create(actor, body));
    } catch (err) {
      // A burst beyond the admission line: tell the client when to try again (the mini-app retries once).
      if (err instanceof AppError && err.code === 'BUSY') res.set('Retry-After', String(err.extra?.retryAfter ?? 3));
      throw err;
    }
  });
  r.get('/bookings', { summary: '我的预约（含我代他人的）', access: who, returns: ZBookingList }, async ({ actor, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await bookings.listMine(actor));
  });
  r.get('/bookings/:id', { summary: '一条预约', access: who, params: ZId, returns: ZBooking }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await bookings.getMine(actor, params.id));
  });
  r.post('/bookings/:id/cancel', { summary: '取消（截止时间前）', access: who, params: ZId, returns: ZBooking }, async ({ actor, params, res }) => {
    res.json(await bookings.cancel(actor, params.id));
  });
  r.post('/bookings/:id/reschedule', { summary: '改约：先占新时段，成功后才释放原时段', access: who, params: ZId, body: ZBookingReschedule, returns: ZBooking }, async ({ actor, params, body, res }) => {
    res.json(await bookings.reschedule(actor, params.id, body.slotStart));
  });
  return r;
}

export function adminBookingRoutes(jwtSecret: string) {
  const r = defineRoutes('/api/admin', '预约设置', jwtSecret);
  const a = ['admin'] as const;
  r.post('/windows', { summary: '新建预约窗口（时段长度、容量、保留名额）', access: a, body: ZWindowInput, returns: ZWindow }, async ({ actor, body, res }) => {
    res.status(201).json(await admin.createWindow(actor, body));
  });
  r.put('/windows/:id', { summary: '修改预约窗口', access: a, params: ZId, body: ZWindowInput, returns: ZWindow }, async ({ actor, params, body, res }) => {
    res.json(await admin.updateWindow(actor, params.id, body));
  });
  r.put('/centers/:id/booking-rules', { summary: '中心预约规则', access: a, params: ZId, body: ZBookingRules, returns: ZBookingRules }, async ({ actor, params, body, res }) => {
    res.json(await admin.setRules(actor, params.id, body));
  });
  return r;
}
