/**
 * Backup → restore → verify, on the engine of the run (TEST_DB_ENGINE: sqlite or postgres), with the real server
 * and the real `npm run backup` / `npm run restore` scripts: an API process with demo data and 代办 cases written
 * through HTTP is backed up while it runs, stopped, restored into a fresh data folder, and a new API process on
 * that folder must hold the same documents and a ledger that verifies. Skipped with MONGODB_URI (mongodump's job).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { freePort } from '../../api/src/db/embedded';

const ROOT = path.resolve(__dirname, '../..');
const engine = process.env.TEST_DB_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
const run = promisify(execFile);
const { MongoClient } = mongoose.mongo;
const dirs: string[] = [];
const tmp = (name: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `bianmin-${name}-`));
  dirs.push(d);
  return d;
};

/** Environment of a server/script on `dataDir`: the built-in engine of this run, nothing inherited that points elsewhere. */
function envFor(dataDir: string, backupDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: backupDir, DB_ENGINE: engine, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...extra };
  for (const k of ['MONGODB_URI', 'TEST_MONGODB_URI', 'POSTGRES_URL', 'DB_NAME']) delete env[k];
  return env;
}

interface Server {
  url: string;
  dbUri: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(dataDir: string, backupDir: string, seed: boolean): Promise<Server> {
  const [port, dbPort] = [await freePort(), await freePort()];
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'api/src/server.ts')], {
    env: envFor(dataDir, backupDir, { PORT: String(port), HOST: '127.0.0.1', EMBEDDED_DB_PORT: String(dbPort), JOBS: 'false', DEMO_SEED: String(seed), RATE_LIMIT_PER_MIN: '1000000', AUTH_RATE_LIMIT_PER_MIN: '1000000' }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`server on ${dataDir} exited with ${proc.exitCode}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok).catch(() => false)) break;
    if (i > 1200) throw new Error('server did not start within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dbUri: `mongodb://127.0.0.1:${dbPort}/`,
    proc,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

async function api(server: Server, method: string, p: string, token?: string, body?: unknown) {
  const res = await fetch(`${server.url}${p}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const signIn = async (server: Server, username: string) => (await api(server, 'POST', '/api/auth/password', undefined, { username, password: 'Demo@2026' })).accessToken as string;

/** Documents per collection of the application's database (bookkeeping of the process itself left out). */
async function counts(dbUri: string): Promise<Record<string, number>> {
  const client = await MongoClient.connect(dbUri);
  try {
    const db = client.db('bianmin');
    const out: Record<string, number> = {};
    for (const c of await db.listCollections().toArray()) {
      if (/lease|lock/i.test(c.name)) continue;
      out[c.name] = await db.collection(c.name).countDocuments();
    }
    return out;
  } finally {
    await client.close();
  }
}

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const maybe = process.env.MONGODB_URI ? it.skip : it;

maybe(`backs up a running ${engine} instance, restores into a fresh data folder, and the copy has the same documents and a ledger that verifies`, async () => {
  const backupDir = tmp('backups');
  const dataDir = tmp('data');
  const first = await startServer(dataDir, backupDir, true);
  let second: Server | undefined;
  try {
    // 代办 cases with ledger entries, written through the API by the demo village agent.
    const client = await MongoClient.connect(first.dbUri);
    const db = client.db('bianmin');
    const county = (await db.collection('centers').findOne({ code: 'QH-COUNTY' }))!;
    const item = (await db.collection('serviceitems').findOne({ status: 'published', 'published.assistance.delegate': true }))!;
    await client.close();
    expect(item).toBeTruthy();
    const agent = await signIn(first, 'village1-agent');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await api(first, 'POST', '/api/delegations', agent, { itemId: String(item._id), mode: 'delegate', contactPhone: `1391234000${i}`, person: { name: '张大爷', idNumber: '110101194001010012' } });
      ids.push(c.id);
      await api(first, 'POST', `/api/delegations/${c.id}/steps`, agent, { action: 'accept' });
      await api(first, 'POST', `/api/delegations/${c.id}/steps`, agent, { action: 'note', text: `第${i + 1}件：已电话联系` });
    }
    const admin = await signIn(first, 'county-admin');
    const ledgerBefore = await api(first, 'GET', `/api/admin/ledger/verify?centerId=${county._id}`, admin);
    expect(ledgerBefore.ok).toBe(true);
    expect(ledgerBefore.entries).toBeGreaterThanOrEqual(9);
    const before = await counts(first.dbUri);
    const caseLedger = await api(first, 'GET', `/api/delegations/${ids[0]}/ledger`, agent);
    // The handling agent sees the ID number decrypted: the copy must come with the key it was encrypted under.
    const caseView = await api(first, 'GET', `/api/delegations/${ids[0]}`, agent);
    expect(caseView.personIdNumber).toBe('110101194001010012');
    expect(before.delegations).toBe(3);

    // Online backup through the npm script, while the server runs.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/backup.ts')], { cwd: ROOT, env: envFor(dataDir, backupDir) });
    const folder = stdout.trim().split('\n').at(-1)!;
    expect(fs.existsSync(path.join(folder, 'manifest.json'))).toBe(true);
    // Written after the snapshot: must not be in the copy.
    await api(first, 'POST', `/api/delegations/${ids[0]}/steps`, agent, { action: 'note', text: '备份之后的记录' });
    await first.stop();

    const fresh = tmp('restored');
    await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/restore.ts'), folder], { cwd: ROOT, env: envFor(fresh, backupDir) });
    // A second restore into the now-full folder is refused without --force.
    await expect(run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/restore.ts'), folder], { cwd: ROOT, env: envFor(fresh, backupDir) })).rejects.toThrow(/--force/);

    second = await startServer(fresh, backupDir, false);
    expect(await counts(second.dbUri)).toEqual(before);
    const ledgerAfter = await api(second, 'GET', `/api/admin/ledger/verify?centerId=${county._id}`, await signIn(second, 'county-admin'));
    expect(ledgerAfter).toEqual(ledgerBefore);
    const agent2 = await signIn(second, 'village1-agent');
    expect(await api(second, 'GET', `/api/delegations/${ids[0]}/ledger`, agent2)).toEqual(caseLedger);
    expect(await api(second, 'GET', `/api/delegations/${ids[0]}`, agent2)).toEqual(caseView);
  } finally {
    await first.stop();
    await second?.stop();
  }
}, 300_000);
