import mongoose from 'mongoose';
import type { Logger } from '../logger';
import { startEmbeddedDb, type DbEngine, type EmbeddedDb } from './embedded';

/** Connections to the embedded FerretDB (SQLite); measured with `npm run bench:ledger` and `bench:booking`. */
export const EMBEDDED_POOL = 8;

export interface Database {
  connection: mongoose.Connection;
  /** Set when we started the embedded engine ourselves. */
  embedded?: EmbeddedDb;
  close(): Promise<void>;
}

/**
 * Connect to MONGODB_URI, or start the embedded FerretDB when none is set; then build every model's indexes before
 * a request is served, because invariants (one booking per seat, one rating per case…) rest on unique indexes.
 */
export async function connectDatabase(opts: {
  uri?: string;
  dbName: string;
  dataDir: string;
  embeddedPort?: number;
  /** Engine of the embedded FerretDB (DB_ENGINE) and, for postgres, an existing server (POSTGRES_URL). */
  engine?: DbEngine;
  postgresUrl?: string;
  log: Logger;
}): Promise<Database> {
  let embedded: EmbeddedDb | undefined;
  let uri = opts.uri;
  if (!uri) {
    embedded = await startEmbeddedDb({
      dataDir: opts.dataDir,
      port: opts.embeddedPort,
      engine: opts.engine,
      postgresUrl: opts.postgresUrl,
      log: { info: (m) => opts.log.info(m), debug: (m) => opts.log.debug(m) },
    });
    uri = embedded.uri;
    opts.log.info({ dataDir: opts.dataDir, engine: embedded.engine }, `embedded FerretDB (${embedded.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}) started`);
  }
  mongoose.set('strictQuery', true);
  // SQLite takes one writer at a time: with the embedded engine, queue requests in the driver rather than open
  // dozens of competing SQLite transactions (which end in SQLITE_BUSY under bursts of concurrent writes).
  await mongoose.connect(uri, { dbName: opts.dbName, serverSelectionTimeoutMS: 10_000, autoIndex: false, ...(embedded?.engine === 'sqlite' ? { maxPoolSize: EMBEDDED_POOL } : {}) });
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  return {
    connection: mongoose.connection,
    embedded,
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

/** Is the database answering? For /api/health. */
export async function pingDatabase(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

/** A MongoDB duplicate-key error: the unique index refused a second writer. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
