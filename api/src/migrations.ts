import mongoose from 'mongoose';
import { migrateLegacyCenterSettings } from './modules/centers';
import { backfillLatestChecklists } from './modules/checklists';
import { acquireLease, PROCESS_ID, releaseLease } from './runtime/lease';

type Log = { info: (o: object, m: string) => void };

/**
 * A versioned data or schema change. Applied once, in id order, at start — after the models' indexes are built and
 * before any request is served — and recorded in the `migrations` collection (`_id` = id, so a record is unique).
 * `up` must be idempotent all the same: a process that dies after `up` and before the record re-runs it.
 * `repeatable` steps run at every start after their first application: for fixes of data that an older version
 * can still write (an old process during a rolling upgrade, a restore of an old backup).
 */
export interface Migration {
  id: string;
  description: string;
  repeatable?: boolean;
  up(log: Log): Promise<void>;
}

export const MIGRATIONS: Migration[] = [
  {
    id: '0001-center-settings',
    description: 'Move the legacy Center fields weekly/chainDays/evaluationRules/bookingRules into settings',
    // During a rolling upgrade the previous version still writes the legacy fields: move them at every start.
    repeatable: true,
    async up(log) {
      const centers = await migrateLegacyCenterSettings();
      if (centers) log.info({ centers }, 'moved legacy center settings into typed settings');
    },
  },
  {
    id: '0002-latest-checklists',
    description: 'Index each citizen\'s latest saved checklist per item by (citizen, item), so a booking reads it by _id',
    async up(log) {
      const pairs = await backfillLatestChecklists();
      if (pairs) log.info({ pairs }, 'indexed the latest saved checklists');
    },
  },
];

/** The lock: a lease document (see runtime/lease.ts), renewed while migrations run, expiring if the runner dies. */
const LOCK = 'migrations';

interface MigrationRecord {
  _id: string;
  appliedAt: Date;
  by: string;
  lastRunAt?: Date;
}

function records() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('migrations: the database is not connected');
  return db.collection<MigrationRecord>('migrations');
}

/** Ids of known migrations not yet recorded as applied (for /api/health/ready). */
export async function pendingMigrations(list: Migration[] = MIGRATIONS): Promise<string[]> {
  const done = new Set((await records().find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
  return list.filter((m) => !done.has(m.id)).map((m) => m.id);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Apply what is pending, one process at a time: take the `migrations` lock (a second process starting at the same
 * moment waits here, polling, rather than applying the same steps again), re-read what is recorded, apply the rest in
 * id order, release. A lock left by a process that died expires after `lockTtlMs` and is taken over.
 */
export async function runMigrations(
  log: Log,
  opts: { migrations?: Migration[]; holder?: string; lockTtlMs?: number; waitMs?: number; pollMs?: number } = {},
): Promise<{ applied: string[]; waitedMs: number }> {
  const list = [...(opts.migrations ?? MIGRATIONS)].sort((a, b) => a.id.localeCompare(b.id));
  const holder = opts.holder ?? PROCESS_ID;
  const ttl = opts.lockTtlMs ?? 30_000;
  const started = Date.now();
  while (!(await acquireLease(LOCK, holder, ttl))) {
    if (Date.now() - started > (opts.waitMs ?? 10 * 60_000)) throw new Error('migrations: another process holds the lock for too long');
    await sleep(opts.pollMs ?? 250);
  }
  const waitedMs = Date.now() - started;
  const renew = setInterval(() => void acquireLease(LOCK, holder, ttl).catch(() => undefined), ttl / 3);
  renew.unref();
  const applied: string[] = [];
  try {
    const done = new Set((await records().find({}, { projection: { _id: 1 } }).toArray()).map((r) => r._id));
    for (const m of list) {
      if (done.has(m.id) && !m.repeatable) continue;
      await m.up(log);
      const now = new Date();
      if (done.has(m.id)) {
        await records().updateOne({ _id: m.id }, { $set: { lastRunAt: now } });
      } else {
        await records().insertOne({ _id: m.id, appliedAt: now, by: holder });
        applied.push(m.id);
        log.info({ migration: m.id }, `migration applied: ${m.description}`);
      }
    }
  } finally {
    clearInterval(renew);
    await releaseLease(LOCK, holder).catch(() => undefined);
  }
  return { applied, waitedMs };
}
