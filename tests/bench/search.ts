/**
 * Search latency over the seeded demo catalog: p50/p95 per query kind, through real HTTP on loopback.
 * `npm run bench:search` — prints figures; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { createApp } from '../../api/src/app';
import { seedDemo } from '../../api/src/seed/demo';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const QUERIES: Record<string, string[]> = {
  initials: ['ylbx', 'cjrz', 'zdsh', 'gljt', 'jzz'],
  fullPinyin: ['yanglao', 'canji', 'dibao', 'juzhuzheng', 'yibao'],
  chinese: ['养老', '残疾人', '低保', '居住证', '医保'],
  browse: [''],
};

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '10000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench', dataDir, log: logger });
  const { app, auth } = createApp({ config, logger });
  const seeded = await seedDemo(auth);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const catalog = (await (await fetch(`${base}/api/service-items?size=1`)).json()) as { total: number };
  console.log(`catalog: ${catalog.total} published items (${seeded.itemsCreated} created) on ${config.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite)'}`);

  for (const [kind, qs] of Object.entries(QUERIES)) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const q of qs) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/service-items?size=20${q ? `&q=${encodeURIComponent(q)}` : ''}`);
        const body = (await res.json()) as { total: number };
        times.push(performance.now() - t0);
        if (res.status !== 200 || (q && body.total === 0)) throw new Error(`query ${q} → ${res.status}, ${body.total} hits`);
      }
    }
    times.sort((a, b) => a - b);
    console.log(`${kind.padEnd(11)} n=${times.length}  p50=${pct(times, 50).toFixed(1)} ms  p95=${pct(times, 95).toFixed(1)} ms  max=${times.at(-1)!.toFixed(1)} ms`);
  }
  server.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
