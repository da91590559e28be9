import fs from 'node:fs';
import type { EmbeddedDb } from '../../api/src/db/embedded';

export default async function globalTeardown() {
  const t = (globalThis as Record<string, unknown>).__testDb as { db: EmbeddedDb; dataDir: string } | undefined;
  if (!t) return;
  await t.db.stop(); // FerretDB, then the private PostgreSQL cluster when TEST_DB_ENGINE=postgres
  fs.rmSync(t.dataDir, { recursive: true, force: true });
}
