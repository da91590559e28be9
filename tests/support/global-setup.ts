import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb } from '../../api/src/db/embedded';

/**
 * One database server for the run (each test file then uses its own database on it): MONGODB_URI when set, else the
 * embedded FerretDB on the engine TEST_DB_ENGINE names — `sqlite` (default) or `postgres` (a private, non-durable
 * PostgreSQL cluster in the temporary folder). TEST_DB_ENGINE is passed on so tests can tell which one runs.
 */
export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const engine = process.env.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
  process.env.TEST_DB_ENGINE = engine;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-test-db-'));
  const log = { info: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };
  const db = await startEmbeddedDb({ dataDir, log, engine, durable: false });
  process.env.TEST_MONGODB_URI = db.uri;
  (globalThis as Record<string, unknown>).__testDb = { db, dataDir };
}
