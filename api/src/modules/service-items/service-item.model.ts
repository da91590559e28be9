import { Schema, model } from 'mongoose';
import { CASE_TYPES } from '@bianmin/shared';
import { schemaOptions, factOptions } from '../../db/schema-options';

/**
 * The catalog entry as a projection, written only by the service-item service: the latest draft, the published
 * snapshot citizens read, and search fields derived from the published snapshot.
 */
const serviceItemSchema = new Schema(
  {
    centerId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    status: { type: String, enum: ['draft', 'published', 'unpublished'], required: true },
    latestVersion: { type: Number, required: true },
    publishedVersion: { type: Number, default: null },
    publishedAt: { type: Date, default: null },
    /** TServiceItemInput of latestVersion. */
    draft: { type: Schema.Types.Mixed, required: true },
    /** TServiceItemInput of publishedVersion (null until first published). */
    published: { type: Schema.Types.Mixed, default: null },
    // Filters and search, from the published snapshot.
    name: { type: String, default: '' },
    category: { type: String, default: '' },
    department: { type: String, default: '' },
    caseType: { type: String, enum: [...CASE_TYPES, ''], default: '' },
    search: {
      /** Chinese text: name, keywords, department, category, code. */
      text: { type: String, default: '' },
      /** Full pinyin without tones, one run per term ("chengxiangjumin… yanglaobaoxian"). */
      py: { type: String, default: '' },
      /** Pinyin initials per term ("cxjmjbylbx…"). */
      ini: { type: String, default: '' },
    },
  },
  { ...schemaOptions, minimize: false },
);
// One code per center; concurrent creates of the same code: the second gets a 409.
serviceItemSchema.index({ centerId: 1, code: 1 }, { unique: true });
// Public catalog filters.
serviceItemSchema.index({ status: 1, category: 1 });
serviceItemSchema.index({ status: 1, centerId: 1 });
export const ServiceItem = model('ServiceItem', serviceItemSchema);

/** Every saved version, immutable: saved checklists point at the version they were made against. */
const versionSchema = new Schema(
  {
    itemId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    authorId: { type: Schema.Types.ObjectId, default: null },
    note: { type: String, default: '' },
  },
  { ...factOptions, minimize: false },
);
// Two editors saving on the same base version: exactly one gets version N+1, the other a VERSION_CONFLICT.
versionSchema.index({ itemId: 1, version: 1 }, { unique: true });
export const ServiceItemVersion = model('ServiceItemVersion', versionSchema);

/** Edit history: created, edited, published, unpublished — appended, never changed. */
const eventSchema = new Schema(
  {
    itemId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: ['created', 'edited', 'published', 'unpublished'], required: true },
    version: { type: Number, required: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    note: { type: String, default: '' },
  },
  factOptions,
);
// History of one item, newest first.
eventSchema.index({ itemId: 1, createdAt: -1 });
export const ServiceItemEvent = model('ServiceItemEvent', eventSchema);

/**
 * A token that changes whenever the published catalog does (written after the change itself). API processes keep the
 * published catalog in memory and reload it when the token they read differs from the one they loaded under.
 */
export const CatalogRevision = model(
  'CatalogRevision',
  new Schema({ _id: { type: String }, rev: { type: String, required: true } }, { timestamps: true, strict: 'throw', versionKey: false }),
);
