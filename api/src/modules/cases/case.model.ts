import { Schema, model } from 'mongoose';
import { CASE_TYPES, DELIVERY_METHODS, NOTICE_KINDS, WINDOW_CASE_STATES } from '@bianmin/shared';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * A window case (窗口办件): a projection written only by the cases service after the event that justifies it was
 * stored (WindowCaseEvent's unique (caseKey, seq) lets exactly one of two racing transitions through).
 * Hot filters use string keys (`centerKey`, `staffKey`): the embedded engine compares strings inside SQLite but
 * decodes every document to compare ObjectIds.
 */
const windowCaseSchema = new Schema(
  {
    /** Short progress code printed on every slip (/track/:code). */
    code: { type: String, required: true },
    type: { type: String, enum: CASE_TYPES, required: true },
    state: { type: String, enum: WINDOW_CASE_STATES, required: true },
    /** Number of events so far; the next transition appends event `version + 1`. */
    version: { type: Number, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    itemVersion: { type: Number, required: true },
    centerId: { type: Schema.Types.ObjectId, required: true },
    centerKey: { type: String, required: true },
    windowId: { type: Schema.Types.ObjectId, default: null },
    windowName: { type: String, default: null },
    ticketId: { type: Schema.Types.ObjectId, default: null },
    bookingId: { type: Schema.Types.ObjectId, default: null },
    delegationId: { type: Schema.Types.ObjectId, default: null },
    applicantName: { type: String, required: true },
    /** Mainland mobile as validated by ZPhone (the same form citizens sign in with); "" for a phone-less walk-in. */
    applicantPhone: { type: String, default: '' },
    /** AES-256-GCM sealed ID number and its keyed lookup hash (as bookings keep them). */
    applicantIdEnc: { type: String, default: null },
    applicantIdHash: { type: String, default: null },
    /** The receiving staff member (受理人): whom the case, its lapses and its rating count for. */
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffKey: { type: String, required: true },
    answers: { type: Schema.Types.Mixed, default: {} },
    /** The item's 一次性告知 list (materials, questions) of the version the case was opened against. */
    checklist: { type: Schema.Types.Mixed, required: true },
    received: { type: [String], default: [] },
    missing: { type: [String], default: [] },
    firstNotice: { type: [String], default: [] },
    breaches: { type: [String], default: [] },
    clockFrom: { type: Date, default: null },
    committedDays: { type: Number, required: true },
    promisedOn: { type: String, default: null },
    /** 即办: 30 opening minutes after clockFrom. */
    dueAt: { type: Date, default: null },
    stages: { type: Schema.Types.Mixed, default: [] },
    result: { type: String, default: null },
    delivery: { type: String, enum: DELIVERY_METHODS, default: null },
    refusal: { type: Schema.Types.Mixed, default: null },
    onTime: { type: Boolean, default: null },
    minutes: { type: Number, default: null },
    completedAt: { type: Date, default: null },
    /** 受理 instant: the `now` the case was opened with (what facts count reception by; createdAt is the write time). */
    receivedAt: { type: Date, default: null },
    /** The rating card issued at 办结 (single use), its H5 link and the last day it is accepted. */
    ratingToken: { type: String, default: null },
    ratingUrl: { type: String, default: null },
    ratingUntil: { type: String, default: null },
    /** Working days late already counted as lapses (the sweep's high-water mark). */
    lapsedDays: { type: Number, default: 0 },
  },
  schemaOptions,
);
// Progress by code; codes are random and a collision retries.
windowCaseSchema.index({ code: 1 }, { unique: true });
// Staff lists of a center by state; admins over a subtree use centerKey $in.
windowCaseSchema.index({ centerKey: 1, state: 1, createdAt: -1 });
// Facts: cases received in a range.
windowCaseSchema.index({ centerKey: 1, receivedAt: 1 });
// "My open cases" of a staff member.
windowCaseSchema.index({ staffKey: 1, state: 1 });
// 我的办件: a citizen's cases by their phone.
windowCaseSchema.index({ applicantPhone: 1, createdAt: -1 });
// Overdue sweep: running cases by promised date.
windowCaseSchema.index({ state: 1, promisedOn: 1 });
export const WindowCase = model('WindowCase', windowCaseSchema);

/** Every transition of a case, appended. Unique (caseKey, seq): two racing transitions cannot both apply. */
const eventSchema = new Schema(
  {
    caseKey: { type: String, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  factOptions,
);
eventSchema.index({ caseKey: 1, seq: 1 }, { unique: true });
export const WindowCaseEvent = model('WindowCaseEvent', eventSchema);

/**
 * A numbered document (受理通知书, 承诺件通知单, 补正告知书, 不予受理告知书, 办结单). Unique (centerKey, year, seq): a
 * number exists only once this document is inserted, so 50 staff issuing at once get 1…50 without gaps or reuse
 * (a loser of the race re-reads the highest number and tries the next). `body` is what the notice prints, frozen.
 */
const noticeSchema = new Schema(
  {
    centerKey: { type: String, required: true },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    number: { type: String, required: true },
    kind: { type: String, enum: NOTICE_KINDS, required: true },
    caseKey: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, required: true },
    staffName: { type: String, required: true },
    staffNo: { type: String, default: '' },
    body: { type: Schema.Types.Mixed, required: true },
  },
  factOptions,
);
noticeSchema.index({ centerKey: 1, year: 1, seq: 1 }, { unique: true });
// A case's notices on its detail page.
noticeSchema.index({ caseKey: 1 });
export const CaseNotice = model('CaseNotice', noticeSchema);

/**
 * One case per ticket / per booking: `_id` = `ticket:<id>` or `booking:<id>` → the case. Inserted before the case,
 * so two staff opening a case for the same number at once cannot both succeed.
 */
export const CaseClaim = model(
  'CaseClaim',
  new Schema({ _id: { type: String }, caseId: { type: Schema.Types.ObjectId, required: true } }, factOptions),
);
