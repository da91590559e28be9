import type { SchemaOptions } from 'mongoose';

/** Shared by every schema: timestamps, and JSON without Mongo internals (presenters still shape the answer). */
export const schemaOptions = {
  timestamps: true,
  strict: 'throw',
  toJSON: { versionKey: false },
} as const satisfies SchemaOptions;

/** For append-only facts: created once, never updated. */
export const factOptions = {
  timestamps: { createdAt: true, updatedAt: false },
  strict: 'throw',
  toJSON: { versionKey: false },
} as const satisfies SchemaOptions;
