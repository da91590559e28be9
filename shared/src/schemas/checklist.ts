import { z } from 'zod';
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

export interface TCheckResponse extends TChecklistResult {
  itemId: string;
  itemName: string;
  version: number;
  /** A stable link to a printable/shareable page of this notice (with a QR code). */
  shareUrl: string;
}

export interface TSavedChecklist extends TCheckResponse {
  id: string;
  has: string[];
  answers: Record<string, boolean>;
  /** The item has a newer published version than the one this checklist was made against. */
  outdated: boolean;
  createdAt: string;
}
