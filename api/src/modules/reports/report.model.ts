import { Schema, model } from 'mongoose';
import { schemaOptions } from '../../db/schema-options';

/**
 * A center's monthly public report (每月5日前公告), _id `<centerId>:<YYYY-MM>`. Regenerating replaces the figures (one
 * writer: the report service); generation is automatic after month end and can be asked for on demand.
 */
const reportSchema = new Schema(
  {
    _id: { type: String },
    centerId: { type: Schema.Types.ObjectId, required: true },
    centerKey: { type: String, required: true },
    month: { type: String, required: true },
    figures: { type: Schema.Types.Mixed, required: true },
  },
  { ...schemaOptions, minimize: false },
);
reportSchema.index({ centerKey: 1, month: -1 });
export const MonthlyReport = model('MonthlyReport', reportSchema);
