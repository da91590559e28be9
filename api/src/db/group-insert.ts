import type { Collection, Schema, ToObjectOptions } from 'mongoose';

/**
 * Group commit for inserts on a hot path. Each caller inserts one document and waits for its own outcome, as with
 * `Model.create`; but the documents that arrive while a collection's previous insert is on its way go to the engine
 * together, as one unordered `insertMany`. The embedded engine (FerretDB on SQLite) commits a batch of eight in about
 * the time of two or three single inserts, so under a burst the booking path's writes cost a fraction of a round
 * trip each; with fewer than MAX_FLIGHTS batches of the collection on their way, a document goes out on the next
 * turn of the event loop (no timer).
 *
 * Semantics per document are those of `create`: mongoose casts, defaults, validates and stamps it first; a unique
 * index refusing it rejects only its caller, with the engine's duplicate-key error (code 11000); an error of the
 * whole batch (the connection) rejects every caller of the batch.
 */

/** At most this many documents per round trip (the driver would split larger batches anyway). */
const MAX_BATCH = 64;

/** A mongoose model, as far as grouping needs it. */
export interface InsertableModel {
  new (raw: Record<string, unknown>): { validate(): Promise<void>; set(path: string, value: unknown): unknown; toObject(options?: ToObjectOptions): unknown };
  schema: Schema;
  collection: Collection;
}

interface Waiting {
  doc: Record<string, unknown>;
  resolve: () => void;
  reject: (err: unknown) => void;
}
interface Line {
  waiting: Waiting[];
  /** Batches on their way to the engine. */
  flights: number;
  /** A start is scheduled for the next turn of the event loop. */
  scheduled: boolean;
}
const lines = new WeakMap<object, Line>();

/** The engine's refusal of one document of a batch, shaped as a single insert's (isDuplicateKey, message). */
class WriteRefusal extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
    readonly keyValue?: unknown,
  ) {
    super(message);
    this.name = 'MongoServerError';
  }
}

type WriteErrorLike = { index: number; code?: number; errmsg?: string; message?: string; err?: { keyValue?: unknown } };

/** Batches of one collection on their way at once: a new document waits only when this many are. */
const MAX_FLIGHTS = 2;

/** Send what is waiting, in batches, while fewer than MAX_FLIGHTS batches of the collection are on their way. */
async function fly(model: InsertableModel, line: Line): Promise<void> {
  line.flights++;
  try {
    while (line.waiting.length) {
      const batch = line.waiting.splice(0, MAX_BATCH);
      await insertBatch(model, batch);
    }
  } finally {
    line.flights--;
  }
}

async function insertBatch(model: InsertableModel, batch: Waiting[]): Promise<void> {
  try {
    await model.collection.insertMany(
      batch.map((w) => w.doc),
      { ordered: false },
    );
    for (const w of batch) w.resolve();
  } catch (err) {
    const raw = (err as { writeErrors?: unknown }).writeErrors;
    const refused = (Array.isArray(raw) ? raw : raw ? [raw] : []) as WriteErrorLike[];
    if (!refused.length) {
      for (const w of batch) w.reject(err);
      return;
    }
    const byIndex = new Map(refused.map((e) => [e.index, e]));
    batch.forEach((w, i) => {
      const e = byIndex.get(i);
      if (e) w.reject(new WriteRefusal(e.code, e.errmsg ?? e.message ?? 'write refused', e.err?.keyValue));
      else w.resolve();
    });
  }
}

/** Start a batch on the next turn of the event loop (inserts made in this turn share it), if one may fly. */
function schedule(model: InsertableModel, line: Line): void {
  if (line.scheduled || line.flights >= MAX_FLIGHTS) return;
  line.scheduled = true;
  setImmediate(() => {
    line.scheduled = false;
    if (line.waiting.length && line.flights < MAX_FLIGHTS) void fly(model, line);
  });
}

/**
 * Insert one document of `model`, grouped with the documents other requests insert into the same collection at the
 * same time. Resolves to the stored document (as `create(...).toObject()` would give it).
 */
export async function insertGrouped<T>(model: InsertableModel, raw: Record<string, unknown>): Promise<T> {
  const doc = new model(raw);
  await doc.validate();
  const versionKey = model.schema.options.versionKey;
  if (typeof versionKey === 'string') doc.set(versionKey, 0);
  // What Model.insertMany does per document (not in mongoose's types): createdAt/updatedAt as the schema asks.
  (doc as unknown as { initializeTimestamps(): void }).initializeTimestamps();
  const stored = doc.toObject({ transform: false, virtuals: false, getters: false, depopulate: true, versionKey: true }) as Record<string, unknown>;
  let line = lines.get(model);
  if (!line) lines.set(model, (line = { waiting: [], flights: 0, scheduled: false }));
  const l = line;
  await new Promise<void>((resolve, reject) => {
    l.waiting.push({ doc: stored, resolve, reject });
    schedule(model, l);
  });
  return stored as T;
}
