/**
 * Time to compute a center's scorecards and its monthly report over 100,000 records in one month (`--1m` or
 * BENCH_RECORDS=1000000 for a million): served bookings, 代办 cases, ratings, complaints and lapses, seeded in bulk.
 * Prints the rollup job's time for the closed days, then the reads from the rollups (closed days stored, today live)
 * and, for comparison, the live count over every fact (skipped with BENCH_LIVE=0).
 * `npm run bench:report` — prints figures only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import mongoose from 'mongoose';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { Center } from '../../api/src/modules/centers/center.model';
import { liveScorecards, scorecards } from '../../api/src/modules/scorecards';
import { computeReport, liveReport, reportPdf } from '../../api/src/modules/reports';
import { rollClosedDays } from '../../api/src/modules/facts';

const N = process.argv.includes('--1m') ? 1_000_000 : Number(process.env.BENCH_RECORDS ?? 100_000);
const LIVE = process.env.BENCH_LIVE !== '0';
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-report-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench_report', dataDir, log: createLogger('silent') });
  const raw = mongoose.connection.db!;
  const county = await Center.create({ code: 'B-COUNTY', name: '压测县', level: 'county' });
  const town = await Center.create({ code: 'B-TOWN', name: '压测镇', level: 'town', parentId: county._id, ancestors: [county._id] });
  const c = town._id;
  const key = String(c);
  const staff = Array.from({ length: 20 }, () => new Types.ObjectId());
  const windows = Array.from({ length: 4 }, () => new Types.ObjectId());
  const item = new Types.ObjectId();
  await raw.collection('serviceitems').insertOne({ _id: item, caseType: 'immediate' });
  const day = (i: number) => `2026-11-${String((i % 28) + 1).padStart(2, '0')}`;
  const at = (i: number) => new Date(`${day(i)}T02:00:00Z`);
  const nBookings = Math.round(N * 0.55);
  const nCases = Math.round(N * 0.1);
  const nRatings = Math.round(N * 0.3);
  const nComplaints = Math.round(N * 0.03);
  const nLapses = N - nBookings - nCases - nRatings - nComplaints;
  const t0 = performance.now();
  const bulk = async (name: string, n: number, make: (i: number) => Record<string, unknown>) => {
    for (let i = 0; i < n; i += 2000) await raw.collection(name).insertMany(Array.from({ length: Math.min(2000, n - i) }, (_, j) => make(i + j)));
  };
  await bulk('bookings', nBookings, (i) => ({ centerId: c, windowId: windows[i % 4], itemId: item, servedBy: staff[i % staff.length], status: 'served', slotStart: at(i) }));
  await bulk('delegations', nCases, (i) => ({ centerId: c, agentId: staff[i % 5], mode: ['help', 'delegate', 'home'][i % 3], state: i % 20 === 0 ? 'refused' : 'completed', completedOn: day(i), createdAt: at(i), updatedAt: at(i), stages: [{ key: 'a', lateDays: i % 7 === 0 ? 1 : 0 }] }));
  await bulk('ratings', nRatings, (i) => ({ _id: `booking:${new Types.ObjectId()}`, level: (i % 5) + 1, centerId: c, centerKey: key, windowId: windows[i % 4], staffId: staff[i % staff.length], excluded: false, createdAt: at(i) }));
  await bulk('complaints', nComplaints, (i) => ({ centerKey: key, centerId: c, kind: 'complaint', status: i % 3 ? 'answered' : 'routed', answerDue: day(i + 5), answeredAt: i % 3 ? at(i + 3) : null, createdAt: at(i) }));
  await bulk('lapses', nLapses, (i) => ({ _id: `bench:${i}`, centerId: c, staffId: staff[i % staff.length], date: day(i) }));
  console.log(`engine: ${config.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB 1.24.2 (SQLite)'}`);
  console.log(`seeded ${N} records (${nBookings} bookings, ${nCases} cases, ${nRatings} ratings, ${nComplaints} complaints, ${nLapses} lapses) in ${secs(t0)} s`);

  const admin = { id: String(new Types.ObjectId()), role: 'admin' as const, centerId: String(county._id) };
  const month = { kind: 'month' as const, value: '2026-11' };
  console.log(`today is ${new Date().toISOString().slice(0, 10)}: the closed days of 2026-11 are read from rollups, today is counted live`);
  let t = performance.now();
  const rolled = await rollClosedDays(new Date(), { backDays: 30, limit: 30 });
  console.log(`rollup job: ${rolled} closed days rolled in ${secs(t)} s (once, in the background; a late change re-rolls one center's day)`);
  let card = await scorecards(admin, String(county._id), month);
  let figures = await computeReport(String(c), '2026-11');
  for (const run of [1, 2]) {
    t = performance.now();
    card = await scorecards(admin, String(county._id), month);
    const cardSecs = secs(t);
    t = performance.now();
    figures = await computeReport(String(c), '2026-11');
    console.log(`run ${run}: scorecards (county and below, 2026-11) ${cardSecs} s; monthly notice (town, 2026-11) ${secs(t)} s`);
  }
  console.log(`  — ${card.staff.length} staff, ${card.windows.length} windows, ${card.agents.length} agents; center served ${card.centers[0]?.served}; notice ratings ${figures.ratings.total}, 好评率 ${figures.ratings.goodRate}%`);
  if (LIVE) {
    t = performance.now();
    const live = await liveScorecards(String(county._id), month);
    const liveSecs = secs(t);
    t = performance.now();
    const liveFigures = await liveReport(String(c), '2026-11');
    const same = JSON.stringify(live) === JSON.stringify(card) && JSON.stringify({ ...liveFigures, generatedAt: '' }) === JSON.stringify({ ...figures, generatedAt: '' });
    console.log(`live count over every fact, for comparison: scorecards ${liveSecs} s, notice ${secs(t)} s (same figures as the rollups: ${same})`);
  }
  t = performance.now();
  const pdf = await reportPdf(figures);
  console.log(`report PDF: ${secs(t)} s, ${(pdf.length / 1024).toFixed(0)} KB`);
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
