import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startPrivatePostgres, type PostgresCluster } from './postgres';

/** The Go program (go.mod pins FerretDB v1.24.2) that runs FerretDB's embeddable package with SQLite or PostgreSQL. */
const SOURCE_DIR = path.resolve(__dirname, '..', '..', 'embedded-db');

/** Which backend FerretDB stores documents in: SQLite files in the data folder, or a PostgreSQL database. */
export type DbEngine = 'sqlite' | 'postgres';

export interface EmbeddedDb {
  uri: string;
  engine: DbEngine;
  /** postgres engine: the PostgreSQL database FerretDB uses (for pg_dump). */
  postgresUrl?: string;
  stop(): Promise<void>;
}

interface Log {
  info(msg: string): void;
  debug(msg: string): void;
}

function findGo(): string | undefined {
  for (const candidate of ['go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go']) {
    try {
      execFileSync(candidate, ['version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      /* try the next place */
    }
  }
  return undefined;
}

function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'bianmin');
}

/**
 * Path of the launcher binary, building it on first use. The name carries a hash of the Go sources and the Go
 * version, so fresh clones on one machine share one build and a source change builds anew. Built into a temporary
 * name and renamed, so parallel starts never see half a file.
 */
export function ensureLauncher(log: Log): string {
  const go = findGo();
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(fs.readFileSync(path.join(SOURCE_DIR, f)));
  if (go) hash.update(execFileSync(go, ['version']).toString());
  const bin = path.join(cacheRoot(), `embedded-db-${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(bin)) return bin;
  if (!go) {
    throw new Error(
      'No database configured: set MONGODB_URI to a MongoDB server, or install Go ≥ 1.24 ' +
        '(https://go.dev/dl/ or `apt-get install golang`) so the embedded FerretDB can be built.',
    );
  }
  fs.mkdirSync(cacheRoot(), { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  log.info('building the embedded database (FerretDB 1.24.2, first start only; about 1–3 minutes)…');
  const started = Date.now();
  execFileSync(go, ['build', '-trimpath', '-o', tmp, '.'], {
    cwd: SOURCE_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  fs.renameSync(tmp, bin);
  log.info(`embedded database built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${bin}`);
  return bin;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Where the private PostgreSQL cluster of a data folder lives. */
export function privatePostgresDir(dataDir: string): string {
  return path.join(dataDir, 'postgres');
}

/**
 * Start FerretDB on 127.0.0.1; resolves once it accepts connections. Engine `sqlite` (default) keeps its files in
 * `dataDir`; engine `postgres` stores in `postgresUrl`, or in a private cluster started in `<dataDir>/postgres`
 * (stopped again by `stop()`; `durable: false` trades crash safety for speed, for tests). The FerretDB child exits
 * when our process does (it watches its stdin), so a crash never leaves it behind.
 */
export async function startEmbeddedDb(opts: {
  dataDir: string;
  port?: number;
  log: Log;
  engine?: DbEngine;
  postgresUrl?: string;
  durable?: boolean;
}): Promise<EmbeddedDb> {
  const engine = opts.engine ?? 'sqlite';
  const bin = ensureLauncher(opts.log);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  let cluster: PostgresCluster | undefined;
  let postgresUrl = opts.postgresUrl;
  if (engine === 'postgres' && !postgresUrl) {
    cluster = await startPrivatePostgres({ dir: privatePostgresDir(opts.dataDir), log: opts.log, durable: opts.durable });
    postgresUrl = cluster.url;
  }
  try {
    const ferret = await startFerret(bin, engine === 'postgres' ? ['-handler', 'postgresql', '-postgresql-url', postgresUrl!] : ['-data', opts.dataDir], opts);
    return {
      uri: ferret.uri,
      engine,
      postgresUrl,
      async stop() {
        await ferret.stop();
        await cluster?.stop();
      },
    };
  } catch (err) {
    await cluster?.stop();
    throw err;
  }
}

async function startFerret(bin: string, backendArgs: string[], opts: { port?: number; log: Log }): Promise<{ uri: string; stop(): Promise<void> }> {
  const port = opts.port || (await freePort());
  const child: ChildProcess = spawn(bin, ['-listen', `127.0.0.1:${port}`, ...backendArgs, '-stdin-watch'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const errLines: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    errLines.push(line);
    if (errLines.length > 20) errLines.shift();
    opts.log.debug(`ferretdb: ${line}`);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('embedded database did not start within 60 s')), 60_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(`mongodb://127.0.0.1:${port}/`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited with code ${code}:\n${errLines.join('\n')}`));
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    uri,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}
