import { Schema, model } from 'mongoose';
import { factOptions } from '../../db/schema-options';

/** A citizen's saved checklist, pinned to the item version they read. Immutable; deleting removes it. */
const checklistSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    has: { type: [String], default: [] },
    /** Question keys answered yes / no (kept as lists, not a keyed object, so no user text becomes a field name). */
    yes: { type: [String], default: [] },
    no: { type: [String], default: [] },
  },
  factOptions,
);
// "My checklists", newest first.
checklistSchema.index({ userId: 1, createdAt: -1 });
export const Checklist = model('Checklist', checklistSchema);

/**
 * The latest saved checklist per (citizen, item), keyed `${userId}|${itemId}`: a booking shows the window what is
 * still missing, and on the embedded engine only an `_id` equality is an indexed lookup (a filter on userId/itemId
 * decodes every checklist of every citizen). A projection written by the checklist's own save and delete.
 */
const latestSchema = new Schema(
  {
    _id: { type: String, required: true },
    checklistId: { type: Schema.Types.ObjectId, required: true },
    itemId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    has: { type: [String], default: [] },
    yes: { type: [String], default: [] },
    no: { type: [String], default: [] },
    savedAt: { type: Date, required: true },
  },
  { strict: 'throw', versionKey: false },
);
export const LatestChecklist = model('LatestChecklist', latestSchema);
export const latestKey = (userId: unknown, itemId: unknown) => `${String(userId)}|${String(itemId)}`;
