/**
 * Booking throughput and latency through real HTTP on loopback, and in the same run the raw throughput of plain
 * driver inserts into the same database, printed as a ratio. `npm run bench:booking` — prints figures only.
 * BENCH_BOOKINGS (default 600) requests at BENCH_CONCURRENCY (default 20) in flight.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { addDays, chinaDate, chinaInstant } from '@bianmin/shared';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { createApp } from '../../api/src/app';
import { seedDemo } from '../../api/src/seed/demo';
import { signAccessToken } from '../../api/src/http/auth';
import { User } from '../../api/src/modules/auth/auth.model';
import { Center } from '../../api/src/modules/centers/center.model';
import { BookingWindow } from '../../api/src/modules/bookings/booking.model';
import { ServiceItem } from '../../api/src/modules/service-items/service-item.model';
import { calendarFor } from '../../api/src/modules/calendar/calendar.service';

const N = Number(process.env.BENCH_BOOKINGS ?? 600);
const C = Number(process.env.BENCH_CONCURRENCY ?? 20);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];

async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  // 'development': the production request path (NODE_ENV=test adds a schema check of every response).
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '100000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench_booking', dataDir, log: logger });
  // A server given by MONGODB_URI keeps what an earlier run left: start from an empty database every time.
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  const { app, auth } = createApp({ config, logger });
  await seedDemo(auth);
  const town = (await Center.findOne({ code: 'QH-CHENGGUAN' }).lean())!;
  // A roomy window so that nearly every request books: the benchmark measures the booking path, not refusals.
  await BookingWindow.updateOne({ centerId: town._id, code: 'A' }, { $set: { capacity: 40, heldBack: 0, slotMinutes: 30 } });
  const item = (await ServiceItem.findOne({ centerId: town._id, status: 'published' }).lean())!;
  const cal = await calendarFor(String(town._id));
  const slots: string[] = [];
  for (let d = addDays(chinaDate(new Date()), 1); d <= addDays(chinaDate(new Date()), 14); d = addDays(d, 1)) {
    for (const span of cal.day(d).hours) for (let m = span.start; m + 30 <= span.end; m += 30) slots.push(chinaInstant(d, m).toISOString());
  }
  const users = await User.insertMany(Array.from({ length: N }, (_, i) => ({ role: 'citizen', name: `压测${i}`, phone: `135${String(i).padStart(8, '0')}` })));
  // Tokens are signed before the clock starts: the client's work is not the booking path's.
  const tokens = users.map((u) => signAccessToken({ id: String(u._id), role: 'citizen' }, config.JWT_SECRET, 3600));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const times: number[] = [];
  const statuses = new Map<number, number>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await pool(
    tokens.map((token, i) => async () => {
      const s = performance.now();
      const res = await fetch(`${base}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ itemId: String(item._id), slotStart: slots[i % slots.length] }),
      });
      await res.arrayBuffer();
      times.push(performance.now() - s);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }),
    C,
  );
  const bookSecs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);

  const raw = mongoose.connection.db!.collection('bench_raw_inserts');
  const r0 = performance.now();
  await pool(Array.from({ length: N }, (_, i) => () => raw.insertOne({ i, at: new Date(), slot: slots[i % slots.length] })), C);
  const rawSecs = (performance.now() - r0) / 1000;

  const bookRate = N / bookSecs;
  const rawRate = N / rawSecs;
  console.log(`engine: ${config.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB 1.24.2 (SQLite)'}; ${N} requests, ${C} in flight, ${slots.length} slots`);
  console.log(`statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(`booking:  ${bookRate.toFixed(1)} req/s  p50=${pct(times, 50).toFixed(1)} ms  p95=${pct(times, 95).toFixed(1)} ms  max=${times.at(-1)!.toFixed(1)} ms`);
  console.log(`API process CPU while booking: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of ${bookSecs.toFixed(1)} s (${((cpu.user + cpu.system) / 1e3 / N).toFixed(1)} ms a booking, client included)`);
  console.log(`raw insertOne: ${rawRate.toFixed(1)} docs/s`);
  console.log(`ratio booking/raw insert: ${(bookRate / rawRate).toFixed(3)} (a booking is ~12 database operations: seat, locks, event, projection, outbox)`);
  server.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
