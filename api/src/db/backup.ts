import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TConfig } from '../config';
import { ensureLauncher, privatePostgresDir, type DbEngine } from './embedded';
import { FERRETDB_DATABASE, clusterUrl, findPgBin, run, runningPostmaster, startPrivatePostgres, type PostgresCluster } from './postgres';

/**
 * Backups of the built-in database (`npm run backup`, `npm run restore <folder>`). A backup is a folder named by its
 * UTC time holding `manifest.json` and either one consistent copy of each SQLite file FerretDB keeps in DATA_DIR
 * (`<mongo database>.sqlite`, one per MongoDB database) or a `pg_dump` of the PostgreSQL database FerretDB uses.
 * With MONGODB_URI the database is someone else's: use mongodump/mongorestore (README, "Backups").
 */
export interface BackupManifest {
  format: 1;
  engine: DbEngine;
  createdAt: string;
  /** Files of the backup, relative to its folder. */
  files: string[];
  /** The data folder's generated keys (secrets.json) are included: they were in use (no JWT_SECRET/PII_KEY configured). */
  secrets?: boolean;
}

interface Log {
  info(msg: string): void;
  debug(msg: string): void;
}

const MANIFEST = 'manifest.json';
/** Keys generated into the data folder when none are configured (api/src/security/local-secrets.ts). */
const SECRETS = 'secrets.json';
const PG_DUMP_FILE = `${FERRETDB_DATABASE}.pgdump`;

function refuseExternal(config: TConfig) {
  if (config.MONGODB_URI) {
    throw new Error('MONGODB_URI is set: this database is not the built-in one; back it up with mongodump (README, "Backups")');
  }
}

/** A PostgreSQL client program, from the server's bin folder when there is one, else from PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  try {
    const p = path.join(findPgBin(), name);
    if (fs.existsSync(p)) return p;
  } catch {
    /* client-only machine: use PATH */
  }
  return name;
}

