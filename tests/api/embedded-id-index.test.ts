/**
 * The embedded SQLite engine's `_id` index: FerretDB 1.24 filters a lone `_id` equality with an expression its own
 * index does not match, so the launcher adds an index on exactly that expression to every collection table (see
 * api/embedded-db/main.go). Here, on a private engine: a new collection gets it within seconds, FerretDB neither
 * lists nor minds it (reads, unique `_id`, drop and re-create), and a table created later gets it too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedDb, type EmbeddedDb } from '../../api/src/db/embedded';

const { MongoClient } = mongoose.mongo;
const quiet = { info: () => undefined, debug: () => undefined };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-id-index-'));
let db: EmbeddedDb;
let client: InstanceType<typeof MongoClient>;

beforeAll(async () => {
  db = await startEmbeddedDb({ dataDir, log: quiet, engine: 'sqlite', durable: false });
  client = await new MongoClient(db.uri).connect();
}, 120_000);
afterAll(async () => {
  await client?.close();
  await db?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The index definitions SQLite keeps in the database file (and its write-ahead log until a checkpoint). */
function schemaText(): string {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.startsWith('idx.sqlite'))
    .map((f) => fs.readFileSync(path.join(dataDir, f)).toString('latin1'))
    .join('\n');
}
const indexedTables = () => new Set([...schemaText().matchAll(/CREATE INDEX "([^"]+)__ferretdb_id_path"/g)].map((m) => m[1]));

async function untilIndexed(count: number): Promise<Set<string>> {
  for (let i = 0; i < 100; i++) {
    const t = indexedTables();
    if (t.size >= count) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  return indexedTables();
}

describe('embedded engine: the _id index FerretDB filters with', () => {
  it('when a collection is created, then its table gets the index within seconds, and FerretDB still lists only its own', async () => {
    const people = client.db('idx').collection<{ _id: string; n: number }>('people');
    await people.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: `p${n}`, n })));
    expect((await untilIndexed(1)).size).toBe(1);
    expect((await people.indexes()).map((i) => i.name)).toEqual(['_id_']);
    expect(await people.findOne({ _id: 'p321' })).toEqual({ _id: 'p321', n: 321 });
    await expect(people.insertOne({ _id: 'p7', n: 0 })).rejects.toMatchObject({ code: 11000 });
  });

  it('when a collection is dropped and made again, then FerretDB reads it right; a table made later is indexed too', async () => {
    const db1 = client.db('idx');
    await db1.collection('people').drop();
    await db1.collection('others').insertOne({ _id: new mongoose.Types.ObjectId(), x: 1 });
    const people = db1.collection<{ _id: string; n: number }>('people');
    await people.insertOne({ _id: 'again', n: 1 });
    const tables = await untilIndexed(2);
    expect([...tables].some((t) => t.startsWith('others'))).toBe(true);
    expect(await people.findOne({ _id: 'again' })).toEqual({ _id: 'again', n: 1 });
    expect(await people.countDocuments({})).toBe(1);
  });
});
