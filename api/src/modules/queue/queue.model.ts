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
    status: { type: String, enum: ['waiting', 'called', 'done'], default: 'waiting' },
    calledAt: { type: Date, default: null },
    calledBy: { type: Schema.Types.ObjectId, default: null },
  },
  schemaOptions,
);
ticketSchema.index({ windowId: 1, date: 1, number: 1 }, { unique: true });
ticketSchema.index({ source: 1 }, { unique: true });
// Lapse sweep: waiting tickets by due time.
ticketSchema.index({ status: 1, dueFrom: 1 });
export const QueueTicket = model('QueueTicket', ticketSchema);

/** A ticket called, once: _id = ticket id, so two staff pressing "call next" together never call the same person. */
export const QueueCall = model(
  'QueueCall',
  new Schema({ _id: { type: Schema.Types.ObjectId }, staffId: { type: Schema.Types.ObjectId, required: true } }, factOptions),
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
  },
  factOptions,
);
// Scorecards by center and month.
lapseSchema.index({ centerId: 1, date: 1 });
export const Lapse = model('Lapse', lapseSchema);
