/**
 * Time to compute a center's scorecards and its monthly notice from the rollups over 100,000 and 1,000,000 records
 * (`npm run bench:report`; `BENCH_SIZES=100000` for one size). Each size gets its own database, seeded in bulk
 * straight into the fact collections, then rolled by the rollup job (closed days and the month sums, and today's
 * count the job keeps); seeding and rolling are timed apart from the reads. Each report (county and town scorecards,
 * the .xlsx, the notice of the town and of the county, the PDF) prints its seconds and its database operations
 * (counted through mongoose's debug hook; the last run lists them by collection and method).
 *
 * The records are spread evenly over the days of the current month up to today, so today holds one day's share
 * (as on a real day), not the whole volume. The mix per 100 records: 45 served bookings, 10 window cases (办件),
 * 10 代办 cases, 30 ratings (each of one of the bookings; 3 in 100 are 差评, each with its rectification), 3
 * complaints, 2 lapses. Seeding a size stops when BENCH_SEED_BUDGET_S (default 900 s) runs out: the size actually
 * reached is printed and measured. Run it against a private database (MONGODB_URI=…) or, without one, the embedded
 * engine in a temporary folder (BENCH_KEEP=1 keeps the private database for a look afterwards). Prints figures only;
 * the load average is printed with every measurement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { addDays, chinaDate } from '@bianmin/shared';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { Center } from '../../api/src/modules/centers/center.model';
import { liveScorecards, scorecards, scorecardsXlsx } from '../../api/src/modules/scorecards';
import { computeReport, liveReport, reportPdf } from '../../api/src/modules/reports';
import { rollClosedDays, rollToday, PROVISIONAL_MAX_AGE_MS } from '../../api/src/modules/facts';

const SIZES = (process.env.BENCH_SIZES ?? (process.argv.includes('--1m') ? '1000000' : '100000,1000000')).split(',').map(Number);
const SEED_BUDGET_MS = Number(process.env.BENCH_SEED_BUDGET_S ?? 900) * 1000;
/** The live count over every fact, for comparison: up to this size (it reads every fact several times). */
const LIVE_UP_TO = Number(process.env.BENCH_LIVE_UP_TO ?? 100_000);
const BATCH = 5000;
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);
const load = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const keyed = <T extends { key: string }>(lines: T[]) => [...lines].sort((a, b) => a.key.localeCompare(b.key));

/**
 * Database operations counted through mongoose's debug hook (every model operation: find, findOne, updateOne, …;
 * the seeding's raw driver inserts are not counted). `measure` prints a report's seconds and its operations.
 */
const ops = new Map<string, number>();
mongoose.set('debug', (collection: string, method: string) => {
  const k = `${collection}.${method}`;
  ops.set(k, (ops.get(k) ?? 0) + 1);
});
async function measure<T>(label: string, run: () => Promise<T>, detail = false): Promise<T> {
  ops.clear();
  const t = performance.now();
  const out = await run();
  const took = secs(t);
  const total = [...ops.values()].reduce((a, b) => a + b, 0);
  const by = [...ops].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`  ${label}: ${took} s, ${total} db ops${detail && total ? ` (${by})` : ''}`);
  return out;
}

const MIX = { bookings: 45, windowCases: 10, cases: 10, ratings: 30, complaints: 3, lapses: 2 };

/** A rating level as a county service center sees them: mostly 非常满意, 3 in 100 差评 (levels 1–2). */
const levelOf = (k: number) => [5, 4, 3, 2, 1][[80, 92, 97, 99, 100].findIndex((edge) => k % 100 < edge)];

