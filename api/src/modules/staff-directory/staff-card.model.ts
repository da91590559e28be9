import { Schema, model } from 'mongoose';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * 挂牌上岗: what a person's public card shows besides name and 工号 (those live on the user). _id = the user's id,
 * so a person has one card.
 */
const staffCardSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    centerKey: { type: String, required: true },
    post: { type: String, default: '' },
    windowId: { type: String, default: null },
    duties: { type: String, default: '' },
    /** Re-encoded photo bytes (metadata stripped) and their type; bumped version busts caches. */
    photo: { type: Buffer, default: null },
    photoType: { type: String, default: null },
    photoVersion: { type: Number, default: 0 },
  },
  schemaOptions,
);
// The directory of one center.
staffCardSchema.index({ centerKey: 1 });
export const StaffCard = model('StaffCard', staffCardSchema);

/**
 * A 工号 held in a center: _id = `<centerId>:<staffNo>`. The unique _id lets two admins racing to give the same
 * number to two people in one center leave exactly one of them holding it.
 */
export const StaffNoClaim = model('StaffNoClaim', new Schema({ _id: { type: String }, userId: { type: String, required: true } }, factOptions));
