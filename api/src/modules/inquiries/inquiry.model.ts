import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * 首问登记: one question a citizen asked at a window or by phone, held by the staff member who first took it
 * (首问负责制) until the citizen has the answer. A projection of its events.
 */
const inquirySchema = new Schema(
  {
    centerKey: { type: String, required: true },
    holderKey: { type: String, required: true },
    holderName: { type: String, required: true },
    channel: { type: String, enum: ['window', 'phone'], required: true },
    phone: { type: String, default: null },
    question: { type: String, required: true },
    matter: { type: String, default: null },
    outcome: { type: String, enum: ['answered', 'referred'], required: true },
    answer: { type: String, default: null },
    referralTo: { type: String, default: null },
    referralReceiver: { type: String, default: null },
    /** China date; null when answered on the spot. */
    followUpDue: { type: String, default: null },
    status: { type: String, enum: ['open', 'closed'], required: true },
    closedAt: { type: Date, default: null },
    closeNote: { type: String, default: null },
    seq: { type: Number, required: true },
  },
  schemaOptions,
);
// A center's register, newest first; its open entries.
inquirySchema.index({ centerKey: 1, createdAt: -1 });
inquirySchema.index({ status: 1, followUpDue: 1 });
export const Inquiry = model('Inquiry', inquirySchema);

/** Every step, appended; unique (inquiryId, seq). */
const inquiryEventSchema = new Schema(
  {
    inquiryId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    /** cover: handed to the colleague covering an absent holder (AB岗). */
    type: { type: String, enum: ['recorded', 'cover', 'closed'], required: true },
    actorId: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: null },
  },
  factOptions,
);
inquiryEventSchema.index({ inquiryId: 1, seq: 1 }, { unique: true });
export const InquiryEvent = model('InquiryEvent', inquiryEventSchema);

export const findInquiry = (id: unknown) => Inquiry.findById(id).lean();
export type InquiryRow = NonNullable<Awaited<ReturnType<typeof findInquiry>>>;
