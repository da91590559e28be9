import { Schema, model } from 'mongoose';
import { CASE_STATES, SERVICE_MODES } from '@bianmin/shared';
import { schemaOptions, factOptions } from '../../db/schema-options';

const stageSchema = new Schema(
  { key: String, name: String, days: Number, holder: String, startedOn: String, clockFrom: String, clockDays: Number, dueOn: String, completedOn: String, lateDays: Number },
  { _id: false },
);

/**
 * A 帮办/代办/上门 case: a projection of its ledger, written only by the delegation service after the ledger entry
 * that justifies the change was stored.
 */
const delegationSchema = new Schema(
  {
    code: { type: String, required: true },
    mode: { type: String, enum: SERVICE_MODES, required: true },
    state: { type: String, enum: CASE_STATES, required: true },
    /** The state to return to after 补正 or 中止. */
    pausedState: { type: String, default: null },
    /** Number of state transitions so far (the next claims `<case>:<version+1>`). */
    version: { type: Number, required: true },
    requestedBy: { type: Schema.Types.ObjectId, required: true },
    /** The citizen account the case belongs to (who sees it), if any. */
    citizenId: { type: Schema.Types.ObjectId, default: null },
    personName: { type: String, required: true },
    personIdEnc: { type: String, default: null },
    personPhone: { type: String, required: true },
    home: { type: Schema.Types.Mixed, default: null },
    note: { type: String, default: '' },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemName: { type: String, required: true },
    /** The center that received the case, and every center on its chain (receiving center first). */
    centerId: { type: Schema.Types.ObjectId, required: true },
    centerPath: { type: [Schema.Types.ObjectId], required: true },
    agentId: { type: Schema.Types.ObjectId, default: null },
    authorized: { type: Boolean, default: false },
    handoverConfirmed: { type: Boolean, default: false },
    deliveryConfirmed: { type: Boolean, default: false },
    stages: { type: [stageSchema], default: [] },
    stageIndex: { type: Number, default: -1 },
    missing: { type: [String], default: [] },
    /** 材料交接 summary for the 台账 ("居民身份证×1；户口簿×1"), from the handover entry. */
    handover: { type: String, default: '' },
    result: { type: String, default: '' },
    completedOn: { type: String, default: null },
    /** requested: accept by this day; delivered: 办结 by this day (the clocks outside the chain's stages). */
    acceptDueOn: { type: String, default: null },
    closeDueOn: { type: String, default: null },
    /** 承诺办结日 fixed at acceptance, and why it last moved (补正, 中止, a calendar change). */
    promisedOn: { type: String, default: null },
    promiseReason: { type: String, default: '' },
  },
  { ...schemaOptions, minimize: false },
);
delegationSchema.index({ code: 1 }, { unique: true });
// A citizen's cases; an agent's; a center's (and its chain's) for staff and admins.
delegationSchema.index({ citizenId: 1, createdAt: -1 });
delegationSchema.index({ agentId: 1, state: 1 });
delegationSchema.index({ centerPath: 1, createdAt: -1 });
// The sweep and the calendar recompute: open cases by state.
delegationSchema.index({ state: 1 });
export const Delegation = model('Delegation', delegationSchema);

/** A claimed transition: _id `<caseId>:<version>`. Two agents acting on the same state: exactly one wins. */
export const CaseTransition = model('CaseTransition', new Schema({ _id: { type: String } }, factOptions));

/** AB岗: the A and B agents of a center's 代办 post; B takes cases while A is away. */
const agentPostSchema = new Schema(
  {
    centerId: { type: Schema.Types.ObjectId, required: true },
    a: { type: Schema.Types.ObjectId, required: true },
    b: { type: Schema.Types.ObjectId, required: true },
  },
  schemaOptions,
);
agentPostSchema.index({ centerId: 1 }, { unique: true });
export const AgentPost = model('AgentPost', agentPostSchema);

/** An agent away (meeting, leave) from `from` to `to` (China dates, inclusive). Appended. */
const absenceSchema = new Schema(
  { userId: { type: Schema.Types.ObjectId, required: true }, from: { type: String, required: true }, to: { type: String, required: true }, reason: { type: String, default: '' } },
  factOptions,
);
absenceSchema.index({ userId: 1, to: 1 });
export const AgentAbsence = model('AgentAbsence', absenceSchema);
