/**
 * A county day through the HTTP API (issue 9): 3 towns × 8 windows × 60 citizens, booked and walk-in, every case
 * type (即办/承诺/联办/上报, 补办 and 退办 along the way), then the scorecards and the monthly notice computed from it.
 * `npm run bench:county-day` — prints figures only. `--scale=0.25` serves a quarter of the citizens per window;
 * BENCH_TOWNS / BENCH_WINDOWS override the shape. Runs on the embedded engine (DB_ENGINE, default SQLite) unless
 * MONGODB_URI is set; then `--engine=postgres|sqlite|mongodb` names what stands behind the URI for the output.
 * Progress lines (`· …`) show where a long run is; after the timings, a table of database operations per request
 * kind (see county-day-trace.ts) shows what each request costs.
 *
 * Booked citizens book through the API for a future slot; the simulation then moves that slot to today (the run may
 * happen at any hour) so they can check in by code.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { addDays, chinaDate, chinaInstant, type TWindowCaseDetail } from '@bianmin/shared';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { createApp } from '../../api/src/app';
import { signAccessToken } from '../../api/src/http/auth';
import { User } from '../../api/src/modules/auth/auth.model';
import { Center } from '../../api/src/modules/centers/center.model';
import { Booking } from '../../api/src/modules/bookings/booking.model';
import { calendarFor } from '../../api/src/modules/calendar';
import { computeReport } from '../../api/src/modules/reports';
import { buildServiceItem } from '../support/factories';
import { createTracer, LABEL_HEADER } from './county-day-trace';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SCALE = Number(arg('scale') ?? process.env.BENCH_SCALE ?? 1);
const TOWNS = Number(process.env.BENCH_TOWNS ?? 3);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 8);
const CITIZENS = Math.max(1, Math.round(60 * SCALE));
/** One citizen in four booked online; the rest walk in. */
const BOOKED_SHARE = 0.25;
/** Window i serves an item of this type (two windows each for 即办 and 承诺, the rest one each). */
const WINDOW_TYPES = ['immediate', 'immediate', 'immediate', 'committed', 'committed', 'joint', 'reported', 'immediate'] as const;

const pct = (s: number[], p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0);
const timings = new Map<string, number[]>();
const statuses = new Map<string, number>();
/** Requests since the last progress line (label, ms), for the batch's p50. */
let batch: { label: string; ms: number }[] = [];
const t0 = performance.now();
const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
/** One progress line: what is done, time since start, p50 of the requests since the last line (all, and by kind). */
function progress(what: string, kinds: string[]) {
  const all = batch.map((b) => b.ms).sort((a, b) => a - b);
  const by = kinds
    .map((k) => [k, batch.filter((b) => b.label === k).map((b) => b.ms).sort((a, b) => a - b)] as const)
    .filter(([, t]) => t.length)
    .map(([k, t]) => `${k.replace(/^\w+: /, '')} ${pct(t, 50).toFixed(0)}`);
  console.log(`· ${what} — ${since()}; last ${all.length} requests p50 ${pct(all, 50).toFixed(0)} ms${by.length ? ` (${by.join(', ')})` : ''}; load ${load()}`);
  batch = [];
}

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

let base = '';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a bench reads the answers as loose JSON
type Json = any;
/** One HTTP call, timed under `label`; returns status and parsed JSON (or text). */
async function call(label: string, method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const s = performance.now();
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { [LABEL_HEADER]: encodeURIComponent(label), ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - s;
  if (!timings.has(label)) timings.set(label, []);
  timings.get(label)!.push(ms);
  batch.push({ label, ms });
  const key = `${label} ${res.status}`;
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
  let json: Json = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* html */
  }
  return { status: res.status, json };
}

const ALL = ['id-card', 'hukou', 'form'];
const DIMS = { overall: 5, efficiency: 5, service: 5, attitude: 5 };

