import type { TBooking, TBookingCreate } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { Pii } from '../../security/pii';
import { Booking } from './booking.model';
import type { BookingRow } from './bookings.presenter';
import { viewBooking, viewBookings } from './booking-view';
import { createBooking } from './create-booking';
import { cancelBooking, ownBooking, rescheduleBooking } from './change-booking';
import { checkInBooking, dayBookings, markNoShow, receiveBooking, serveBooking } from './at-the-window';
import { bookingsByIds, findBookingByCode, findWindow } from './facts';

/**
 * The booking use cases, each in its own file: load → authorize (bookings.policy) → reduce (the shared state
 * machine) → claim (seats, locks) → append the event → project. This object is what routes, the queue and tests use.
 */
export function createBookingService(deps: { pii: Pii }) {
  return {
    create: (actor: Actor, input: TBookingCreate, now = new Date()) => createBooking(actor, input, deps.pii, now),
    async listMine(actor: Actor): Promise<{ items: TBooking[] }> {
      const rows = (await Booking.find({ userId: actor.id }).sort({ slotStart: -1 }).limit(100).lean()) as BookingRow[];
      return viewBookings(rows, actor);
    },
    getMine: async (actor: Actor, id: string) => viewBooking(await ownBooking(actor, id, 'view'), actor),
    cancel: cancelBooking,
    reschedule: rescheduleBooking,
    // At the window (called by the queue module).
    checkIn: checkInBooking,
    receive: receiveBooking,
    serve: serveBooking,
    noShow: markNoShow,
    dayBookings,
    findByCode: findBookingByCode,
    byIds: bookingsByIds,
    findWindow,
    view: async (id: string, viewer: Actor) => viewBooking(await loadRow(id), viewer),
  };
}
export type BookingService = ReturnType<typeof createBookingService>;

async function loadRow(id: string): Promise<BookingRow> {
  const b = (await Booking.findById(id).lean()) as BookingRow | null;
  if (!b) throw AppError.notFound('预约');
  return b;
}
