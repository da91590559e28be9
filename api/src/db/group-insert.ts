import { Types, type Collection, type Schema, type ToObjectOptions } from 'mongoose';

/**
 * Group commit for inserts on a hot path. Each caller inserts one document and waits for its own outcome, as with
 * `Model.create`; but the documents that arrive while a collection's previous insert is on its way go to the engine
 * together, as one unordered `insertMany`. The embedded engine (FerretDB on SQLite) commits a batch of eight in about
 * the time of two or three single inserts, so under a burst the booking path's writes cost a fraction of a round
 * trip each; with fewer than MAX_FLIGHTS batches of the collection on their way, a document goes out on the next
 * turn of the event loop (no timer).
 *
 * Semantics per document are those of `create` (see storedForm for how it is made without mongoose's cost); a unique
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
const MAX_FLIGHTS = 1;

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

/** What mongoose adds to a plain document of a model on insert: defaults, an ObjectId `_id`, timestamps, version. */
interface Shape {
  /** Top-level paths with a constant default (a null, a string, a number, a boolean). */
  defaults: [string, unknown][];
  autoId: boolean;
  stamps: string[];
  versionKey?: string;
  /** A default this fast path does not reproduce (a function, an array, a nested path): use mongoose's document. */
  plain: boolean;
}
const shapes = new WeakMap<object, Shape>();

function shapeOf(model: InsertableModel): Shape {
  const known = shapes.get(model);
  if (known) return known;
  const schema = model.schema;
  const shape: Shape = { defaults: [], autoId: false, stamps: [], plain: true };
  schema.eachPath((p, schemaType) => {
    const type = schemaType as unknown as { defaultValue?: unknown; instance?: string };
    if (p === '_id') {
      shape.autoId = type.instance === 'ObjectId' && type.defaultValue !== undefined;
      return;
    }
    if (p.includes('.') && p !== '__v') shape.plain = false;
    const d = type.defaultValue;
    if (d === undefined) return;
    if (d === null || ['string', 'number', 'boolean'].includes(typeof d)) shape.defaults.push([p, d]);
    else shape.plain = false;
  });
  const ts = schema.options.timestamps as boolean | { createdAt?: boolean | string; updatedAt?: boolean | string } | undefined;
  const stamp = (v: boolean | string | undefined, name: string) => (v === true || v === undefined ? name : typeof v === 'string' ? v : undefined);
  if (ts === true) shape.stamps = ['createdAt', 'updatedAt'];
  else if (ts && typeof ts === 'object') shape.stamps = [stamp(ts.createdAt, 'createdAt'), stamp(ts.updatedAt, 'updatedAt')].filter((x): x is string => !!x);
  const vk = schema.options.versionKey;
  if (typeof vk === 'string') shape.versionKey = vk;
  shapes.set(model, shape);
  return shape;
}

/** The stored form of a document the way mongoose's `create` would make it (casts, defaults, validation, stamps). */
async function throughMongoose(model: InsertableModel, raw: Record<string, unknown>, stampNew: boolean): Promise<Record<string, unknown>> {
  const doc = new model(raw);
  await doc.validate();
  const versionKey = model.schema.options.versionKey;
  if (typeof versionKey === 'string') doc.set(versionKey, 0);
  // What Model.insertMany does per document (not in mongoose's types): createdAt/updatedAt as the schema asks.
  if (stampNew) (doc as unknown as { initializeTimestamps(): void }).initializeTimestamps();
  return doc.toObject({ transform: false, virtuals: false, getters: false, depopulate: true, versionKey: true }) as Record<string, unknown>;
}

/** A value with its types spelled out (ObjectId, Date, string…), keys sorted: equal forms are the same document. */
function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return `date:${v.toISOString()}`;
  if (v instanceof Types.ObjectId) return `oid:${v.toHexString()}`;
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return `${typeof v}:${String(v)}`;
}

/**
 * A hot path's document, made without mongoose's document machinery (which costs more than the insert itself):
 * the caller's fields, then the schema's constant defaults, an `_id`, the timestamps and the version key. The
 * callers build these documents from validated input with the right types; under NODE_ENV=test every one is also
 * made through mongoose (cast, defaults, validation) and must come out identical, so a caller that passes a string
 * for an ObjectId, misses a required field or adds an unknown one fails the tests rather than production.
 */
async function storedForm(model: InsertableModel, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const shape = shapeOf(model);
  if (!shape.plain) return throughMongoose(model, raw, true);
  const doc: Record<string, unknown> = { ...raw };
  for (const [k, d] of shape.defaults) if (doc[k] === undefined) doc[k] = d;
  if (doc._id === undefined && shape.autoId) doc._id = new Types.ObjectId();
  const now = new Date();
  for (const k of shape.stamps) doc[k] ??= now;
  if (shape.versionKey) doc[shape.versionKey] = 0;
  if (process.env.NODE_ENV === 'test') {
    const expected = await throughMongoose(model, doc, false);
    if (canonical(expected) !== canonical(doc)) throw new Error(`insertGrouped(${model.collection.collectionName}): the document differs from mongoose's: ${canonical(doc)} ≠ ${canonical(expected)}`);
  }
  return doc;
}

/**
 * Insert one document of `model`, grouped with the documents other requests insert into the same collection at the
 * same time. Resolves to the stored document (as `create(...).toObject()` would give it).
 */
export async function insertGrouped<T>(model: InsertableModel, raw: Record<string, unknown>): Promise<T> {
  const stored = await storedForm(model, raw);
  let line = lines.get(model);
  if (!line) lines.set(model, (line = { waiting: [], flights: 0, scheduled: false }));
  const l = line;
  await new Promise<void>((resolve, reject) => {
    l.waiting.push({ doc: stored, resolve, reject });
    schedule(model, l);
  });
  return stored as T;
}
