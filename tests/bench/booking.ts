/**
 * Booking throughput and latency through real HTTP on loopback, and in the same run the raw throughput of plain
 * driver inserts into the same database, printed as a ratio. `npm run bench:booking` — prints figures only.
 * BENCH_BOOKINGS (default 600) requests at BENCH_CONCURRENCY (default 20) in flight, sent by a client in its own
 * process (as phones are not on the server); the API's and the engine's CPU time are printed beside.
 * BENCH_CPU_PROFILE=<file> writes the API process's CPU profile of the booking phase.
 */
import mongoose from 'mongoose';
import { bookableSlots, citizens, countCommands, engineCpuSeconds, pct, profiled, runLoad, startBenchApp } from './bench-app';

const N = Number(process.env.BENCH_BOOKINGS ?? 600);
const C = Number(process.env.BENCH_CONCURRENCY ?? 20);

async function pool(tasks: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) await tasks[next++]!();
  }));
}

async function main() {
  // A roomy window so that nearly every request books: the benchmark measures the booking path, not refusals.
  const b = await startBenchApp({ dbName: 'bench_booking', capacity: 40 });
  const slots = bookableSlots(b.calendar, 14);
  const { tokens } = await citizens(b, N, '压测', '135');
  const base = await b.listen();

  const commands = countCommands();
  const cpu0 = process.cpuUsage();
  const eng0 = engineCpuSeconds(b.dataDir);
  const load = await profiled(() =>
    runLoad(
      base,
      tokens.map((token, i) => ({ method: 'POST', path: '/api/bookings', token, body: { itemId: b.itemId, slotStart: slots[i % slots.length] } })),
      C,
    ),
  );
  const cpu = process.cpuUsage(cpu0);
  const eng = engineCpuSeconds(b.dataDir);
  const cmds = commands();

  const raw = mongoose.connection.db!.collection('bench_raw_inserts');
  const r0 = performance.now();
  await pool(Array.from({ length: N }, (_, i) => () => raw.insertOne({ i, at: new Date(), slot: slots[i % slots.length] })), C);
  const rawSecs = (performance.now() - r0) / 1000;

  const bookRate = N / load.seconds;
  const rawRate = N / rawSecs;
  const t = load.times;
  const apiCpu = (cpu.user + cpu.system) / 1e6;
  console.log(`engine: ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB 1.24.2 (SQLite)'}; ${N} requests, ${C} in flight, ${slots.length} slots`);
  console.log(`statuses: ${[...load.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}${load.unanswered ? ` unanswered ${load.unanswered}` : ''}`);
  console.log(`booking:  ${bookRate.toFixed(1)} req/s  p50=${pct(t, 50).toFixed(1)} ms  p95=${pct(t, 95).toFixed(1)} ms  max=${t.at(-1)!.toFixed(1)} ms`);
  console.log(`CPU while booking (${load.seconds.toFixed(1)} s): API process ${apiCpu.toFixed(1)} s (${((apiCpu * 1e3) / N).toFixed(1)} ms a booking)` + (eng0 !== undefined && eng !== undefined ? `, engine ${(eng - eng0).toFixed(1)} s` : ''));
  console.log(`database commands: ${cmds.total} (${(cmds.total / N).toFixed(2)} a booking; concurrent inserts into one collection go as one): ${[...cmds.by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`raw insertOne: ${rawRate.toFixed(1)} docs/s`);
  console.log(`ratio booking/raw insert: ${(bookRate / rawRate).toFixed(3)} (target ≥ 0.1; a booking is 7 database operations: person, locks, seat, booking, event, outbox, checklist)`);
  await b.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
