import { Schema, model } from 'mongoose';
import { factOptions } from '../../db/schema-options';

/**
 * A recorded leave or absence (请假/外出): a date range and a reason, appended and never changed. No clock-in,
 * 打卡 or online time is ever stored. `userKey`/`centerKey` are strings (string filters are cheap on FerretDB).
 */
const absenceSchema = new Schema(
  {
    userKey: { type: String, required: true },
    centerKey: { type: String, required: true },
    /** First and last day away, China dates, inclusive. */
    from: { type: String, required: true },
    to: { type: String, required: true },
    reason: { type: String, required: true },
    recordedBy: { type: String, required: true },
  },
  factOptions,
);
// A person's absences (overlap check, lists, coverFor).
absenceSchema.index({ userKey: 1, from: 1 });
export const Absence = model('Absence', absenceSchema);

/**
 * One document per person and day away: _id = `<user>:<date>`. Two overlapping ranges recorded at the same moment
 * collide here, so a day is never recorded twice even when the read-before-write check races.
 */
export const AbsenceDay = model('AbsenceDay', new Schema({ _id: { type: String }, absenceId: { type: Schema.Types.ObjectId, required: true } }, factOptions));

/**
 * A move made because someone is away (AB岗): a call, a case, a 首问 entry or a booking handed to the covering
 * post, appended once per subject and kind (_id = `<kind>:<subject>:<to>`).
 */
const coverMoveSchema = new Schema(
  {
    _id: { type: String },
    kind: { type: String, enum: ['call', 'case', 'inquiry', 'booking'], required: true },
    subjectId: { type: String, required: true },
    centerKey: { type: String, required: true },
    windowKey: { type: String, default: null },
    fromUser: { type: String, required: true },
    toUser: { type: String, default: null },
    date: { type: String, required: true },
    detail: { type: String, default: '' },
  },
  factOptions,
);
// A subject's moves (case detail, tests).
coverMoveSchema.index({ subjectId: 1 });
export const CoverMove = model('CoverMove', coverMoveSchema);
