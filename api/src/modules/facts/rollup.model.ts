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
// Scorecards and the monthly notice: the days of a period for the centers of a subtree.
factRollupSchema.index({ centerKey: 1, day: 1 });
export const FactRollup = model('FactRollup', factRollupSchema);

/** A closed day rolled for every center (`_id` the China date): a day without it is rolled before it is read. */
const rolledDaySchema = new Schema({ _id: { type: String }, rolledAt: { type: Date, required: true } }, { timestamps: false, strict: 'throw', versionKey: false });
export const RolledDay = model('RolledDay', rolledDaySchema);

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
