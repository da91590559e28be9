import { Types } from 'mongoose';
import { chinaDate, type TBookingStatus } from '@bianmin/shared';
import { ticketSummary } from '../queue';
import { Booking, BookingEvent, BookingWindow } from './booking.model';
import type { BookingRow, WindowRow } from './bookings.presenter';
import { findWindowRow } from './windows';
import { leanByIds } from '../../db/by-ids';

/** Queries other modules use: plain objects with string ids, never documents. */

const oid = (id: string) => new Types.ObjectId(id);
const validIds = (ids: Iterable<string>) => [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id)).map(oid);

/** A booking as the queue and other modules see it. */
export interface BookingRef {
  id: string;
  code: string;
  userId: string;
  centerId: string;
  windowId: string;
  slotStart: Date;
  status: TBookingStatus;
  priority: boolean;
  ticketId: string | null;
  personName: string;
}

const toRef = (b: BookingRow): BookingRef => ({
  id: String(b._id),
  code: b.code,
  userId: String(b.userId),
  centerId: String(b.centerId),
  windowId: String(b.windowId),
  slotStart: b.slotStart,
  status: b.status,
  priority: b.priority,
  ticketId: b.ticketId ? String(b.ticketId) : null,
  personName: b.personName,
});

/** The booking with this check-in code, or null. */
export async function findBookingByCode(code: string): Promise<BookingRef | null> {
  const b = (await Booking.findOne({ code }).lean()) as BookingRow | null;
  return b ? toRef(b) : null;
}

/** Bookings by id (queue lists show the person and slot of booked numbers); unknown ids are left out. */
export async function bookingsByIds(ids: Iterable<string>): Promise<BookingRef[]> {
  const list = validIds(ids);
  if (!list.length) return [];
  return (await leanByIds<BookingRow>(Booking, list)).map(toRef);
}

/** A window as the queue sees it. */
export interface WindowRef {
  id: string;
  centerId: string;
  name: string;
  /** The queue number prefix (A012). */
  code: string;
  slotMinutes: number;
  capacity: number;
  /** AB岗: the A and B posts (null when not assigned). */
  staffA: string | null;
  staffB: string | null;
}

const toWindowRef = (w: WindowRow): WindowRef => ({
  id: String(w._id),
  centerId: String(w.centerId),
  name: w.name,
  code: w.code,
  slotMinutes: w.slotMinutes,
  capacity: w.capacity,
  staffA: w.staffA ? String(w.staffA) : null,
  staffB: w.staffB ? String(w.staffB) : null,
});

export async function findWindow(id: string): Promise<WindowRef | null> {
  const w: WindowRow | null = await findWindowRow(id);
  return w ? toWindowRef(w) : null;
}

/** A center's windows (hall display; AB岗 looks up the posts of a staff member). */
export async function windowsOfCenter(centerId: string): Promise<WindowRef[]> {
  if (!Types.ObjectId.isValid(centerId)) return [];
  return ((await BookingWindow.find({ centerId: oid(centerId) }).sort({ code: 1 }).lean()) as WindowRow[]).map(toWindowRef);
}

/** Booked (not yet checked in) bookings of a window whose slot starts in [from, to): AB岗 tells them when it closes. */
export async function bookedAtWindow(windowId: string, from: Date, to: Date): Promise<BookingRef[]> {
  if (!Types.ObjectId.isValid(windowId)) return [];
  return ((await Booking.find({ windowId: oid(windowId), status: 'booked', slotStart: { $gte: from, $lt: to } }).lean()) as BookingRow[]).map(toRef);
}

/** The windows where this staff member holds the A or B post. */
export async function windowsOfStaff(userId: string): Promise<WindowRef[]> {
  if (!Types.ObjectId.isValid(userId)) return [];
  return ((await BookingWindow.find({ $or: [{ staffA: oid(userId) }, { staffB: oid(userId) }] }).lean()) as WindowRow[]).map(toWindowRef);
}

/** A booking as a rating needs it; `servedAt` is null until it is served. */
export interface ServedBooking {
  id: string;
  status: TBookingStatus;
  ownerId: string;
  centerId: string;
  itemId: string;
  itemName: string;
  windowId: string;
  servedAt: Date | null;
  /** The staff member who received the citizen (whom the service and its rating count for). */
  staffId: string | null;
}

/** The booking behind a rating, or null when there is none: who owns it, when it was served and by whom. */
export async function findServedBooking(id: string): Promise<ServedBooking | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const b = (await Booking.findById(oid(id)).lean()) as BookingRow | null;
  if (!b) return null;
  const [served, ticket] = await Promise.all([
    b.status === 'served' ? BookingEvent.findOne({ bookingId: b._id, type: 'served' }).lean() : null,
    !b.servedBy && b.ticketId ? ticketSummary(String(b.ticketId)) : undefined,
  ]);
  return {
    id: String(b._id),
    status: b.status,
    ownerId: String(b.userId),
    centerId: String(b.centerId),
    itemId: String(b.itemId),
    itemName: b.itemName,
    windowId: String(b.windowId),
    servedAt: b.status === 'served' ? (served?.createdAt ?? b.updatedAt ?? null) : null,
    staffId: b.servedBy ? String(b.servedBy) : (ticket?.calledBy ?? null),
  };
}

/** One served booking, for scorecards and monthly reports. */
export interface BookingFact {
  id: string;
  centerId: string;
  windowId: string;
  itemId: string;
  servedBy: string | null;
  /** China date of the slot (the day the record counts on). */
  day: string;
}

/** Served bookings of these centers whose slot starts in [from, to). */
export async function bookingFacts(centerIds: Iterable<string>, from: Date, to: Date): Promise<BookingFact[]> {
  const centers = validIds(centerIds);
  if (!centers.length) return [];
  const rows = await Booking.find({ centerId: { $in: centers }, status: 'served', slotStart: { $gte: from, $lt: to } }, { windowId: 1, servedBy: 1, centerId: 1, itemId: 1, slotStart: 1 }).lean();
  return rows.map((b) => ({ id: String(b._id), centerId: String(b.centerId), windowId: String(b.windowId), itemId: String(b.itemId), servedBy: b.servedBy ? String(b.servedBy) : null, day: chinaDate(b.slotStart) }));
}
