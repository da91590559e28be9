import type { Types } from 'mongoose';
import { changeableUntil, maskPhone, type BookingMachineState, type TBooking, type TBookingStatus, type TWindow } from '@bianmin/shared';
import { weeklyHours } from '../calendar';

/** A booking as stored (lean). */
export interface BookingRow {
  _id: Types.ObjectId;
  code: string;
  userId: Types.ObjectId;
  bookedFor: 'self' | 'family' | 'client';
  personKey: string;
  personName: string;
  personIdEnc?: string | null;
  personPhone?: string | null;
  priority: boolean;
  itemId: Types.ObjectId;
  itemCode: string;
  itemName: string;
  centerId: Types.ObjectId;
  windowId: Types.ObjectId;
  slotStart: Date;
  slotEnd: Date;
  status: TBookingStatus;
  seq: number;
  ticketId?: Types.ObjectId | null;
  servedBy?: Types.ObjectId | null;
  createdAt: Date;
  updatedAt?: Date;
}

/** A window as stored (lean); `weekly` in minutes when it differs from the center's hours. */
export interface WindowRow {
  _id: Types.ObjectId;
  centerId: Types.ObjectId;
  name: string;
  code: string;
  itemCodes: string[];
  slotMinutes: number;
  capacity: number;
  heldBack: number;
  weekly?: unknown;
  staffA?: Types.ObjectId | null;
  staffB?: Types.ObjectId | null;
}

/** What the state machine reads of a stored booking. */
export const machineState = (b: BookingRow): BookingMachineState => ({ status: b.status, slotStart: b.slotStart, slotEnd: b.slotEnd, seq: b.seq, priority: b.priority });

export function presentBooking(
  b: BookingRow,
  x: {
    centerName: string;
    windowName: string;
    place: string;
    cutoffMinutes: number;
    /** The person who booked, and staff of the booking's center, see the phone in full. */
    revealPhone: boolean;
    ticket?: TBooking['ticket'];
    missing?: TBooking['missing'];
  },
): TBooking {
  return {
    id: String(b._id),
    code: b.code,
    status: b.status,
    itemId: String(b.itemId),
    itemName: b.itemName,
    centerId: String(b.centerId),
    centerName: x.centerName,
    windowId: String(b.windowId),
    windowName: x.windowName,
    place: x.place,
    slotStart: b.slotStart.toISOString(),
    slotEnd: b.slotEnd.toISOString(),
    personName: b.personName,
    ...(b.personPhone ? { personPhone: x.revealPhone ? b.personPhone : maskPhone(b.personPhone) } : {}),
    bookedFor: b.bookedFor,
    priority: b.priority,
    changeableUntil: changeableUntil(b.slotStart, x.cutoffMinutes).toISOString(),
    ...(x.ticket ? { ticket: x.ticket } : {}),
    ...(x.missing ? { missing: x.missing } : {}),
    createdAt: b.createdAt.toISOString(),
  };
}

export function presentWindow(w: WindowRow): TWindow {
  return {
    id: String(w._id),
    centerId: String(w.centerId),
    name: w.name,
    code: w.code,
    itemCodes: w.itemCodes,
    slotMinutes: w.slotMinutes,
    capacity: w.capacity,
    heldBack: w.heldBack,
    weekly: w.weekly ? weeklyHours(w.weekly as Parameters<typeof weeklyHours>[0]) : null,
    ...(w.staffA ? { staffA: String(w.staffA) } : {}),
    ...(w.staffB ? { staffB: String(w.staffB) } : {}),
  };
}