const psql = (url: string, sql: string) => run(pgTool('psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql]).trim();

/** Schemas FerretDB made in a PostgreSQL database (one per MongoDB database). */
function ferretSchemas(url: string): string[] {
  const out = psql(url, "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'");
  return out ? out.split('\n') : [];
}

/**
 * The PostgreSQL database of the postgres engine: POSTGRES_URL, or the private cluster — the running one when the
 * API is up (an online backup), else started for the duration of `fn` and stopped again.
 */
async function withPostgres<T>(config: TConfig, log: Log, fn: (url: string, cluster?: PostgresCluster) => Promise<T>, mustBeStopped = false): Promise<T> {
  if (config.POSTGRES_URL) return fn(config.POSTGRES_URL);
  const dir = privatePostgresDir(config.DATA_DIR);
  const running = runningPostmaster(path.join(dir, 'pgdata'));
  if (running) {
    if (mustBeStopped) throw new Error(`PostgreSQL of ${config.DATA_DIR} is running (pid ${running.pid}): stop the API first`);
    return fn(clusterUrl(running.socketDir, running.port));
  }
  const cluster = await startPrivatePostgres({ dir, log });
  try {
    return await fn(cluster.url, cluster);
  } finally {
    await cluster.stop();
  }
}

/** Write a consistent snapshot of the running (or stopped) built-in database into a new folder; returns the folder. */
export async function backupDatabase(config: TConfig, log: Log, now = new Date()): Promise<string> {
  refuseExternal(config);
  const folder = path.resolve(config.BACKUP_DIR, now.toISOString().replace(/[:.]/g, '-'));
  if (fs.existsSync(folder)) throw new Error(`${folder} already exists`);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  try {
    return await writeBackup(config, folder, log, now);
  } catch (err) {
    // A failed backup leaves no folder that could be mistaken for a good one.
    fs.rmSync(folder, { recursive: true, force: true });
    throw err;
  }
}

async function writeBackup(config: TConfig, folder: string, log: Log, now: Date): Promise<string> {
  let files: string[];
  if (config.DB_ENGINE === 'sqlite') {
    // The launcher copies each file with VACUUM INTO, one read transaction per file (see embedded-db/main.go).
    const bin = ensureLauncher(log);
    execFileSync(bin, ['-data', path.resolve(config.DATA_DIR), '-backup-to', folder], { stdio: ['ignore', 'ignore', 'pipe'] });
    files = fs.readdirSync(folder).filter((f) => f.endsWith('.sqlite')).sort();
  } else {
    // pg_dump reads the whole database in one repeatable-read snapshot while FerretDB keeps writing.
    await withPostgres(config, log, async (url) => {
      run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', '--file', path.join(folder, PG_DUMP_FILE), '--dbname', url]);
    });
    files = [PG_DUMP_FILE];
  }
  // Without its PII_KEY a backup's ID numbers cannot be read: keep the generated keys with it when they are the ones
  // in use. Configured keys (production) are never written here: keep them apart, in the secret store.
  const secretsFile = path.join(config.DATA_DIR, SECRETS);
  const secrets = fs.existsSync(secretsFile) && (JSON.parse(fs.readFileSync(secretsFile, 'utf8')) as { PII_KEY?: string }).PII_KEY === config.PII_KEY;
  if (secrets) fs.copyFileSync(secretsFile, path.join(folder, SECRETS));
  const manifest: BackupManifest = { format: 1, engine: config.DB_ENGINE, createdAt: now.toISOString(), files, ...(secrets ? { secrets } : {}) };
  fs.writeFileSync(path.join(folder, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  log.info(`backup written: ${folder} (${config.DB_ENGINE}: ${files.join(', ')})`);
  return folder;
}

/** Is a process with this id alive? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Restore a backup folder into the configured built-in database, which must be stopped. An existing database is
 * replaced only with `force` (SQLite: the old files are moved aside into `<DATA_DIR>/replaced-<time>/`; PostgreSQL:
 * FerretDB's schemas are dropped).
 */
export async function restoreDatabase(config: TConfig, folder: string, log: Log, opts: { force?: boolean } = {}): Promise<void> {
  refuseExternal(config);
  const manifestPath = path.join(folder, MANIFEST);
  if (!fs.existsSync(manifestPath)) throw new Error(`${folder} is not a backup (no ${MANIFEST})`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.engine !== config.DB_ENGINE) {
    throw new Error(`this backup is of the ${manifest.engine} engine: restore it with DB_ENGINE=${manifest.engine}`);
  }
  if (manifest.engine === 'sqlite') restoreSqlite(config.DATA_DIR, folder, manifest, log, opts.force);
  else {
    await withPostgres(
      config,
      log,
      async (url) => {
        const existing = ferretSchemas(url);
        if (existing.length && !opts.force) {
          throw new Error(`the PostgreSQL database already holds data (${existing.join(', ')}): pass --force to replace it`);
        }
        for (const schema of existing) psql(url, `DROP SCHEMA "${schema.replace(/"/g, '""')}" CASCADE`);
        run(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', url, path.join(folder, PG_DUMP_FILE)]);
      },
      true,
    );
  }
  if (manifest.secrets) restoreSecrets(config.DATA_DIR, folder, log);
  log.info(`restored ${folder} (${manifest.engine}, taken ${manifest.createdAt}) into ${config.POSTGRES_URL ? 'POSTGRES_URL' : config.DATA_DIR}`);
}

/** Put the backup's generated keys in place, keeping a different existing file aside. */
function restoreSecrets(dataDir: string, folder: string, log: Log) {
  const target = path.join(dataDir, SECRETS);
  const incoming = fs.readFileSync(path.join(folder, SECRETS));
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(target)) {
    if (fs.readFileSync(target).equals(incoming)) return;
    const aside = path.join(dataDir, `secrets.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.renameSync(target, aside);
    log.debug(`previous ${SECRETS} moved to ${aside}`);
  }
  fs.writeFileSync(target, incoming, { mode: 0o600 });
}

function restoreSqlite(dataDir: string, folder: string, manifest: BackupManifest, log: Log, force?: boolean) {
  const pidFile = path.join(dataDir, 'embedded-db.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    if (pid && alive(pid)) throw new Error(`the embedded database of ${dataDir} is running (pid ${pid}): stop the API first`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  // Old files with their WAL and shared-memory companions: a stale -wal beside a restored file would corrupt it.
  const present = fs.readdirSync(dataDir).filter((f) => /\.sqlite(-wal|-shm|-journal)?$/.test(f));
  if (present.some((f) => f.endsWith('.sqlite'))) {
    if (!force) throw new Error(`${dataDir} already holds a database: pass --force to move it aside and restore`);
  }
  if (present.length) {
    const aside = path.join(dataDir, `replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.mkdirSync(aside);
    for (const f of present) fs.renameSync(path.join(dataDir, f), path.join(aside, f));
    log.info(`previous database files moved to ${aside}`);
  }
  for (const f of manifest.files) {
    // Copy under a temporary name, then rename: a half-copied file never carries the real name.
    const tmp = path.join(dataDir, `${f}.restoring`);
    fs.copyFileSync(path.join(folder, f), tmp);
    fs.renameSync(tmp, path.join(dataDir, f));
  }
}
