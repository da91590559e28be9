import { z } from 'zod';
import { MATERIAL_FORMS } from '../constants/service-item';
import { ZObjectId } from './common';
import type { TChecklistResult } from '../domain/checklist';

const ZMaterialKeys = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: '材料编号格式不正确' })).max(60);
/** Answers to the item's yes/no questions, by question key. */
const ZAnswers = z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: '问题编号格式不正确' }), z.boolean());

/** Ask what is still missing (nothing stored). */
export const ZChecklistCheck = z.object({ has: ZMaterialKeys, answers: ZAnswers.default({}) }).strict();
export type TChecklistCheck = z.infer<typeof ZChecklistCheck>;

/** Save a checklist to "my checklists"; it keeps the item version read. */
export const ZChecklistSave = z
  .object({ itemId: ZObjectId, has: ZMaterialKeys, answers: ZAnswers.default({}) })
  .strict();
export type TChecklistSave = z.infer<typeof ZChecklistSave>;

/** A material still missing, as the 补正告知 lists it. */
export const ZMissingMaterial = z
  .object({
    key: z.string(),
    name: z.string(),
    form: z.enum(MATERIAL_FORMS),
    copies: z.number().int(),
    notes: z.string().optional(),
    source: z.string().optional(),
    /** Why it is needed, for conditional materials ("因为：是否委托他人代办？ 是"). */
    because: z.string().optional(),
  })
  .strict();

/** What `checkMaterials` answers (the pure rule in domain/checklist), as a schema for responses. */
export const ZChecklistResult = z
  .object({
    complete: z.boolean(),
    missing: z.array(ZMissingMaterial),
    unanswered: z.array(z.object({ key: z.string(), text: z.string() }).strict()),
    neededCount: z.number().int(),
    haveCount: z.number().int(),
  })
  .strict();

/** Answer of POST /api/service-items/:id/check. */
export const ZCheckResponse = ZChecklistResult.extend({
  itemId: z.string(),
  itemName: z.string(),
  version: z.number().int(),
  /** A stable link to a printable/shareable page of this notice (with a QR code). */
  shareUrl: z.string(),
}).strict();
export type TCheckResponse = z.infer<typeof ZCheckResponse>;

/** A checklist saved to "my checklists". */
export const ZSavedChecklist = ZCheckResponse.extend({
  id: z.string(),
  has: z.array(z.string()),
  answers: z.record(z.string(), z.boolean()),
  /** The item has a newer published version than the one this checklist was made against. */
  outdated: z.boolean(),
  createdAt: z.string(),
}).strict();
export type TSavedChecklist = z.infer<typeof ZSavedChecklist>;

/** Compile-time check: the schema and the pure rule's result type describe the same thing. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _resultMatches: Same<z.infer<typeof ZChecklistResult>, TChecklistResult> = true;
void _resultMatches;
