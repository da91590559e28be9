import { Schema, model } from 'mongoose';
import { BOOKING_EVENT_OF, BOOKING_STATUSES } from '@bianmin/shared';
import { schemaOptions, factOptions } from '../../db/schema-options';

/** A bookable window of a center. Written by admins through the bookings service. */
const windowSchema = new Schema(
  {
    centerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    code: { type: String, required: true },
    itemCodes: { type: [String], default: [] },
    slotMinutes: { type: Number, required: true },
    capacity: { type: Number, required: true },
    heldBack: { type: Number, required: true },
    /** Minutes-based weekly hours when the window's differ from the center's. */
    weekly: { type: Schema.Types.Mixed, default: null },
    /** AB岗: the A post (主岗) and the B post (备岗) who covers while A is away (absences module). */
    staffA: { type: Schema.Types.ObjectId, default: null },
    staffB: { type: Schema.Types.ObjectId, default: null },
  },
  schemaOptions,
);
// One queue prefix per center: tickets A001 and A001 at two windows of one hall would confuse people.
windowSchema.index({ centerId: 1, code: 1 }, { unique: true });
export const BookingWindow = model('BookingWindow', windowSchema);

/**
 * A booking: a projection written only by the bookings service after the transition event that justifies it was
 * stored (BookingEvent's unique (bookingId, seq) lets exactly one of two racing transitions through).
 */
const bookingSchema = new Schema(
  {
    code: { type: String, required: true },
    /** Who made it (citizen, or the agent/staff member booking for a client). */
    userId: { type: Schema.Types.ObjectId, required: true },
    bookedFor: { type: String, enum: ['self', 'family', 'client'], required: true },
    /** Identity for per-person rules: `u:<userId>` for oneself, `id:<keyed hash of ID number>` for others. */
    personKey: { type: String, required: true },
    personName: { type: String, required: true },
    personIdEnc: { type: String, default: null },
    personPhone: { type: String, default: null },
    priority: { type: Boolean, default: false },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    centerId: { type: Schema.Types.ObjectId, required: true },
    windowId: { type: Schema.Types.ObjectId, required: true },
    slotStart: { type: Date, required: true },
    slotEnd: { type: Date, required: true },
    status: { type: String, enum: BOOKING_STATUSES, required: true },
    /** Number of transition events so far. */
    seq: { type: Number, required: true },
    ticketId: { type: Schema.Types.ObjectId, default: null },
    /** The staff member who called the number (set when received): whom the service counts for. */
    servedBy: { type: Schema.Types.ObjectId, default: null },
  },
  schemaOptions,
);
// Check-in by code; codes are random and a collision retries.
bookingSchema.index({ code: 1 }, { unique: true });
// "My bookings".
bookingSchema.index({ userId: 1, slotStart: -1 });
// Staff day view per window; reminder and lapse sweeps.
bookingSchema.index({ windowId: 1, slotStart: 1 });
bookingSchema.index({ status: 1, slotStart: 1 });
// No-show pause: one person's recent no-shows.
bookingSchema.index({ personKey: 1, status: 1, slotStart: -1 });
export const Booking = model('Booking', bookingSchema);

/** Every booking transition, appended. Unique (bookingId, seq): two racing transitions cannot both apply. */
const bookingEventSchema = new Schema(
  {
    bookingId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    /** The state machine's event for the action (shared BOOKING_EVENT_OF). */
    type: { type: String, enum: Object.values(BOOKING_EVENT_OF), required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    data: { type: Schema.Types.Mixed, default: null },
  },
  factOptions,
);
bookingEventSchema.index({ bookingId: 1, seq: 1 }, { unique: true });
export const BookingEvent = model('BookingEvent', bookingEventSchema);

/**
 * One seat of one slot, held by one booking. Unique (windowId, slotStart, seatNo): capacity cannot be exceeded even
 * by two API processes racing, because a slot has only `capacity` seat numbers to insert.
 */
const seatSchema = new Schema(
  {
    windowId: { type: Schema.Types.ObjectId, required: true },
    slotStart: { type: Date, required: true },
    seatNo: { type: Number, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
  },
  factOptions,
);
seatSchema.index({ windowId: 1, slotStart: 1, seatNo: 1 }, { unique: true });
seatSchema.index({ bookingId: 1 });
export const BookingSeat = model('BookingSeat', seatSchema);

/**
 * Locks keyed by _id, released when the booking ends:
 * - `day|<personKey>|<itemId>|<date>`: one active booking per person per item per day (20 identical requests → one);
 * - `cap|<personKey>|<k>`, k = 1…max: at most `maxActivePerPerson` active bookings.
 */
const lockSchema = new Schema({ _id: { type: String }, bookingId: { type: Schema.Types.ObjectId, required: true } }, factOptions);
lockSchema.index({ bookingId: 1 });
export const BookingLock = model('BookingLock', lockSchema);
