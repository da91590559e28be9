import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * A calendar rule for one date: nationally (scope "national", overriding the data package, e.g. next year's schedule
 * entered when announced) or for one center (scope = center id). Written only by the calendar service.
 */
const calendarDaySchema = new Schema(
  {
    scope: { type: String, required: true },
    date: { type: String, required: true },
    kind: { type: String, enum: ['holiday', 'workday', 'closed', 'open'], required: true },
    name: { type: String, default: '' },
    /** Minutes after midnight. */
    hours: { type: [{ _id: false, start: { type: Number, required: true }, end: { type: Number, required: true } }], default: undefined },
  },
  schemaOptions,
);
// One rule per scope and date; the admin's PUT upserts on it.
calendarDaySchema.index({ scope: 1, date: 1 }, { unique: true });
export const CalendarDay = model('CalendarDay', calendarDaySchema);

/** Who changed which rule, appended. */
const calendarChangeSchema = new Schema(
  {
    scope: { type: String, required: true },
    date: { type: String, required: true },
    action: { type: String, enum: ['set', 'removed'], required: true },
    rule: { type: Schema.Types.Mixed, default: null },
    actorId: { type: Schema.Types.ObjectId, required: true },
  },
  factOptions,
);
// History of one scope.
calendarChangeSchema.index({ scope: 1, createdAt: -1 });
export const CalendarChange = model('CalendarChange', calendarChangeSchema);
