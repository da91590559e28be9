import { Schema, model } from 'mongoose';
import { CENTER_LEVELS } from '@bianmin/shared';
import { schemaOptions } from '../../db/schema-options';

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
    /** Opening hours by ISO weekday in minutes ({"1": [{start: 510, end: 720}, …]}); null = Mon–Fri 8:30–12:00, 13:00–17:30. */
    weekly: { type: Schema.Types.Mixed, default: null },
    /** 全程代理 stage limits in working days by stage key, per chain ({three: {dept: 10}, two: {…}}); null = seed 004. */
    chainDays: { type: Schema.Types.Mixed, default: null },
    /** 差评 limits in working days ({contactDays, rectifyDays}); null = 1 and 5. */
    evaluationRules: { type: Schema.Types.Mixed, default: null },
    /** Booking rules (预约规则); null = defaults. */
    bookingRules: { type: Schema.Types.Mixed, default: null },
  },
  schemaOptions,
);
// Unique administrative code; seeds upsert by it.
centerSchema.index({ code: 1 }, { unique: true });
// Subtree queries for admins.
centerSchema.index({ ancestors: 1 });
export const Center = model('Center', centerSchema);
