import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDb } from '../../api/src/db/embedded';

/** One database server for the run (each test file then uses its own database on it). */
export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-test-db-'));
  const log = { info: (m: string) => process.stderr.write(`${m}\n`), debug: () => undefined };
  const db = await startEmbeddedDb({ dataDir, log });
  process.env.TEST_MONGODB_URI = db.uri;
  (globalThis as Record<string, unknown>).__testDb = { db, dataDir };
}
