/**
 * The database round trips of one booking, in process: every mongoose operation of a successful booking and of a
 * refused one (a full slot), with its time. `npx tsx tests/bench/booking-profile.ts` (MONGODB_URI, or the embedded
 * engine). BENCH_WARM (default 300) bookings are made first so that collections have a realistic size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
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

const WARM = Number(process.env.BENCH_WARM ?? 300);

interface Op {
  what: string;
  ms: number;
}
let ops: Op[] | null = null;

/** Time every driver operation by wrapping the collection methods (not bulkWrite or findOne: insertMany and findOne go through them). */
function hook(): void {
  mongoose.set('debug', (coll: string, method: string, ...args: unknown[]) => {
    if (ops) ops.push({ what: `${coll}.${method} ${JSON.stringify(args[0] ?? {}).slice(0, 90)}`, ms: NaN });
  });
  const proto = mongoose.mongo.Collection.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['insertOne', 'insertMany', 'find', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'aggregate', 'findOneAndUpdate']) {
    const orig = proto[m]!;
    proto[m] = function (this: { collectionName: string }, ...args: unknown[]) {
      const started = performance.now();
      const out = orig.apply(this, args);
      const rec = { what: `${this.collectionName}.${m}* ${JSON.stringify(args[0] ?? {}).slice(0, 90)}`, ms: NaN };
      if (ops) ops.push(rec);
      if (out && typeof (out as Promise<unknown>).then === 'function') {
        void (out as Promise<unknown>).then(
          () => (rec.ms = performance.now() - started),
          () => (rec.ms = performance.now() - started),
        );
      } else if (out && typeof (out as { toArray?: unknown }).toArray === 'function') {
        const cursor = out as { toArray: () => Promise<unknown> };
        const toArray = cursor.toArray.bind(cursor);
        cursor.toArray = () => toArray().finally(() => (rec.ms = performance.now() - started));
      }
      return out;
    };
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '100000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench_booking_profile', dataDir, log: logger });
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  const { app, auth } = createApp({ config, logger });
  await seedDemo(auth);
  const town = (await Center.findOne({ code: 'QH-CHENGGUAN' }).lean())!;
  await BookingWindow.updateMany({ centerId: town._id }, { $set: { capacity: 40, heldBack: 0, slotMinutes: 30 } });
  const item = (await ServiceItem.findOne({ centerId: town._id, status: 'published' }).lean())!;
  const cal = await calendarFor(String(town._id));
  const slots: string[] = [];
  for (let d = addDays(chinaDate(new Date()), 1); d <= addDays(chinaDate(new Date()), 14); d = addDays(d, 1)) {
    for (const span of cal.day(d).hours) for (let m = span.start; m + 30 <= span.end; m += 30) slots.push(chinaInstant(d, m).toISOString());
  }
  const users = await User.insertMany(Array.from({ length: WARM + 3 }, (_, i) => ({ role: 'citizen', name: `画像${i}`, phone: `136${String(i).padStart(8, '0')}` })));
  const token = (i: number) => signAccessToken({ id: String(users[i]!._id), role: 'citizen' }, config.JWT_SECRET, 3600);
  const book = (i: number, slotStart: string) => request(app).post('/api/bookings').set('authorization', `Bearer ${token(i)}`).send({ itemId: String(item._id), slotStart });
  for (let i = 0; i < WARM; i++) await book(i, slots[i % slots.length]!);
  hook();

  const profile = async (label: string, run: () => Promise<{ status: number }>) => {
    ops = [];
    const t = performance.now();
    const res = await run();
    const total = performance.now() - t;
    await new Promise((r) => setTimeout(r, 50));
    const list = ops;
    ops = null;
    const timed = list.filter((o) => o.what.includes('* '));
    const dbMs = timed.reduce((s, o) => s + (Number.isFinite(o.ms) ? o.ms : 0), 0);
    console.log(`\n${label}: HTTP ${res.status} in ${total.toFixed(1)} ms; ${timed.length} database operations, ${dbMs.toFixed(1)} ms summed`);
    for (const o of timed) console.log(`  ${o.ms.toFixed(1).padStart(7)} ms  ${o.what.replace('* ', ' ')}`);
  };
  // A fresh slot so that the seat summary of that day is loaded as a running server would have it.
  const target = slots[slots.length - 1]!;
  await BookingWindow.updateMany({ centerId: town._id }, { $set: { capacity: 1 } });
  await new Promise((r) => setTimeout(r, 2_100));
  await book(WARM + 2, slots[slots.length - 2]!);
  await profile('successful booking', () => book(WARM, target));
  await profile('refused booking (slot full)', () => book(WARM + 1, target));
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
