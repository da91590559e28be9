import { Booking } from './booking.model';

/**
 * What the cases module (窗口办件) needs of a booking, as plain objects with string ids. Read-only.
 */

/** A booking as a window case opened at its check-in needs it. */
export interface BookingForCase {
  id: string;
  centerId: string;
  windowId: string;
  itemId: string;
  status: string;
  personName: string;
  personPhone: string | null;
  /** Sealed ID number, copied as is (same key) onto the case. */
  personIdEnc: string | null;
  ticketId: string | null;
}

const valid = (id: string) => /^[0-9a-f]{24}$/.test(id);

export async function bookingForCase(id: string): Promise<BookingForCase | null> {
  if (!valid(id)) return null;
  const b = await Booking.findById(id, { centerId: 1, windowId: 1, itemId: 1, status: 1, personName: 1, personPhone: 1, personIdEnc: 1, ticketId: 1 }).lean();
  if (!b) return null;
  return {
    id: String(b._id),
    centerId: String(b.centerId),
    windowId: String(b.windowId),
    itemId: String(b.itemId),
    status: b.status,
    personName: b.personName,
    personPhone: b.personPhone ?? null,
    personIdEnc: b.personIdEnc ?? null,
    ticketId: b.ticketId ? String(b.ticketId) : null,
  };
}
