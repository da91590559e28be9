import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * A complaint or suggestion: a projection of its events. An anonymous one stores no account, IP or device: only
 * what the filer typed (and a contact only if they chose to give one).
 */
const complaintSchema = new Schema(
  {
    code: { type: String, required: true },
    kind: { type: String, enum: ['complaint', 'suggestion'], required: true },
    anonymous: { type: Boolean, required: true },
    filerId: { type: Schema.Types.ObjectId, default: null },
    contactName: { type: String, default: '' },
    contactPhone: { type: String, default: '' },
    centerId: { type: Schema.Types.ObjectId, required: true },
    centerKey: { type: String, required: true },
    target: { type: Schema.Types.Mixed, required: true },
    /** When the target is a staff member or agent: whose record a verified complaint counts on. */
    staffId: { type: Schema.Types.ObjectId, default: null },
    /** The named person's name and 工号 as the directory had them at filing. */
    staffName: { type: String, default: null },
    staffNo: { type: String, default: null },
    /** A case or booking code the filer gave. */
    reference: { type: String, default: null },
    content: { type: String, required: true },
    status: { type: String, enum: ['received', 'routed', 'answered'], required: true },
    routeDue: { type: String, required: true },
    answerDue: { type: String, required: true },
    answer: { type: String, default: '' },
    answeredAt: { type: Date, default: null },
    /** Set by a supervisor (or an admin of a center above) after checking: counts on the person's record when true. */
    verified: { type: Boolean, default: null },
    verifiedYear: { type: Number, default: null },
    seq: { type: Number, required: true },
  },
  schemaOptions,
);
complaintSchema.index({ code: 1 }, { unique: true });
complaintSchema.index({ centerKey: 1, createdAt: -1 });
complaintSchema.index({ staffId: 1, verified: 1, verifiedYear: 1 });
export const Complaint = model('Complaint', complaintSchema);

/** Every handling step, appended; unique (complaintId, seq). */
const complaintEventSchema = new Schema(
  {
    complaintId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    type: { type: String, enum: ['filed', 'routed', 'answered', 'verified', 'not_verified'], required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    data: { type: Schema.Types.Mixed, default: null },
  },
  factOptions,
);
complaintEventSchema.index({ complaintId: 1, seq: 1 }, { unique: true });
export const ComplaintEvent = model('ComplaintEvent', complaintEventSchema);

/** One complaint as read (lean): what the service and presenter work with. */
export const findComplaint = (filter: { _id: unknown } | { code: string }) => Complaint.findOne(filter).lean();
export type ComplaintRow = NonNullable<Awaited<ReturnType<typeof findComplaint>>>;