/** What the bench runs on: the embedded engine it started, or what the URI answers as (named by --engine). */
async function engineNote(db: Awaited<ReturnType<typeof connectDatabase>>, uri: string | undefined): Promise<string> {
  if (db.embedded) return `embedded FerretDB 1.24.2 on ${db.embedded.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'} (started by the bench)`;
  const info = (await db.connection.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
  const server = info.ferretdbVersion !== undefined ? 'FerretDB' : `MongoDB ${info.version}`;
  const stated = arg('engine') ?? process.env.BENCH_ENGINE;
  return `${server} at ${uri!.replace(/\/\/[^@/]*@/, '//')} on ${stated ? { postgres: 'PostgreSQL', sqlite: 'SQLite', mongodb: 'MongoDB' }[stated] ?? stated : 'an unstated backend (--engine=postgres|sqlite)'}`;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-county-day-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, RATE_LIMIT_PER_MIN: '100000000', AUTH_RATE_LIMIT_PER_MIN: '100000000', H5_DIR: '/nonexistent' });
  const logger = createLogger('silent');
  // With a URI, the driver also reports each command's time on the database (for the trace table).
  const uri = config.MONGODB_URI && `${config.MONGODB_URI}${config.MONGODB_URI.includes('?') ? '&' : '?'}monitorCommands=true`;
  const db = await connectDatabase({ uri, dbName: `bench_county_day_${Date.now()}`, dataDir, engine: config.DB_ENGINE, postgresUrl: config.POSTGRES_URL, log: logger });
  const engine = await engineNote(db, config.MONGODB_URI);
  console.log(`engine: ${engine}; load average at start ${load()} (${os.cpus().length} cores)`);
  const tracer = createTracer(db.connection);
  const { app, auth } = createApp({ config, logger });
  const server = http.createServer(tracer.wrap(app)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tok = (id: unknown, role: 'admin' | 'staff' | 'citizen', centerId?: unknown) =>
    signAccessToken({ id: String(id), role, ...(centerId ? { centerId: String(centerId) } : {}) }, config.JWT_SECRET, 6 * 3600);

  // ── Set-up: the county, its towns, windows, staff and items (through the API where the API does it) ──
  const s0 = performance.now();
  const county = await Center.create({ code: 'BENCH-C', name: '青禾县政务服务中心', level: 'county' });
  const countyAdmin = tok(await auth.createStaffAccount({ username: 'bench-county', password: 'Secret#123', name: '县管理员', role: 'admin', centerId: county._id }), 'admin', county._id);
  const towns: { id: string; name: string; admin: string; windows: { id: string; itemId: string; type: string; staff: string }[] }[] = [];
  const townNames = ['城关镇', '河西镇', '柳林镇', '石桥镇', '南山镇'];
  for (let ti = 0; ti < TOWNS; ti++) {
    const name = `${townNames[ti % townNames.length]}${ti >= townNames.length ? ti : ''}便民服务中心`;
    const town = await Center.create({ code: `BENCH-T${ti}`, name, level: 'town', parentId: county._id, ancestors: [county._id] });
    const admin = tok(await auth.createStaffAccount({ username: `bench-admin-${ti}`, password: 'Secret#123', name: `${name}管理员`, role: 'admin', centerId: town._id }), 'admin', town._id);
    const windows = [];
    for (let wi = 0; wi < WINDOWS; wi++) {
      const type = WINDOW_TYPES[wi % WINDOW_TYPES.length];
      const code = `BT${ti}W${wi}`;
      const item = buildServiceItem({ code, name: `事项${ti}-${wi}`, caseType: type, legalLimitDays: type === 'immediate' ? 0 : 20, committedLimitDays: type === 'immediate' ? 0 : type === 'committed' ? 5 : 10 });
      const created = await call('setup: item', 'POST', '/api/admin/service-items', admin, { centerId: String(town._id), item });
      await call('setup: publish', 'POST', `/api/admin/service-items/${created.json.id}/publish`, admin, { version: 1 });
      const w = await call('setup: window', 'POST', '/api/admin/windows', admin, { centerId: String(town._id), name: `${wi + 1}号窗口`, code: String.fromCharCode(65 + wi), itemCodes: [code], slotMinutes: 30, capacity: 40, heldBack: 0 });
      const staffId = await auth.createStaffAccount({ username: `bench-staff-${ti}-${wi}`, password: 'Secret#123', name: `窗口${ti}-${wi}`, role: 'staff', centerId: town._id });
      windows.push({ id: w.json.id as string, itemId: created.json.id as string, type, staff: tok(staffId, 'staff', town._id) });
    }
    towns.push({ id: String(town._id), name, admin, windows });
    progress(`set-up: ${name}, ${WINDOWS} windows`, []);
  }
  // Citizens (real users; tokens signed directly, no SMS round trip).
  const perTown = WINDOWS * CITIZENS;
  const users = await User.insertMany(Array.from({ length: TOWNS * perTown }, (_, i) => ({ role: 'citizen', name: `群众${i}`, phone: `137${String(i).padStart(8, '0')}` })));
  const setupSecs = (performance.now() - s0) / 1000;

  // Future slots to book (tomorrow onwards), moved to today before check-in.
  const cal = await calendarFor(towns[0].id);
  const slots: string[] = [];
  for (let d = addDays(chinaDate(new Date()), 1); d <= addDays(chinaDate(new Date()), 13) && slots.length < 400; d = addDays(d, 1)) {
    for (const span of cal.day(d).hours) for (let m = span.start; m + 30 <= span.end; m += 30) slots.push(chinaInstant(d, m).toISOString());
  }

  // ── Arrivals: every citizen gets a number (booked → book + check in by code; walk-in → take a number) ──
  type Visit = { town: number; window: number; user: (typeof users)[number]; booked: boolean; index: number };
  const visits: Visit[] = [];
  users.forEach((user, i) => {
    const town = Math.floor(i / perTown);
    const window = Math.floor((i % perTown) / CITIZENS);
    const index = i % CITIZENS;
    visits.push({ town, window, user, booked: index % Math.round(1 / BOOKED_SHARE) === 0, index });
  });
  // Citizens arrive all over the county at once, each window's in turn: the 24 arriving together go to 24 windows
  // (in visit order they would all take a number at the same window within milliseconds, which no morning does).
  // BENCH_ARRIVALS=window keeps that old order, to compare.
  if (process.env.BENCH_ARRIVALS !== 'window') visits.sort((a, b) => a.index - b.index || a.town - b.town || a.window - b.window);
  const a0 = performance.now();
  let booked = 0;
  let arrived = 0;
  const arrivalStep = Math.max(TOWNS * WINDOWS, Math.round(visits.length / 10));
  const arrivalKinds = ['citizen: book', 'staff: check-in', 'staff: walk-in number'];
  await pool(
    visits.map((v) => async () => {
      await arrive(v);
      if (++arrived % arrivalStep === 0 || arrived === visits.length) progress(`arrivals ${arrived}/${visits.length}`, arrivalKinds);
    }),
    24,
  );
  async function arrive(v: Visit) {
    const w = towns[v.town].windows[v.window];
    if (v.booked) {
      const citizen = tok(v.user._id, 'citizen');
      const b = await call('citizen: book', 'POST', '/api/bookings', citizen, { itemId: w.itemId, slotStart: slots[(v.index + v.window * 7) % slots.length] });
      if (b.status === 201) {
        await Booking.updateOne({ _id: b.json.id }, { $set: { slotStart: new Date(), slotEnd: new Date(Date.now() + 30 * 60_000) } });
        const c = await call('staff: check-in', 'POST', '/api/staff/check-in', w.staff, { code: b.json.code });
        if (c.status === 200) {
          booked++;
          return;
        }
      }
    }
    await call('staff: walk-in number', 'POST', '/api/staff/walk-in', w.staff, { windowId: w.id });
  }
  const arriveSecs = (performance.now() - a0) / 1000;

  // ── Service: each window calls its numbers in turn and takes every case through its lifecycle ──
  const served = { cases: 0, supplement: 0, refused: 0, rated: 0, byType: new Map<string, number>() };
  const byTown = towns.map(() => 0);
  /** One progress line per "round": as many cases as there are windows (each window about one citizen further). */
  const round = TOWNS * WINDOWS;
  const dayKinds = ['staff: call next', 'staff: open case (受理)', 'staff: materials complete', 'staff: complete stage', 'staff: complete (办结)', 'citizen: rate by card', 'staff: ticket done'];
  const d0 = performance.now();
  await Promise.all(
    towns.flatMap((town, ti) =>
      town.windows.map(async (w) => {
        for (let n = 0; ; n++) {
          const called = await call('staff: call next', 'POST', '/api/staff/queue/call-next', w.staff, { windowId: w.id });
          if (called.status !== 200) break;
          const ticket = called.json as { id: string };
          const missing = n % 5 === 1; // one in five brings an incomplete set (补办件)
          const refuse = n % 20 === 7; // one in twenty is refused (退办)
          const opened = await call('staff: open case (受理)', 'POST', '/api/staff/cases', w.staff, {
            itemId: w.itemId,
            ticketId: ticket.id,
            applicant: { name: `群众${n}`, phone: `137${String(n).padStart(8, '0')}` },
            answers: { 'by-agent': false },
            receivedMaterials: missing ? ['id-card'] : ALL,
          });
          if (opened.status !== 201) continue;
          let c = opened.json as TWindowCaseDetail;
          served.cases++;
          if (c.state === 'supplement') {
            served.supplement++;
            await call('print: notice A4', 'GET', `${c.notices[0].printUrl}?format=a4`, w.staff);
            c = (await call('staff: materials complete', 'POST', `/api/staff/cases/${c.id}/materials`, w.staff, { receivedMaterials: ['hukou', 'form'] })).json;
          }
          if (refuse) {
            await call('staff: refuse (退办)', 'POST', `/api/staff/cases/${c.id}/refuse`, w.staff, { reason: '不符合申请条件', legalBasis: '《社会救助暂行办法》第九条' });
            served.refused++;
          } else {
            for (let i = 0; i < c.stages.length; i++) await call('staff: complete stage', 'POST', `/api/staff/cases/${c.id}/stages/${i}/complete`, w.staff, {});
            c = (await call('staff: complete (办结)', 'POST', `/api/staff/cases/${c.id}/complete`, w.staff, { result: '已办结', delivery: 'window' })).json;
            served.byType.set(c.type, (served.byType.get(c.type) ?? 0) + 1);
            const slip = c.notices.at(-1);
            if (slip) await call('print: 办结 slip 80mm', 'GET', `${slip.printUrl}?format=slip`, w.staff);
            const token = c.rating?.url ? /card=([A-Za-z0-9_-]{22})/.exec(c.rating.url)?.[1] : undefined;
            if (token && n % 2 === 0) {
              const r = await call('citizen: rate by card', 'POST', '/api/ratings/card', undefined, { token, level: n % 10 === 4 ? 2 : 5, dims: DIMS });
              if (r.status === 201) served.rated++;
            }
          }
          await call('staff: ticket done', 'POST', `/api/staff/queue/tickets/${ticket.id}/done`, w.staff);
          if (n % 10 === 0) await call('public: track JSON', 'GET', `/api/track/${c.code}`);
          byTown[ti]++;
          const done = byTown.reduce((a, b) => a + b, 0);
          if (done % round === 0 || done === visits.length) progress(`day: ${done}/${visits.length} cases (${towns.map((t, i) => `${t.name.slice(0, 3)} ${byTown[i]}`).join(', ')})`, dayKinds);
        }
      }),
    ),
  );
  const daySecs = (performance.now() - d0) / 1000;

  // ── What the day adds up to: scorecards and the monthly notice, timed ──
  const month = chinaDate(new Date()).slice(0, 7);
  const r0 = performance.now();
  const cards = await call('admin: scorecards (county)', 'GET', `/api/admin/scorecards?centerId=${county._id}&period=month:${month}`, countyAdmin);
  const cardSecs = (performance.now() - r0) / 1000;
  const x0 = performance.now();
  await call('admin: scorecards.xlsx', 'GET', `/api/admin/scorecards.xlsx?centerId=${county._id}&period=month:${month}`, countyAdmin);
  const xlsxSecs = (performance.now() - x0) / 1000;
  // The API publishes a month's notice once the month is over; the running month is computed the same way, directly.
  const m0 = performance.now();
  const report = { status: 201, json: await computeReport(towns[0].id, month) as unknown };
  const reportSecs = (performance.now() - m0) / 1000;
  const l0 = performance.now();
  const list = await call('admin: case list (county)', 'GET', '/api/staff/cases', countyAdmin);
  const listSecs = (performance.now() - l0) / 1000;

  console.log(`\nengine: ${engine}; scale ${SCALE}: ${TOWNS} towns × ${WINDOWS} windows × ${CITIZENS} citizens = ${visits.length} (booked and checked in: ${booked}); arrivals ${process.env.BENCH_ARRIVALS === 'window' ? 'window by window' : 'interleaved across windows'}, 24 at a time`);
  console.log(`set-up ${setupSecs.toFixed(1)} s · arrivals ${arriveSecs.toFixed(1)} s · the day's service ${daySecs.toFixed(1)} s · total ${since()} · load average now ${load()}`);
  console.log(`cases ${served.cases} (补办 ${served.supplement}, 退办 ${served.refused}; 办结 by type ${[...served.byType].map(([k, v]) => `${k} ${v}`).join(', ')}); rated by card ${served.rated}`);
  const arrivalOps = tracer.opsOf((l) => arrivalKinds.includes(l));
  const serviceOps = tracer.opsOf((l) => !arrivalKinds.includes(l) && !/^(setup|admin)/.test(l));
  const per = (x: number) => (x / visits.length).toFixed(1);
  console.log(`per citizen: ${per(arrivalOps.requests)} requests / ${per(arrivalOps.ops)} database operations to arrive, ${per(serviceOps.requests)} requests / ${per(serviceOps.ops)} operations to be served`);
  console.log('\nendpoint                              n      p50 ms   p95 ms   max ms');
  for (const [label, t] of [...timings].sort()) {
    t.sort((a, b) => a - b);
    console.log(`${label.padEnd(36)} ${String(t.length).padStart(5)} ${pct(t, 50).toFixed(1).padStart(8)} ${pct(t, 95).toFixed(1).padStart(8)} ${t.at(-1)!.toFixed(1).padStart(8)}`);
  }
  const errors = [...statuses].filter(([k]) => !/ (200|201|204)$/.test(k));
  if (errors.length) console.log(`\nnon-2xx: ${errors.map(([k, v]) => `${k}×${v}`).join('; ')}`);
  console.log(`\nscorecards (county, month ${month}): ${cardSecs.toFixed(2)} s, HTTP ${cards.status}; xlsx ${xlsxSecs.toFixed(2)} s`);
  if (cards.status === 200) {
    const c = cards.json as Record<string, unknown[]>;
    console.log(`  ${Object.entries(c).filter(([, v]) => Array.isArray(v)).map(([k, v]) => `${k}: ${v.length} lines`).join(', ')}`);
    const first = (c.centers as Record<string, unknown>[] | undefined)?.find((x) => (x as { centerId?: string }).centerId === towns[0].id) ?? (c.centers as unknown[] | undefined)?.[0];
    if (first) console.log(`  ${JSON.stringify(first)}`);
  }
  console.log(`monthly notice (${towns[0].name}, ${month}, computed as the API does at month end): ${reportSecs.toFixed(2)} s`);
  console.log(`  ${JSON.stringify(report.json).slice(0, 600)}`);
  console.log(`case list (county admin, ≤500 rows): ${listSecs.toFixed(2)} s, ${Array.isArray(list.json?.items) ? list.json.items.length : 0} rows`);
  console.log('\ndatabase operations per request (mongoose collection calls, counted inside each request):');
  for (const line of tracer.report()) console.log(line);

  server.close();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
