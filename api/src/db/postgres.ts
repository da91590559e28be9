import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './embedded';

/**
 * A private PostgreSQL cluster in the data folder, run from the machine's own PostgreSQL binaries (Debian package
 * `postgresql`), for `DB_ENGINE=postgres` without `POSTGRES_URL`. It listens on a unix socket inside its own folder
 * only (no TCP), trusts local connections, and holds one database, `ferretdb`, in which FerretDB keeps one schema
 * per MongoDB database. A county with its own PostgreSQL server sets POSTGRES_URL instead.
 */
export interface PostgresCluster {
  /** Connection string for FerretDB (pgx) and pg_dump/pg_restore (libpq): unix socket, user postgres. */
  url: string;
  /** The data directory (initdb's -D). */
  pgdata: string;
  stop(): Promise<void>;
}

interface Log {
  info(msg: string): void;
  debug(msg: string): void;
}

/** The database inside the cluster that FerretDB uses. */
export const FERRETDB_DATABASE = 'ferretdb';

/** Folder of PostgreSQL's server programs: PG_BIN_DIR, else the newest /usr/lib/postgresql/<v>/bin, else pg_config. */
export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length) return path.join(root, versions[0], 'bin');
  try {
    const dir = execFileSync('pg_config', ['--bindir']).toString().trim();
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    /* no pg_config either */
  }
  throw new Error(
    'DB_ENGINE=postgres needs PostgreSQL: set POSTGRES_URL to a server, or install the binaries ' +
      '(`apt-get install -y postgresql`) so a private cluster can run in the data folder.',
  );
}

/** PostgreSQL refuses to run as root: then run it as the `postgres` OS user (created by the Debian package). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root: PostgreSQL needs a non-root OS user `postgres` (`apt-get install -y postgresql` creates it).');
  }
}

/**
 * The server user must be able to walk down to its folder. The application's data folder and folders inside it get
 * search permission for others (o+x: enter, not list); a folder above the data folder must already allow it.
 */
function ensureReachable(dir: string, owned: string, user: { uid: number; gid: number }) {
  const parts: string[] = [];
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) parts.unshift(d);
  for (const d of parts) {
    const st = fs.statSync(d);
    const ok = st.uid === user.uid ? st.mode & 0o100 : st.gid === user.gid ? st.mode & 0o010 : st.mode & 0o001;
    if (ok) continue;
    if (d === owned || d.startsWith(owned + path.sep)) fs.chmodSync(d, st.mode | 0o001);
    else throw new Error(`The PostgreSQL server user cannot enter ${d}: allow it (chmod o+x ${d}) or choose another DATA_DIR`);
  }
}

/** Run a program (as `user` when given) and return its standard output; throws with its stderr on failure. */
export function run(bin: string, args: string[], user?: { uid: number; gid: number }): string {
  return execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) }).toString();
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

export function clusterUrl(socketDir: string, port: number, database = FERRETDB_DATABASE): string {
  return `postgres://postgres@/${database}?host=${encodeURIComponent(socketDir)}&port=${port}`;
}

/** A running postmaster of this data folder (left by a crashed parent): its pid, port and socket folder. */
export function runningPostmaster(pgdata: string): { pid: number; port: number; socketDir: string } | undefined {
  const file = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!pid || !alive(pid)) return undefined;
  return { pid, port: Number(lines[3]), socketDir: lines[4] };
}

/**
 * Start (initialising on first use) the private cluster in `<dir>/pgdata`; resolves once it accepts connections and
 * the `ferretdb` database exists. `durable: false` (tests, benchmarks) turns off fsync for speed: a crash may lose
 * the cluster, which is fine for throw-away data only.
 */
export async function startPrivatePostgres(opts: { dir: string; log: Log; durable?: boolean }): Promise<PostgresCluster> {
  const bin = findPgBin();
  const user = serverUser();
  const dir = path.resolve(opts.dir);
  const pgdata = path.join(dir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  if (user) ensureReachable(pgdata, path.dirname(dir), user);

  if (!fs.existsSync(pgdata)) {
    // Initialise beside and rename when complete: an interrupted initdb never leaves a half cluster under the real name.
    const staging = `${pgdata}.initdb`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { mode: 0o700 });
    if (user) fs.chownSync(staging, user.uid, user.gid);
    opts.log.info(`initialising a private PostgreSQL cluster in ${pgdata}…`);
    run(path.join(bin, 'initdb'), ['-D', staging, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-instructions'], user);
    fs.renameSync(staging, pgdata);
  }

  let child: ChildProcess | undefined;
  let pid: number;
  let port: number;
  let socketDir = pgdata;
  const adopted = runningPostmaster(pgdata);
  if (adopted) {
    ({ pid, port, socketDir } = adopted);
    opts.log.info(`PostgreSQL already running on ${pgdata} (pid ${pid}): using it`);
  } else {
    port = await freePort();
    // The socket path must fit in sockaddr_un (107 bytes).
    if (`${socketDir}/.s.PGSQL.${port}`.length > 100) throw new Error(`DATA_DIR is too long for a PostgreSQL socket path: ${socketDir}`);
    const logFile = path.join(dir, 'postgres.log');
    const logFd = fs.openSync(logFile, 'a');
    const settings = ['listen_addresses=', `unix_socket_directories=${socketDir}`, 'unix_socket_permissions=0700', `port=${port}`];
    if (opts.durable === false) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
    child = spawn(path.join(bin, 'postgres'), ['-D', pgdata, ...settings.flatMap((s) => ['-c', s])], {
      stdio: ['ignore', logFd, logFd],
      ...(user ?? {}),
    });
    fs.closeSync(logFd);
    pid = child.pid!;
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) => {
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
        reject(new Error(`PostgreSQL exited with code ${code} (log ${logFile}):\n${tail}`));
      }),
    );
    exited.catch(() => undefined);
    const ready = (async () => {
      const started = Date.now();
      for (;;) {
        try {
          run(path.join(bin, 'pg_isready'), ['-q', '-h', socketDir, '-p', String(port), '-U', 'postgres']);
          return;
        } catch {
          if (Date.now() - started > 60_000) throw new Error('PostgreSQL did not accept connections within 60 s');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    })();
    await Promise.race([ready, exited]);
  }

  const psql = (sql: string, db = 'postgres') =>
    run(path.join(bin, 'psql'), ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-d', clusterUrl(socketDir, port, db), '-c', sql]).trim();
  if (psql(`SELECT 1 FROM pg_database WHERE datname = '${FERRETDB_DATABASE}'`) !== '1') psql(`CREATE DATABASE ${FERRETDB_DATABASE}`);
  opts.log.debug(`private PostgreSQL ready: ${clusterUrl(socketDir, port)}`);

  let stopped: Promise<void> | undefined;
  return {
    url: clusterUrl(socketDir, port),
    pgdata,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        // SIGINT = "fast" shutdown: roll back open transactions, checkpoint, exit.
        if (child) {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child!.kill('SIGQUIT'), 30_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGINT');
          return;
        }
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          return resolve();
        }
        const started = Date.now();
        const poll = setInterval(() => {
          if (!alive(pid) || Date.now() - started > 30_000) {
            clearInterval(poll);
            resolve();
          }
        }, 100);
      });
      return stopped;
    },
  };
}
