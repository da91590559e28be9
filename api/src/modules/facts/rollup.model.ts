import { Schema, model } from 'mongoose';

/**
 * One center's rolled-up day (`_id` `<YYYY-MM-DD>|<centerId>`): the counts of every line of that center that day —
 * the center itself, its windows, staff members and agents — as `lines: [{ key, ...counts }]`, plus the 代办 cases
 * given a correction notice that day (a month counts distinct cases). Rolling a day again replaces the document
 * whole, so the job is idempotent and a line that no longer counts disappears with it.
 */
const factRollupSchema = new Schema(
  {
    _id: { type: String },
    centerKey: { type: String, required: true },
    day: { type: String, required: true },
    lines: { type: Schema.Types.Mixed, required: true },
    corrected: { type: [String], default: [] },
    rolledAt: { type: Date, required: true },
  },
  { timestamps: false, strict: 'throw', versionKey: false, minimize: false },
);
// No secondary index: reads go by `_id` (the only filter FerretDB 1.24 on SQLite pushes down).
export const FactRollup = model('FactRollup', factRollupSchema);

/**
 * A closed day rolled for every center (`_id` the China date): a day without it is rolled before it is read. `v` is
 * the shape of its documents (ROLLUP_VERSION): a day rolled under an older shape is rolled again before it is read.
 */
const rolledDaySchema = new Schema({ _id: { type: String }, rolledAt: { type: Date, required: true }, v: { type: Number, default: 1 } }, { timestamps: false, strict: 'throw', versionKey: false });
export const RolledDay = model('RolledDay', rolledDaySchema);

/**
 * One center's closed days of a month summed (`_id` `<YYYY-MM>|<centerId>`): the lines of its day documents from
 * the month's first day up to `to` (exclusive; the month's end once it is over, the day it was summed while it runs)
 * added together, and the 代办 cases corrected in those days. A month is then one read instead of thirty.
 * Derived only: it is summed from the day documents by the rollup job (or by a read that had to read the days),
 * and any roll of one of its center's days sets `staleAt` (kept the latest, `$max`); it is used only while
 * `staleAt` is before `builtAt` (the moment the summing began reading the days), so a day rolled during or after
 * the summing is never hidden behind it: the read falls back to the day documents until it is summed again.
 */
const factMonthSchema = new Schema(
  {
    _id: { type: String },
    centerKey: { type: String },
    month: { type: String },
    to: { type: String },
    lines: { type: Schema.Types.Mixed },
    corrected: { type: [String], default: undefined },
    builtAt: { type: Date },
    staleAt: { type: Date },
  },
  { timestamps: false, strict: 'throw', versionKey: false, minimize: false },
);
export const FactMonth = model('FactMonth', factMonthSchema);

/**
 * A center's closed day whose facts changed after it was rolled (`_id` `<YYYY-MM-DD>|<centerId>`): a late rating, a
 * rectification, an answered complaint, a window case refused or completed later. `at` is the last change: a roll
 * that started before it does not clear the mark.
 */
const dirtyDaySchema = new Schema(
  { _id: { type: String }, centerKey: { type: String, required: true }, day: { type: String, required: true }, at: { type: Date, required: true } },
  { timestamps: false, strict: 'throw', versionKey: false },
);
export const DirtyDay = model('DirtyDay', dirtyDaySchema);

/**
 * The job's count of today so far (`_id` 'current'): the day it was counted for, when the count began (`asOf`) and
 * was stored (`doneAt`), and the days (today and any later day with facts) whose documents it stored. Reads use it while it is recent; otherwise today is counted live.
 */
const provisionalDaySchema = new Schema(
  { _id: { type: String }, from: { type: String, required: true }, asOf: { type: Date, required: true }, doneAt: { type: Date, required: true }, days: { type: [String], default: [] } },
  { timestamps: false, strict: 'throw', versionKey: false },
);
export const ProvisionalDay = model('ProvisionalDay', provisionalDaySchema);