async function seedAndMeasure(size: number, raw: mongoose.mongo.Db): Promise<void> {
  const county = await Center.create({ code: 'B-COUNTY', name: '压测县', level: 'county' });
  const town = await Center.create({ code: 'B-TOWN', name: '压测镇', level: 'town', parentId: county._id, ancestors: [county._id] });
  const c = town._id;
  const key = String(c);
  const staff = Array.from({ length: 20 }, () => new Types.ObjectId());
  const windows = Array.from({ length: 4 }, () => new Types.ObjectId());
  const item = new Types.ObjectId();
  await raw.collection('serviceitems').insertOne({ _id: item, caseType: 'immediate' });
  const now = new Date();
  const today = chinaDate(now);
  // In the first week of a month the current month is a day or a few: measure the last full month then (every day
  // of it closed, none of it today), so the figures are a month's, not a day's.
  const early = Number(today.slice(8)) < 8;
  const month = early ? addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7) : today.slice(0, 7);
  const daysSoFar = early ? Number(addDays(`${today.slice(0, 7)}-01`, -1).slice(8)) : Number(today.slice(8));
  const dayOf = (i: number) => `${month}-${String((i % daysSoFar) + 1).padStart(2, '0')}`;
  /** 10:00 China time on the record's day (for today: no later than a minute ago). */
  const atOf = (i: number, plusMin = 0) => new Date(Math.min(new Date(`${dayOf(i)}T02:00:00Z`).getTime() + plusMin * 60_000, now.getTime() - 60_000));
  const closedBefore = (i: number) => dayOf(i) < `${month}-${String(Math.max(1, daysSoFar - 7)).padStart(2, '0')}`;

  console.log(`\n== ${size.toLocaleString('en')} records: ${month}, ${daysSoFar} days ${early ? `(the last full month: today ${today} is early in its own)` : `so far (today ${today} holds 1/${daysSoFar} of them)`}; per 100: ${Object.entries(MIX).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  const t0 = performance.now();
  const seeded = { bookings: 0, windowCases: 0, cases: 0, ratings: 0, rectifications: 0, complaints: 0, lapses: 0 };
  let records = 0;
  // Rounds of BATCH records in the mix, so the records seeded when the budget runs out are still the mix, spread over the month.
  for (let round = 0; records < size; round++) {
    if (performance.now() - t0 > SEED_BUDGET_MS) {
      console.log(`seeding budget (${SEED_BUDGET_MS / 1000} s) ran out at ${records.toLocaleString('en')} records: measuring that size`);
      break;
    }
    const n = Math.min(BATCH, size - records);
    const share = (p: number) => Math.round((n * p) / 100);
    const base = records;
    const bookingIds = Array.from({ length: share(MIX.bookings) }, () => new Types.ObjectId());
    const bookings = bookingIds.map((_id, j) => ({ _id, centerId: c, windowId: windows[j % 4], itemId: item, servedBy: staff[j % staff.length], status: 'served', slotStart: atOf(base + j) }));
    const windowCases = Array.from({ length: share(MIX.windowCases) }, (_, j) => {
      const i = base + j;
      const received = atOf(i);
      const state = j % 10 === 0 ? 'refused' : j % 10 === 1 ? 'accepted' : 'completed';
      return { centerKey: key, windowId: windows[j % 4], staffKey: String(staff[j % staff.length]), type: 'immediate', state, firstNotice: j % 7 === 0 ? ['材料'] : [], clockFrom: received, promisedOn: null, completedAt: state === 'completed' ? atOf(i, 20) : null, onTime: state === 'completed' ? true : null, receivedAt: received, createdAt: received };
    });
    const cases = Array.from({ length: share(MIX.cases) }, (_, j) => {
      const i = base + j;
      return { centerId: c, agentId: staff[j % 5], mode: ['help', 'delegate', 'home'][j % 3], state: j % 20 === 0 ? 'refused' : 'completed', completedOn: dayOf(i), createdAt: atOf(i), updatedAt: atOf(i), stages: [{ key: 'a', lateDays: j % 7 === 0 ? 1 : 0 }] };
    });
    const ratings = bookings.slice(0, share(MIX.ratings)).map((b, j) => ({ _id: `booking:${b._id}`, level: levelOf(base + j), centerId: c, centerKey: key, windowId: b.windowId, staffId: b.servedBy, excluded: false, createdAt: atOf(base + j, 60) }));
    const rectifications = ratings.filter((r) => r.level <= 2).map((r, j) => ({ _id: r._id, centerKey: key, status: closedBefore(base + j) ? 'closed' : ['open', 'contact', 'reply'][j % 3] }));
    const complaints = Array.from({ length: share(MIX.complaints) }, (_, j) => {
      const i = base + j;
      return { centerKey: key, centerId: c, kind: 'complaint', staffId: staff[j % staff.length], status: j % 3 ? 'answered' : 'routed', answerDue: dayOf(i + 5), answeredAt: j % 3 ? atOf(i, 120) : null, createdAt: atOf(i) };
    });
    const lapses = Array.from({ length: n - share(MIX.bookings) - share(MIX.windowCases) - share(MIX.cases) - share(MIX.ratings) - share(MIX.complaints) }, (_, j) => ({ _id: `bench:${base + j}`, centerId: c, staffId: staff[j % staff.length], date: dayOf(base + j) }));
    await Promise.all([
      raw.collection('bookings').insertMany(bookings),
      raw.collection('windowcases').insertMany(windowCases),
      raw.collection('delegations').insertMany(cases),
      raw.collection('ratings').insertMany(ratings as never[]),
      rectifications.length ? raw.collection('rectifications').insertMany(rectifications as never[]) : null,
      raw.collection('complaints').insertMany(complaints),
      lapses.length ? raw.collection('lapses').insertMany(lapses as never[]) : null,
    ]);
    seeded.bookings += bookings.length;
    seeded.windowCases += windowCases.length;
    seeded.cases += cases.length;
    seeded.ratings += ratings.length;
    seeded.rectifications += rectifications.length;
    seeded.complaints += complaints.length;
    seeded.lapses += lapses.length;
    records += n;
  }
  const seedSecs = secs(t0);
  console.log(`seeded ${records.toLocaleString('en')} records (${Object.entries(seeded).map(([k, v]) => `${v} ${k}`).join(', ')}) in ${seedSecs} s (${load()})`);

  let t = performance.now();
  const rolled = await rollClosedDays(now, { backDays: early ? daysSoFar + Number(today.slice(8)) - 1 : daysSoFar - 1, limit: 62 });
  const closedSecs = secs(t);
  t = performance.now();
  await rollToday(now);
  console.log(`rollup job: ${rolled} closed days rolled in ${closedSecs} s; today's count in ${secs(t)} s (the job runs in the background; reads use today's count until ${PROVISIONAL_MAX_AGE_MS / 60_000} min, or twice the count's own time, after it finished — what happened since the count began shows at the next count) (${load()})`);

  const admin = { id: String(new Types.ObjectId()), role: 'admin' as const, centerId: String(county._id) };
  const period = { kind: 'month' as const, value: month };
  let card = await scorecards(admin, String(county._id), period);
  let figures = await computeReport(String(c), month);
  for (const run of [1, 2, 3]) {
    console.log(`run ${run} (${load()}):`);
    const detail = run === 3;
    card = await measure(`scorecards (county and below, ${month})`, () => scorecards(admin, String(county._id), period), detail);
    await measure(`scorecards (town, ${month})`, () => scorecards(admin, key, period), detail);
    await measure('scorecards .xlsx (county, computed + workbook)', async () => scorecardsXlsx(await scorecards(admin, String(county._id), period)), detail);
    figures = await measure(`monthly notice (town, ${month})`, () => computeReport(key, month), detail);
    await measure(`monthly notice (county, ${month})`, () => computeReport(String(county._id), month), detail);
    await measure('monthly notice PDF (town, computed + PDF)', async () => reportPdf(await computeReport(key, month)), detail);
  }
  if (records <= LIVE_UP_TO) {
    // Without the job's count of today (job stopped or behind): today counted live from the facts.
    await raw.collection('provisionaldays').deleteMany({});
    t = performance.now();
    await scorecards(admin, String(county._id), period);
    const cardSecs = secs(t);
    t = performance.now();
    await computeReport(String(c), month);
    console.log(`without the job's count of today (counted live from the facts): scorecards ${cardSecs} s, notice ${secs(t)} s (${load()})`);
    t = performance.now();
    const live = await liveScorecards(String(county._id), period);
    const liveSecs = secs(t);
    t = performance.now();
    const liveFigures = await liveReport(String(c), month);
    // Lines compared by key: the seeded people have no names, so the order by name is arbitrary.
    // `countedAt` (数据截至) is what the admin's read adds; the figures are compared.
    const byKey = ({ countedAt: _c, ...sc }: typeof card) => JSON.stringify({ ...sc, centers: keyed(sc.centers), windows: keyed(sc.windows), staff: keyed(sc.staff), agents: keyed(sc.agents) });
    const same = byKey(live) === byKey(card) && JSON.stringify({ ...liveFigures, generatedAt: '' }) === JSON.stringify({ ...figures, generatedAt: '' });
    console.log(`live count over every fact, for comparison: scorecards ${liveSecs} s, notice ${secs(t)} s (same figures as the rollups: ${same}) (${load()})`);
  }
  t = performance.now();
  const pdf = await reportPdf(figures);
  console.log(`report PDF: ${secs(t)} s, ${(pdf.length / 1024).toFixed(0)} KB`);
}

async function main() {
  console.log(`bench:report — ${os.cpus().length} cores, ${load()}`);
  for (const size of SIZES) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-report-'));
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const dbName = `bench_report_${size}`;
    const db = await connectDatabase({ uri: config.MONGODB_URI, dbName, dataDir, log: createLogger('silent') });
    if (config.MONGODB_URI) {
      // A private server may hold an earlier run: start from an empty database.
      await mongoose.connection.db!.dropDatabase();
      await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
    }
    console.log(`engine: ${config.MONGODB_URI ? `MONGODB_URI (database ${dbName})` : 'embedded FerretDB 1.24.2 (SQLite), temporary folder'}`);
    await seedAndMeasure(size, mongoose.connection.db!);
    if (config.MONGODB_URI && process.env.BENCH_KEEP !== '1') await mongoose.connection.db!.dropDatabase();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
