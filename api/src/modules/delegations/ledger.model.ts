import { Schema, model } from 'mongoose';
import { factOptions } from '../../db/schema-options';

/**
 * One ledger (台账) entry: append-only, never edited or deleted; a correction is a new entry naming the one it
 * corrects. Each entry carries the previous entry's hash, so any change to a stored entry breaks the chain there.
 */
const ledgerEntrySchema = new Schema(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    /**
     * caseId and centerId as strings, for the queries: FerretDB 1.x (SQLite) filters string equality inside SQLite but
     * decodes every document to compare ObjectIds (3.5 s vs 74 ms over 50,000 entries, measured).
     */
    caseKey: { type: String, required: true },
    centerKey: { type: String, required: true },
    seq: { type: Number, required: true },
    centerId: { type: Schema.Types.ObjectId, required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    actorRole: { type: String, required: true },
    type: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: null },
    /** Server time of the append. */
    at: { type: Date, required: true },
    /** When the agent logged it on the phone (offline steps arrive later). */
    clientAt: { type: Date, default: null },
    /** `k:<case>:<client key>` for replayable client steps, else `s:<case>:<seq>`; unique: a resent step is stored once. */
    idem: { type: String, required: true },
    /** seq of the entry this one corrects. */
    corrects: { type: Number, default: null },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { ...factOptions, timestamps: false, minimize: false },
);
// Two agents appending at the same moment both try seq N+1; the loser retries as N+2 and the chain stays linear.
ledgerEntrySchema.index({ caseKey: 1, seq: 1 }, { unique: true });
// Offline replay of the same step stores it once.
ledgerEntrySchema.index({ idem: 1 }, { unique: true });
// Center-wide verification.
ledgerEntrySchema.index({ centerKey: 1, caseKey: 1, seq: 1 });
export const LedgerEntry = model('LedgerEntry', ledgerEntrySchema);

/**
 * Where a case's chain was last verified (`_id` the case key): the verify starts there instead of the first entry
 * (the checkpoint's own entry is read again and must still hash the same). A hint, never the evidence: the entries
 * are always what is checked, and a full verify ignores checkpoints.
 */
const ledgerCheckpointSchema = new Schema(
  {
    _id: { type: String },
    centerKey: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    /** The checkpoint entry's `_id`: read again by id (1 ms) when nothing was appended since. */
    entryId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: false, strict: 'throw', versionKey: false },
);
// A center's incremental verify: its cases' checkpoints in one string-equality read.
ledgerCheckpointSchema.index({ centerKey: 1 });
export const LedgerCheckpoint = model('LedgerCheckpoint', ledgerCheckpointSchema);

/**
 * A case with entries not verified yet (`_id` the case key): inserted before each append (a duplicate is ignored, so
 * it costs one failed insert while the case stays pending; no read-modify-write under contention), given the entry's
 * seq after it (`$max`), removed by a verify before it reads the entries, put back when the chain does not hold. A
 * center's verify reads only these.
 */
const ledgerPendingSchema = new Schema(
  {
    _id: { type: String },
    centerKey: { type: String, required: true },
    /** The highest seq appended since the mark was made: how far the verify walks by id (absent: until a gap). */
    seq: { type: Number },
  },
  { timestamps: false, strict: 'throw', versionKey: false },
);
// A center's incremental verify: its pending cases in one string-equality read.
ledgerPendingSchema.index({ centerKey: 1 });
export const LedgerPending = model('LedgerPending', ledgerPendingSchema);

/**
 * A center whose every case was verified in full once (`_id` the center id). Until then a center's verify is a full
 * one: cases stored other than by `appendEntry` (imports, restores) have no checkpoint to be found by.
 */
const ledgerCenterCheckpointSchema = new Schema({ _id: { type: String }, verifiedAt: { type: Date, required: true } }, { timestamps: false, strict: 'throw', versionKey: false });
export const LedgerCenterCheckpoint = model('LedgerCenterCheckpoint', ledgerCenterCheckpointSchema);
