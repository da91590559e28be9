/**
 * 200 distinct citizens book one 5-seat slot at the same moment, through real HTTP on loopback (sent by a client in
 * its own process): how many got an answer, p50/p95 of the answer time, the statuses, and that exactly the seats
 * were booked. `npm run bench:burst`. BENCH_CITIZENS (default 200), BENCH_SEATS (default 5).
 */
import { addDays, chinaDate, chinaInstant } from '@bianmin/shared';
import { Booking } from '../../api/src/modules/bookings/booking.model';
import { citizens, pct, runLoad, startBenchApp } from './bench-app';

const N = Number(process.env.BENCH_CITIZENS ?? 200);
const SEATS = Number(process.env.BENCH_SEATS ?? 5);

async function main() {
  const b = await startBenchApp({ dbName: 'bench_burst', capacity: SEATS });
  let d = addDays(chinaDate(new Date()), 2);
  while (!b.calendar.day(d).open) d = addDays(d, 1);
  const slotStart = chinaInstant(d, b.calendar.day(d).hours[0]!.start).toISOString();
  const { tokens } = await citizens(b, N, '抢号', '137');
  const base = await b.listen();
  // Warm the catalog and the process (one slots read), as a running server would be.
  await (await fetch(`${base}/api/booking/slots?itemId=${b.itemId}&date=${d}`)).arrayBuffer();

  const load = await runLoad(base, tokens.map((token) => ({ method: 'POST', path: '/api/bookings', token, body: { itemId: b.itemId, slotStart } })), 0);
  const t = load.times;
  const booked = await Booking.countDocuments({ slotStart: new Date(slotStart), status: 'booked' });
  console.log(`engine: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB (SQLite)'}; ${N} citizens at once on one ${SEATS}-seat slot`);
  console.log(`answered: ${t.length}/${N} (unanswered ${load.unanswered}) in ${load.seconds.toFixed(2)} s`);
  console.log(`statuses: ${[...load.statuses].sort().map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(`answer time: p50=${pct(t, 50).toFixed(0)} ms  p95=${pct(t, 95).toFixed(0)} ms  max=${(t.at(-1) ?? NaN).toFixed(0)} ms (target p95 ≤ 3000 ms)`);
  console.log(`booked: ${booked} (seats ${SEATS}) ${booked === SEATS ? 'OK' : 'MISMATCH'}`);
  await b.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
