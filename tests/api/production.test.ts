import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/src/db/embedded';

/**
 * The production path: `npm run build` compiles shared and api to JavaScript; the compiled server runs under plain
 * node (no tsx) with NODE_ENV=production on a fresh data folder, answers /api/health/ready, and stops on SIGTERM
 * within 15 s — idle, under load with a connection left hanging, and in the middle of its start-up.
 */
const root = path.resolve(__dirname, '../..');
const server = path.join(root, 'api/dist/server.js');

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}, 600_000);

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function prodEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  // Only what production needs: no TEST_* and no development settings leak in.
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('base64'),
    PII_KEY: randomBytes(32).toString('base64'),
    SMS_SENDER: 'http',
    SMS_HTTP_URL: 'http://127.0.0.1:9/sms',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
}

async function start(env: NodeJS.ProcessEnv, waitReady = true): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=bianmin-dist', server], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${env.PORT}`;
  if (waitReady) {
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
      const ok = await fetch(`${url}/api/health/ready`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() - started > 90_000) throw new Error(`not ready after 90 s: ${out}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { child, url, output: () => out };
}

/** SIGTERM, then how long until the process has exited, and its exit code. */
function stop(child: ChildProcess): Promise<{ ms: number; code: number | null }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ ms: Date.now() - t0, code }));
    child.kill('SIGTERM');
  });
}

const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-prod-'));

it('the compiled JavaScript has no run-time dependency on tsx or on TypeScript sources', () => {
  const files = fs.readdirSync(path.join(root, 'api/dist'), { recursive: true }) as string[];
  for (const f of files.filter((f) => f.endsWith('.js'))) {
    expect(fs.readFileSync(path.join(root, 'api/dist', f), 'utf8')).not.toMatch(/require\("tsx|\.ts"\)/);
  }
  expect(fs.existsSync(path.join(root, 'shared/dist/index.js'))).toBe(true);
});

it('refuses to start in production without its secrets', () => {
  const { JWT_SECRET: _unset, ...env } = prodEnv(fresh(), 0);
  let message = '';
  try {
    execFileSync(process.execPath, ['--conditions=bianmin-dist', server], { cwd: root, env, stdio: 'pipe' });
  } catch (err) {
    message = String((err as { stderr: Buffer }).stderr);
  }
  expect(message).toContain('JWT_SECRET');
});

it('starts on a fresh data folder, answers ready, and stops on SIGTERM at once when idle', async () => {
  const s = await start(prodEnv(fresh(), await freePort()));
  const ready = await fetch(`${s.url}/api/health/ready`).then((r) => r.json());
  expect(ready).toEqual({ status: 'ready', checks: { db: 'up', migrations: 'applied', engine: 'up' } });
  expect(await fetch(`${s.url}/api/health/live`).then((r) => r.status)).toBe(200);
  const { ms, code } = await stop(s.child);
  expect(code).toBe(0);
  expect(ms).toBeLessThan(15_000);
  expect(s.output()).toContain('"msg":"stopped"');
  process.stdout.write(`production: idle stop ${ms} ms\n`);
}, 120_000);

it('stops within 15 s under load, with a connection left hanging mid-request', async () => {
  const s = await start(prodEnv(fresh(), await freePort()));
  const port = Number(new URL(s.url).port);
  // A client that sends half a request and never the rest: it must not hold the stop up.
  const hanging = net.connect(port, '127.0.0.1', () => hanging.write('GET /api/health/live HTTP/1.1\r\nHost: x\r\n'));
  hanging.on('error', () => undefined);
  const load = Array.from({ length: 200 }, (_, i) =>
    fetch(`${s.url}/api/${i % 2 ? 'health/ready' : 'centers'}`).then((r) => r.status, () => 0),
  );
  await new Promise((r) => setTimeout(r, 50));
  const stopped = stop(s.child);
  const statuses = await Promise.all(load);
  const { ms, code } = await stopped;
  hanging.destroy();
  expect(code).toBe(0);
  expect(ms).toBeLessThan(15_000);
  // Requests already accepted were answered, not dropped with a 5xx.
  expect(statuses.filter((x) => x >= 500)).toEqual([]);
  process.stdout.write(`production: stop under load ${ms} ms; ${statuses.filter((x) => x > 0).length}/200 answered, the rest refused at connect\n`);
}, 120_000);

it('stops within 15 s when SIGTERM arrives during start-up', async () => {
  const s = await start(prodEnv(fresh(), await freePort()), false);
  await new Promise((r) => setTimeout(r, 1_500));
  const { ms } = await stop(s.child);
  expect(ms).toBeLessThan(15_000);
}, 60_000);
