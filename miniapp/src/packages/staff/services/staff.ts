import type { TBooking, TQueue, TQueueTicket, TWindow } from '@bianmin/shared';
import { request } from '../../../services/request';

/** A bookable window (窗口) of a center and a window's queue today: the shared contract. */
export type { TQueue, TWindow };

export async function listWindows(centerId: string): Promise<TWindow[]> {
  const res = await request<{ items: TWindow[] }>(`/api/centers/${encodeURIComponent(centerId)}/windows`);
  return res.items;
}

/** 凭预约码签到: the booking gets its queue number (idempotent: a second check-in gives the same number). */
export function checkIn(code: string): Promise<{ ticket: TQueueTicket; booking: TBooking }> {
  return request('/api/staff/check-in', { method: 'POST', body: { code }, auth: true });
}

/** 现场取号; `priority` = 绿色通道 (called before everyone else). */
export function walkIn(windowId: string, priority: boolean): Promise<TQueueTicket> {
  return request<TQueueTicket>('/api/staff/walk-in', { method: 'POST', body: { windowId, priority }, auth: true });
}

/** Today's queue of a window. */
export function getQueue(windowId: string): Promise<TQueue> {
  return request<TQueue>('/api/staff/queue', { query: { windowId }, auth: true });
}

export function callNext(windowId: string): Promise<TQueueTicket> {
  return request<TQueueTicket>('/api/staff/queue/call-next', { method: 'POST', body: { windowId }, auth: true });
}

export function markDone(ticketId: string): Promise<TQueueTicket> {
  return request<TQueueTicket>(`/api/staff/queue/tickets/${encodeURIComponent(ticketId)}/done`, { method: 'POST', auth: true });
}

/** Today's bookings of the staff member's center (of one window). */
export async function todaysBookings(windowId?: string): Promise<TBooking[]> {
  const res = await request<{ items: TBooking[] }>('/api/staff/bookings', { query: { windowId }, auth: true });
  return res.items;
}

/** 标记爽约: only once the slot has started; counts toward pausing the citizen's online booking. */
export function markNoShow(bookingId: string): Promise<TBooking> {
  return request<TBooking>(`/api/staff/bookings/${encodeURIComponent(bookingId)}/no-show`, { method: 'POST', auth: true });
}

/** 重呼: call the number again (three calls at most). */
export function recallTicket(ticketId: string): Promise<TQueueTicket> {
  return request<TQueueTicket>(`/api/staff/queue/tickets/${encodeURIComponent(ticketId)}/recall`, { method: 'POST', auth: true });
}

/** 过号: after three calls, or five minutes without the citizen showing up. */
export function skipTicket(ticketId: string): Promise<TQueueTicket> {
  return request<TQueueTicket>(`/api/staff/queue/tickets/${encodeURIComponent(ticketId)}/skip`, { method: 'POST', auth: true });
}

/** 重新排队: a skipped citizen back at the desk, once. */
export function requeueTicket(ticketId: string): Promise<TQueueTicket> {
  return request<TQueueTicket>(`/api/staff/queue/tickets/${encodeURIComponent(ticketId)}/requeue`, { method: 'POST', auth: true });
}

/** 转窗口: to another window of the center, keeping the original arrival time. */
export function transferTicket(ticketId: string, windowId: string): Promise<TQueueTicket> {
  return request<TQueueTicket>(`/api/staff/queue/tickets/${encodeURIComponent(ticketId)}/transfer`, { method: 'POST', body: { windowId }, auth: true });
}
