/**
 * Item detail (`GET /api/service-items/:id` through the whole app) against a bare Express route answering the same
 * JSON with the same bytes (gzipped when the client takes it), side by side in one run, as requests per second and
 * their ratio. `npm run bench:catalog` — prints figures only.
 * BENCH_SECONDS (default 5) per side, BENCH_CONCURRENCY (default 16) in flight.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { createApp } from '../../api/src/app';
import { seedDemo } from '../../api/src/seed/demo';
import { encodeJson, sendEncodedJson } from '../../api/src/http/encoded-json';
import { ServiceItem } from '../../api/src/modules/service-items/service-item.model';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const C = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Requests per second for SECONDS with C in flight; every answer must have the expected status. */
async function measure(url: string, headers: Record<string, string>, status: number): Promise<number> {
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (performance.now() < until) {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== status) throw new Error(`${url}: ${res.status}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  // Not 'test': no contract checks (they parse every body), as the API runs for citizens.
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '100000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench_catalog', dataDir, log: logger });
  const { app, auth } = createApp({ config, logger });
  await seedDemo(auth);
  const item = (await ServiceItem.findOne({ status: 'published' }).lean())!;
  const full = await listen(app);
  const detailUrl = `${full.base}/api/service-items/${String(item._id)}`;
  const sample = await fetch(detailUrl);
  const body = await sample.text();
  const etag = sample.headers.get('etag')!;

  // The same answer the same way: the app sends the guide gzipped to clients that take it (phones on weak networks),
  // so the bare route sends the same bytes, or the comparison would weigh the client's unzipping against the app.
  const encoded = encodeJson(JSON.parse(body));
  const bare = express();
  bare.get('/item', (req, res) => {
    sendEncodedJson(req, res, encoded);
  });
  const plain = await listen(bare);

  // Warm both, then alternate so neither side gets a quieter machine.
  await measure(detailUrl, {}, 200);
  const bareRate = await measure(`${plain.base}/item`, {}, 200);
  const detailRate = await measure(detailUrl, {}, 200);
  const notModified = await measure(detailUrl, { 'if-none-match': etag }, 304);
  const bareRate2 = await measure(`${plain.base}/item`, {}, 200);
  const bareBest = Math.max(bareRate, bareRate2);
  console.log(`engine: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite)'}; ${C} in flight, ${SECONDS} s per measurement, body ${Buffer.byteLength(body)} bytes`);
  console.log(`bare Express route:      ${bareRate.toFixed(0)} / ${bareRate2.toFixed(0)} req/s`);
  console.log(`GET /api/service-items/:id: ${detailRate.toFixed(0)} req/s`);
  console.log(`same with If-None-Match (304): ${notModified.toFixed(0)} req/s`);
  console.log(`ratio detail/bare: ${(detailRate / bareBest).toFixed(2)} (target ≥ 0.6); 304/bare: ${(notModified / bareBest).toFixed(2)}`);
  full.server.close();
  plain.server.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
