import { Schema, model } from 'mongoose';
import { CENTER_LEVELS } from '@bianmin/shared';
import { schemaOptions } from '../../db/schema-options';

const span = new Schema({ start: { type: String, required: true }, end: { type: String, required: true } }, { _id: false });
const days = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, { type: Number }]));
const weekly = new Schema(Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { type: [span], default: undefined }])), { _id: false });
const STAGES = ['village-to-town', 'town-to-county', 'county-to-dept', 'town-to-dept', 'dept', 'back', 'deliver'];

/**
 * A center's own overrides of the settings (TStoredSettings in shared): typed, every leaf optional; a missing leaf is
 * inherited from the center above, then from DEFAULT_CENTER_SETTINGS. Written only by centers/settings.service.
 */
const settingsSchema = new Schema(
  {
    booking: {
      type: new Schema(
        { horizonDays: Number, minNoticeMinutes: Number, maxActivePerPerson: Number, cancelCutoffMinutes: Number, noShowLimit: Number, noShowWindowDays: Number, pauseDays: Number },
        { _id: false },
      ),
      default: undefined,
    },
    hours: { type: new Schema({ weekly: { type: weekly, default: undefined } }, { _id: false }), default: undefined },
    chain: {
      type: new Schema({ three: { type: new Schema(days(STAGES), { _id: false }), default: undefined }, two: { type: new Schema(days(STAGES), { _id: false }), default: undefined } }, { _id: false }),
      default: undefined,
    },
    evaluation: { type: new Schema({ ratingPeriodDays: Number, contactDays: Number, rectifyDays: Number }, { _id: false }), default: undefined },
    complaints: { type: new Schema({ routeDays: Number, answerDays: Number }, { _id: false }), default: undefined },
    queue: { type: new Schema({ receptionLapseMinutes: Number, displayNames: Boolean }, { _id: false }), default: undefined },
    inquiries: { type: new Schema({ followUpDays: Number }, { _id: false }), default: undefined },
  },
  { _id: false },
);

const centerSchema = new Schema(
  {
    /** Administrative code, unique in the deployment. */
    code: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, enum: CENTER_LEVELS, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    /** Every center above this one, county first: "this center and below" is `{ $or: [{_id: X}, {ancestors: X}] }`. */
    ancestors: { type: [Schema.Types.ObjectId], default: [] },
    address: { type: String, default: '' },
    phone: { type: String, default: '' },
    hours: { type: String, default: '' },
    settings: { type: settingsSchema, default: undefined },
    /** Bumped on every settings write, so other processes' caches see the change on their next refresh. */
    settingsRev: { type: Number, default: 0 },
  },
  // Legacy Mixed fields (weekly, chainDays, evaluationRules, bookingRules) on old documents are moved into
  // `settings` by the start-up migration (centers/settings.migration.ts), through the raw collection.
  schemaOptions,
);
// Unique administrative code; seeds upsert by it.
centerSchema.index({ code: 1 }, { unique: true });
// Subtree queries for admins.
centerSchema.index({ ancestors: 1 });
export const Center = model('Center', centerSchema);
