import type { Types } from 'mongoose';
import { maskPhone, type TBooking, type TBookingStatus } from '@bianmin/shared';

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
  createdAt: Date;
}

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
    changeableUntil: new Date(b.slotStart.getTime() - x.cutoffMinutes * 60_000).toISOString(),
    ...(x.ticket ? { ticket: x.ticket } : {}),
    ...(x.missing ? { missing: x.missing } : {}),
    createdAt: b.createdAt.toISOString(),
  };
}
