import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * A notification to send. _id = the event's key (`booking-confirmed:<bookingId>`, `reminder:<bookingId>:<slot>` …):
 * enqueueing the same event twice stores it once. Written by the outbox worker only after it has claimed an attempt.
 */
const outboxSchema = new Schema(
  {
    _id: { type: String },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['booking_confirmed', 'booking_reminder', 'booking_changed', 'booking_cancelled', 'booking_paused', 'queue_soon', 'accountability', 'delegation_promise'], required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    /** Page to open in the mini-app. */
    page: { type: String, default: '' },
    status: { type: String, enum: ['pending', 'sent', 'failed', 'skipped'], default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: { type: String, default: '' },
    sentAt: { type: Date, default: null },
  },
  schemaOptions,
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ userId: 1, createdAt: -1 });
export const Outbox = model('Outbox', outboxSchema);

/** Claim of one delivery attempt: _id = `<outboxId>#<attempt>`; two workers cannot both send attempt N. */
export const OutboxClaim = model('OutboxClaim', new Schema({ _id: { type: String } }, factOptions));
