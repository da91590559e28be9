import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * A queue number (取号). Unique (windowId, date, number): concurrent check-ins each retry with the next number, so
 * numbers are never shared. Unique `source` (booking id, or a random walk-in id): one ticket per booking.
 */
const ticketSchema = new Schema(
  {
    windowId: { type: Schema.Types.ObjectId, required: true },
    centerId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    number: { type: Number, required: true },
    label: { type: String, required: true },
    kind: { type: String, enum: ['booking', 'walkin', 'priority'], required: true },
    source: { type: String, required: true },
    bookingId: { type: Schema.Types.ObjectId, default: null },
    /** Reception is due within the center's settings.queue.receptionLapseMinutes of this (the later of slot start and arrival). */
    dueFrom: { type: Date, required: true },
    status: { type: String, enum: ['waiting', 'called', 'done', 'skipped', 'transferred'], default: 'waiting' },
    /** First call of this number (the reception), then each recall. */
    calledAt: { type: Date, default: null },
    lastCalledAt: { type: Date, default: null },
    callCount: { type: Number, default: 0 },
    calledBy: { type: Schema.Types.ObjectId, default: null },
    doneAt: { type: Date, default: null },
    /** Place in the call order: arrival, kept when transferred to another window; a re-queue puts it at the back. */
    arrivedAt: { type: Date, default: null },
    /** The first ticket of a transfer chain: lapses are keyed by it, so a transferred citizen counts at most one. */
    originId: { type: Schema.Types.ObjectId, default: null },
    /** When the citizen was first received (called) anywhere in the chain: a transfer after that is no new wait. */
    receivedAt: { type: Date, default: null },
    /** A skipped number may be put back once. */
    requeued: { type: Boolean, default: false },
    transferredTo: { type: Schema.Types.ObjectId, default: null },
  },
  schemaOptions,
);
ticketSchema.index({ windowId: 1, date: 1, number: 1 }, { unique: true });
ticketSchema.index({ source: 1 }, { unique: true });
// Lapse sweep: waiting tickets by due time.
ticketSchema.index({ status: 1, dueFrom: 1 });
// Hall display and a citizen's place: a center's (or window's) numbers of the day.
ticketSchema.index({ centerId: 1, date: 1 });
// A citizen's place: the latest ticket of a booking (a transfer issues a new one).
ticketSchema.index({ bookingId: 1 });
export const QueueTicket = model('QueueTicket', ticketSchema);

/**
 * A ticket called, once: _id = ticket id (or `<ticket>:requeue` after a re-queue), so two staff pressing "call next"
 * together never call the same person.
 */
export const QueueCall = model(
  'QueueCall',
  new Schema({ _id: { type: String }, staffId: { type: Schema.Types.ObjectId, required: true } }, factOptions),
);

/**
 * A lapse (失误), a fact for scorecards. _id = `<kind>:<subject>` so a sweep that runs twice records it once.
 * kind reception: a queued citizen not received within the center's reception limit; kind deadline: a time limit
 * missed (代办 stages, 差评 follow-up, complaints, window cases); kind notice: a 一次性告知 breach at a window case.
 * Written only through `recordLapse` (lapses.ts) and `recordStaffLapse` (window-cases.ts).
 */
const lapseSchema = new Schema(
  {
    _id: { type: String },
    kind: { type: String, enum: ['reception', 'deadline', 'notice'], required: true },
    centerId: { type: Schema.Types.ObjectId, required: true },
    windowId: { type: Schema.Types.ObjectId, default: null },
    staffId: { type: Schema.Types.ObjectId, default: null },
    agentId: { type: Schema.Types.ObjectId, default: null },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    detail: { type: String, default: '' },
    /**
     * pending until a supervisor (or, for 代办 without one, the county admin) confirms it or dismisses it with a reason;
     * a pending one counts once its review period (5 working days) passed. Lapses stored before review: confirmed.
     */
    status: { type: String, enum: ['pending', 'confirmed', 'dismissed'], default: 'confirmed' },
    /** When the review period passed with the lapse still pending (its day was rolled again to count it). */
    reviewLapsedAt: { type: Date, default: null },
    /** Who held what ran late (代办: agent, town, county, dept). */
    holder: { type: String, default: null },
    decidedBy: { type: Schema.Types.ObjectId, default: null },
    decidedAt: { type: Date, default: null },
    decisionReason: { type: String, default: '' },
  },
  factOptions,
);
// Scorecards by center and month.
lapseSchema.index({ centerId: 1, date: 1 });
export const Lapse = model('Lapse', lapseSchema);

/**
 * What happened to a number after it was first called (重呼, 过号, 重新排队, 转窗口), appended, never changed.
 * _id = `<ticket>:<kind>:<n>` so a doubled request records once and two staff cannot both recall the same call.
 */
export const QueueEvent = model(
  'QueueEvent',
  new Schema(
    {
      _id: { type: String },
      ticketId: { type: Schema.Types.ObjectId, required: true },
      kind: { type: String, enum: ['recall', 'skip', 'requeue', 'transfer'], required: true },
      staffId: { type: Schema.Types.ObjectId, default: null },
      data: { type: Schema.Types.Mixed, default: {} },
    },
    factOptions,
  ),
);
