import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * A rating (好差评). _id = `<kind>:<record id>`: one rating per booking or case, however many submissions race.
 * Who served (staff, window, agent), the item and the center come from the record, never from the citizen.
 */
const ratingSchema = new Schema(
  {
    _id: { type: String },
    kind: { type: String, enum: ['booking', 'case', 'window_case'], required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    /** The rater's account; null for a paper/kiosk card. */
    raterId: { type: Schema.Types.ObjectId, default: null },
    channel: { type: String, enum: ['online', 'card'], required: true },
    level: { type: Number, required: true },
    dims: { type: Schema.Types.Mixed, required: true },
    comment: { type: String, default: '' },
    centerId: { type: Schema.Types.ObjectId, required: true },
    /** String copy of centerId for queries (FerretDB filters strings inside SQLite). */
    centerKey: { type: String, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemName: { type: String, required: true },
    windowId: { type: Schema.Types.ObjectId, default: null },
    staffId: { type: Schema.Types.ObjectId, default: null },
    agentId: { type: Schema.Types.ObjectId, default: null },
    /** Set only by an upheld appeal. */
    excluded: { type: Boolean, default: false },
  },
  schemaOptions,
);
ratingSchema.index({ centerKey: 1, createdAt: -1 });
ratingSchema.index({ raterId: 1, createdAt: -1 });
export const Rating = model('Rating', ratingSchema);

/** A single-use rating card (printed QR on a receipt, or a kiosk). _id is the unguessable token. */
const ratingCardSchema = new Schema(
  {
    _id: { type: String },
    kind: { type: String, enum: ['booking', 'case', 'window_case'], required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    issuedBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
  },
  factOptions,
);
export const RatingCard = model('RatingCard', ratingCardSchema);

/** Putting a 差评 right: a projection (_id = rating id) of its append-only events. */
const rectificationSchema = new Schema(
  {
    _id: { type: String },
    centerId: { type: Schema.Types.ObjectId, required: true },
    centerKey: { type: String, required: true },
    status: { type: String, enum: ['open', 'contact', 'verify', 'rectify', 'reply', 'closed'], required: true },
    contactDue: { type: String, required: true },
    rectifyDue: { type: String, required: true },
    seq: { type: Number, required: true },
    citizenSatisfied: { type: Boolean, default: null },
  },
  schemaOptions,
);
rectificationSchema.index({ centerKey: 1, status: 1 });
export const Rectification = model('Rectification', rectificationSchema);

/** Each rectification step, appended; unique (rectificationId, seq) so racing steps cannot both apply. */
const rectificationEventSchema = new Schema(
  {
    rectificationId: { type: String, required: true },
    seq: { type: Number, required: true },
    action: { type: String, required: true },
    note: { type: String, default: '' },
    actorId: { type: Schema.Types.ObjectId, required: true },
  },
  factOptions,
);
rectificationEventSchema.index({ rectificationId: 1, seq: 1 }, { unique: true });
export const RectificationEvent = model('RectificationEvent', rectificationEventSchema);

/** 申诉复核: one appeal per rating (_id = rating id), decided by an admin with a written reason. */
const appealSchema = new Schema(
  {
    _id: { type: String },
    centerId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, required: true },
    appellantId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['pending', 'upheld', 'rejected'], default: 'pending' },
    decidedBy: { type: Schema.Types.ObjectId, default: null },
    decisionReason: { type: String, default: '' },
  },
  schemaOptions,
);
export const Appeal = model('Appeal', appealSchema);
