/**
 * Bookings (预约): windows, slots, the booking use cases and what other modules may read of bookings. The models
 * stay private; everything here returns plain objects with string ids.
 */
export { createBookingService, type BookingService } from './bookings.service';
export { bookingRoutes, adminBookingRoutes } from './bookings.routes';
export { bookingPolicy } from './bookings.policy';
export { enqueueReminders } from './reminders';
export { findServedBooking, bookingFacts, findBookingByCode, bookingsByIds, findWindow, windowsOfCenter, windowsOfStaff, bookedAtWindow, type ServedBooking, type BookingFact, type BookingRef, type WindowRef } from './facts';
export { windowNames, listWindows } from './windows';
export { slotsFor, rulesFor } from './slots';
export { bookingForCase, type BookingForCase } from './window-cases';
export { moveToAnotherWindow, type WindowMove } from './move-window';
export { repairAfterCrash, REPAIR_GRACE_MS, type RepairCounts } from './repair';
export { forgetAvailability } from './availability';
export { invalidateWindows } from './windows';
