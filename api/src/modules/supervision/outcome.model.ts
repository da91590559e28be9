import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

const decisionSchema = new Schema(
  { measure: { type: String, required: true }, reason: { type: String, required: true }, byId: { type: String, required: true }, byName: { type: String, required: true }, at: { type: Date, required: true }, upheld: { type: Boolean, default: undefined } },
  { _id: false },
);

/**
 * 责任追究 about one person, opened by a verified complaint: a projection of its events. The rule proposes a measure;
 * a supervisor of the county decides; the person may appeal once, decided by another supervisor.
 */
const outcomeSchema = new Schema(
  {
    personKey: { type: String, required: true },
    personName: { type: String, required: true },
    staffNo: { type: String, default: null },
    centerKey: { type: String, required: true },
    countyKey: { type: String, required: true },
    /** The verified complaint that opened it: unique, so verifying cannot open two. */
    complaintKey: { type: String, required: true },
    complaintCode: { type: String, required: true },
    verifiedThisYear: { type: Number, required: true },
    proposed: { type: String, required: true },
    status: { type: String, enum: ['proposed', 'decided', 'appealed', 'final'], required: true },
    decision: { type: decisionSchema, default: null },
    appeal: { type: new Schema({ reason: String, at: Date }, { _id: false }), default: null },
    appealDecision: { type: decisionSchema, default: null },
    seq: { type: Number, required: true },
  },
  schemaOptions,
);
outcomeSchema.index({ complaintKey: 1 }, { unique: true });
// A county's list for its supervisors; a person's record.
outcomeSchema.index({ countyKey: 1, createdAt: -1 });
outcomeSchema.index({ personKey: 1 });
export const Outcome = model('Outcome', outcomeSchema);

/** Every step, appended; unique (outcomeId, seq): two supervisors acting at once cannot both apply. */
const outcomeEventSchema = new Schema(
  {
    outcomeId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    type: { type: String, enum: ['proposed', 'decided', 'appealed', 'appeal_decided'], required: true },
    actorId: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: null },
  },
  factOptions,
);
outcomeEventSchema.index({ outcomeId: 1, seq: 1 }, { unique: true });
export const OutcomeEvent = model('OutcomeEvent', outcomeEventSchema);

export const findOutcome = (id: unknown) => Outcome.findById(id).lean();
export type OutcomeRow = NonNullable<Awaited<ReturnType<typeof findOutcome>>>;
