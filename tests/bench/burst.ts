/**
 * 200 distinct citizens book one 5-seat slot at the same moment, through real HTTP on loopback: how many got an
 * answer, p50/p95 of the answer time, the statuses, and that exactly the seats were booked. `npm run bench:burst`.
 * BENCH_CITIZENS (default 200), BENCH_SEATS (default 5).
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
import { Booking, BookingWindow } from '../../api/src/modules/bookings/booking.model';
import { ServiceItem } from '../../api/src/modules/service-items/service-item.model';
import { calendarFor } from '../../api/src/modules/calendar/calendar.service';

const N = Number(process.env.BENCH_CITIZENS ?? 200);
const SEATS = Number(process.env.BENCH_SEATS ?? 5);
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '100000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench_burst', dataDir, log: logger });
  // A server given by MONGODB_URI keeps what an earlier run left: start from an empty database every time.
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  const { app, auth } = createApp({ config, logger });
  await seedDemo(auth);
  const town = (await Center.findOne({ code: 'QH-CHENGGUAN' }).lean())!;
  await BookingWindow.updateMany({ centerId: town._id }, { $set: { capacity: SEATS, heldBack: 0, slotMinutes: 30 } });
  const item = (await ServiceItem.findOne({ centerId: town._id, status: 'published' }).lean())!;
  const cal = await calendarFor(String(town._id));
  let d = addDays(chinaDate(new Date()), 2);
  while (!cal.day(d).open) d = addDays(d, 1);
  const slotStart = chinaInstant(d, cal.day(d).hours[0]!.start).toISOString();
  const users = await User.insertMany(Array.from({ length: N }, (_, i) => ({ role: 'citizen', name: `抢号${i}`, phone: `137${String(i).padStart(8, '0')}` })));
  const tokens = users.map((u) => signAccessToken({ id: String(u._id), role: 'citizen' }, config.JWT_SECRET, 3600));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Warm the catalog and the process (one slots read), as a running server would be.
  await (await fetch(`${base}/api/booking/slots?itemId=${String(item._id)}&date=${d}`)).arrayBuffer();

  const times: number[] = [];
  const statuses = new Map<number, number>();
  let unanswered = 0;
  const t0 = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      const s = performance.now();
      try {
        const res = await fetch(`${base}/api/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ itemId: String(item._id), slotStart }),
          signal: AbortSignal.timeout(120_000),
        });
        await res.arrayBuffer();
        times.push(performance.now() - s);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      } catch {
        unanswered++;
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const booked = await Booking.countDocuments({ slotStart: new Date(slotStart), status: 'booked' });
  console.log(`engine: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite)'}; ${N} citizens at once on one ${SEATS}-seat slot`);
  console.log(`answered: ${times.length}/${N} (unanswered ${unanswered}) in ${wall.toFixed(2)} s`);
  console.log(`statuses: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(`answer time: p50=${pct(times, 50).toFixed(0)} ms  p95=${pct(times, 95).toFixed(0)} ms  max=${(times.at(-1) ?? NaN).toFixed(0)} ms (target p95 ≤ 3000 ms)`);
  console.log(`booked: ${booked} (seats ${SEATS}) ${booked === SEATS ? 'OK' : 'MISMATCH'}`);
  server.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
