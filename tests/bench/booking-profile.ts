/**
 * The database round trips of one booking, in process: every mongoose operation of a successful booking and of a
 * refused one (a full slot), with its time. `npx tsx tests/bench/booking-profile.ts` (MONGODB_URI, or the embedded
 * engine). BENCH_WARM (default 300) bookings are made first so that collections have a realistic size.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { BookingWindow } from '../../api/src/modules/bookings/booking.model';
import { bookableSlots, citizens, startBenchApp } from './bench-app';

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
  const b = await startBenchApp({ dbName: 'bench_booking_profile', capacity: 40, nodeEnv: 'test' });
  const slots = bookableSlots(b.calendar, 14);
  const { tokens } = await citizens(b, WARM + 3, '画像', '136');
  const book = (i: number, slotStart: string) => request(b.app).post('/api/bookings').set('authorization', `Bearer ${tokens[i]}`).send({ itemId: b.itemId, slotStart });
  // The last two slots stay free of warm-up bookings (the profiled ones use them).
  for (let i = 0; i < WARM; i++) await book(i, slots[i % (slots.length - 2)]!);
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
  await BookingWindow.updateMany({ centerId: new mongoose.Types.ObjectId(b.townId) }, { $set: { capacity: 1 } });
  await new Promise((r) => setTimeout(r, 2_100));
  await book(WARM + 2, slots[slots.length - 2]!);
  await profile('successful booking', () => book(WARM, target));
  await profile('refused booking (slot full)', () => book(WARM + 1, target));
  await b.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
