import type { TBooking, TBookingCreate, TCalendarDay, TQueuePlace, TSlot, TSlotsAnswer } from '@bianmin/shared';
import { API_BASE } from './api-base';
import { ApiError, request } from './request';

/** Open days, closed days (weekend, holiday with its name) and 调休 make-up days of a center. */
export async function getCalendar(centerId: string, from: string, to: string): Promise<TCalendarDay[]> {
  const res = await request<{ items: TCalendarDay[] }>('/api/calendar', { query: { centerId, from, to } });
  return res.items;
}

/** The slots of one date for an item, with the seats left in each (`window` null: not bookable online). */
export function getSlots(itemId: string, date: string): Promise<TSlotsAnswer> {
  return request<TSlotsAnswer>('/api/booking/slots', { query: { itemId, date } });
}

export function createBooking(body: TBookingCreate): Promise<TBooking> {
  return request<TBooking>('/api/bookings', { method: 'POST', body, auth: true });
}

/** Mine, newest slot first. */
export async function listBookings(): Promise<TBooking[]> {
  const res = await request<{ items: TBooking[] }>('/api/bookings', { auth: true });
  return res.items;
}

/** 排队进度: the place and estimated wait of the number a booking holds (404 until checked in). */
export function getQueuePlace(bookingId: string): Promise<TQueuePlace> {
  return request<TQueuePlace>(`/api/my/queue/${encodeURIComponent(bookingId)}`, { auth: true });
}

export function getBooking(id: string): Promise<TBooking> {
  return request<TBooking>(`/api/bookings/${encodeURIComponent(id)}`, { auth: true });
}

export function cancelBooking(id: string): Promise<TBooking> {
  return request<TBooking>(`/api/bookings/${encodeURIComponent(id)}/cancel`, { method: 'POST', auth: true });
}

/** The new slot is taken first; on a refusal the original booking stays as it was. */
export function rescheduleBooking(id: string, slotStart: string): Promise<TBooking> {
  return request<TBooking>(`/api/bookings/${encodeURIComponent(id)}/reschedule`, { method: 'POST', body: { slotStart }, auth: true });
}

/** The QR image of a booking code, drawn by the API (shown at the window to check in). */
export function qrUrl(code: string): string {
  return `${API_BASE}/api/qr.svg?text=${encodeURIComponent(code)}`;
}

/** What a refused booking carries besides its message. */
export interface BookingRefusal {
  message: string;
  /** 409 full: the next slots with room, to offer instead. */
  nextSlots: TSlot[];
  /** 409: this person already holds a booking of the item that day. */
  existingBookingId?: string;
  /** 403 BOOKING_PAUSED: online booking is paused (too many no-shows) until then. */
  pausedUntil?: string;
  /** 400 on slotStart: the slot is no longer bookable (passed, notice, closed…): pick another. */
  slotGone: boolean;
  signInNeeded: boolean;
}

export function refusalOf(e: unknown, fallback: string): BookingRefusal {
  if (!(e instanceof ApiError)) return { message: fallback, nextSlots: [], slotGone: false, signInNeeded: false };
  const next = Array.isArray(e.extra.nextSlots) ? (e.extra.nextSlots as TSlot[]) : [];
  return {
    message: e.message,
    nextSlots: next,
    existingBookingId: typeof e.extra.existingBookingId === 'string' ? e.extra.existingBookingId : undefined,
    pausedUntil: e.code === 'BOOKING_PAUSED' ? String(e.extra.pausedUntil ?? '') : undefined,
    slotGone: e.status === 400 && e.fields.some((f) => f.field === 'slotStart'),
    signInNeeded: e.status === 401,
  };
}
