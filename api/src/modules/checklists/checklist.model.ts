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
