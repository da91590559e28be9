/**
 * What the booking benchmarks share: an API on a fresh database with the demo county (a town, its published items,
 * roomy booking windows), citizens with signed tokens, the bookable slots of the next days, an HTTP load client in
 * its own process (a real client is not on the server: its work must not count as the API's), and the CPU time of
 * the embedded engine.
 */
import { spawn } from 'node:child_process';
import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import mongoose from 'mongoose';
import { addDays, chinaDate, chinaInstant } from '@bianmin/shared';
import { loadConfig, type TConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { createApp, type App } from '../../api/src/app';
import { seedDemo } from '../../api/src/seed/demo';
import { signAccessToken } from '../../api/src/http/auth';
import { User } from '../../api/src/modules/auth/auth.model';
import { Center } from '../../api/src/modules/centers/center.model';
import { BookingWindow } from '../../api/src/modules/bookings/booking.model';
import { ServiceItem } from '../../api/src/modules/service-items/service-item.model';
import { calendarFor } from '../../api/src/modules/calendar/calendar.service';

export const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;

export interface BenchApp {
  config: TConfig;
  app: App['app'];
  dataDir: string;
  townId: string;
  itemId: string;
  calendar: Awaited<ReturnType<typeof calendarFor>>;
  /** Listen on loopback; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fresh API on the embedded engine (or MONGODB_URI, emptied first), demo data seeded, every booking window of the
 * town given `capacity` seats per 30-minute slot and nothing held back. NODE_ENV 'development' is the production
 * request path ('test' adds a schema check of every response).
 */
export async function startBenchApp(opts: { dbName: string; capacity: number; nodeEnv?: 'development' | 'test' }): Promise<BenchApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: opts.nodeEnv ?? 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '100000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: opts.dbName, dataDir, log: logger });
  // A server given by MONGODB_URI keeps what an earlier run left: start from an empty database every time.
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  const { app, auth } = createApp({ config, logger });
  await seedDemo(auth);
  const town = (await Center.findOne({ code: 'QH-CHENGGUAN' }).lean())!;
  await BookingWindow.updateMany({ centerId: town._id }, { $set: { capacity: opts.capacity, heldBack: 0, slotMinutes: 30 } });
  const item = (await ServiceItem.findOne({ centerId: town._id, status: 'published' }).lean())!;
  const calendar = await calendarFor(String(town._id));
  let server: Server | undefined;
  return {
    config,
    app,
    dataDir,
    townId: String(town._id),
    itemId: String(item._id),
    calendar,
    async listen() {
      server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server!.once('listening', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      server?.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every 30-minute slot start of the open hours from tomorrow for `days` days. */
export function bookableSlots(calendar: BenchApp['calendar'], days: number): string[] {
  const slots: string[] = [];
  const today = chinaDate(new Date());
  for (let d = addDays(today, 1); d <= addDays(today, days); d = addDays(d, 1)) {
    for (const span of calendar.day(d).hours) for (let m = span.start; m + 30 <= span.end; m += 30) slots.push(chinaInstant(d, m).toISOString());
  }
  return slots;
}

/** `n` citizens and their access tokens (signed before any clock starts: the client's work is not the API's). */
export async function citizens(b: BenchApp, n: number, namePrefix: string, phonePrefix: string): Promise<{ ids: string[]; tokens: string[] }> {
  const users = await User.insertMany(Array.from({ length: n }, (_, i) => ({ role: 'citizen', name: `${namePrefix}${i}`, phone: `${phonePrefix}${String(i).padStart(8, '0')}` })));
  const ids = users.map((u) => String(u._id));
  return { ids, tokens: ids.map((id) => signAccessToken({ id, role: 'citizen' }, b.config.JWT_SECRET, 3600)) };
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: unknown;
}
export interface LoadResult {
  /** Answer time of each answered request, ms, sorted. */
  times: number[];
  statuses: Map<number, number>;
  unanswered: number;
  seconds: number;
}

/** The client, in plain JavaScript for a bare `node`: a pool of `width` requests in flight (0: all at once). */
const CLIENT = `
const { base, requests, width, timeoutMs } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const times = [], statuses = {}; let unanswered = 0, next = 0;
async function one(r) {
  const s = performance.now();
  try {
    const res = await fetch(base + r.path, { method: r.method, headers: { 'content-type': 'application/json', ...(r.token ? { authorization: 'Bearer ' + r.token } : {}) }, body: r.body === undefined ? undefined : JSON.stringify(r.body), signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    times.push(performance.now() - s);
    statuses[res.status] = (statuses[res.status] || 0) + 1;
  } catch { unanswered++; }
}
(async () => {
  const t0 = performance.now();
  const lanes = width > 0 ? width : requests.length;
  await Promise.all(Array.from({ length: lanes }, async () => { while (next < requests.length) await one(requests[next++]); }));
  process.stdout.write(JSON.stringify({ times, statuses, unanswered, seconds: (performance.now() - t0) / 1000 }));
})();
`;

/** Run the requests from a separate client process and collect what it saw. */
export async function runLoad(base: string, requests: LoadRequest[], width: number, timeoutMs = 120_000): Promise<LoadResult> {
  const child = spawn(process.execPath, ['-e', CLIENT], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stdin.end(JSON.stringify({ base, requests, width, timeoutMs }));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`load client exited with ${code}`);
  const raw = JSON.parse(out) as { times: number[]; statuses: Record<string, number>; unanswered: number; seconds: number };
  return { times: raw.times.sort((a, b) => a - b), statuses: new Map(Object.entries(raw.statuses).map(([k, v]) => [Number(k), v])), unanswered: raw.unanswered, seconds: raw.seconds };
}

/** CPU seconds used so far by the embedded engine of a data folder (undefined with MONGODB_URI or off Linux). */
export function engineCpuSeconds(dataDir: string): number | undefined {
  try {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmd.includes(dataDir) || !cmd.includes('-listen')) continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // not Linux
  }
  return undefined;
}

/** Run `fn` under the V8 CPU profiler when BENCH_CPU_PROFILE names a file (open it in Chrome DevTools). */
export async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return fn();
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * Count the driver operations made from now on (every Collection method call is one command, or a few for a
 * cursor read): the returned function gives the total and the count per collection and method.
 */
export function countCommands(): () => { total: number; by: Map<string, number> } {
  const by = new Map<string, number>();
  let total = 0;
  let inside = false;
  const proto = mongoose.mongo.Collection.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['insertOne', 'insertMany', 'find', 'findOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'aggregate', 'findOneAndUpdate', 'bulkWrite']) {
    const orig = proto[m]!;
    proto[m] = function (this: { collectionName: string }, ...args: unknown[]) {
      // findOne calls find, insertMany calls bulkWrite: count the outer call only.
      if (inside) return orig.apply(this, args);
      total++;
      const k = `${this.collectionName}.${m}`;
      by.set(k, (by.get(k) ?? 0) + 1);
      inside = true;
      try {
        return orig.apply(this, args);
      } finally {
        inside = false;
      }
    };
  }
  return () => ({ total, by: new Map(by) });
}
