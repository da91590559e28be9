/**
 * Ledger figures: append throughput (real appendEntry with chain and retries), verify time for a case of 1,000
 * entries and for a center of 100,000 (BENCH_CENTER_ENTRIES) — in full (the first time, or `{ full: true }`) and from
 * the checkpoints (nothing new, then after new entries appended) — and 台账 export time for 10,000 rows.
 * `npm run bench:ledger` — prints figures only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { loadConfig } from '../../api/src/config';
import { createLogger } from '../../api/src/logger';
import { connectDatabase } from '../../api/src/db/connect';
import { Center } from '../../api/src/modules/centers/center.model';
import { User } from '../../api/src/modules/auth/auth.model';
import { Delegation } from '../../api/src/modules/delegations/delegation.model';
import { LedgerEntry } from '../../api/src/modules/delegations/ledger.model';
import { appendEntry, entryHash, entryIdOf, genesisHash, verifyCase, verifyCenters, type LedgerEntryRow } from '../../api/src/modules/delegations/ledger.service';
import { ledgerRows, toXlsx } from '../../api/src/modules/delegations/export';

const CENTER_ENTRIES = Number(process.env.BENCH_CENTER_ENTRIES ?? 100_000);
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 10_000);
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);
const ms = (t0: number) => (performance.now() - t0).toFixed(0);
/** The machine is shared: every verify figure is printed with the load average at that moment. */
const load = () => `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** A valid chain of n entries for one case as `appendEntry` stores it (ids derived from the chain), built in memory. */
function chain(caseId: Types.ObjectId, centerId: Types.ObjectId, actorId: Types.ObjectId, n: number): LedgerEntryRow[] {
  const out: LedgerEntryRow[] = [];
  let prev = genesisHash(caseId);
  const t0 = Date.now();
  for (let seq = 1; seq <= n; seq++) {
    const e = { caseId, seq, centerId, actorId, actorRole: 'agent', type: 'note', data: { text: `第${seq}条记录：材料已报送乡镇` }, at: new Date(t0 + seq * 1000), clientAt: null, idem: `s:${caseId}:${seq}`, corrects: null, prevHash: prev };
    const hash = entryHash(e);
    out.push({ ...e, _id: entryIdOf(caseId, seq), caseKey: String(caseId), centerKey: String(centerId), hash });
    prev = hash;
  }
  return out;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-bench-ledger-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const db = await connectDatabase({ uri: config.MONGODB_URI, dbName: 'bench_ledger', dataDir, log: createLogger('silent') });
  console.log(`engine: ${config.MONGODB_URI ? 'MONGODB_URI' : 'embedded FerretDB 1.24.2 (SQLite)'}; ${os.cpus().length} cores, ${load()}`);
  const center = await Center.create({ code: 'B-C', name: '压测镇', level: 'town' });
  const admin = await User.create({ role: 'admin', name: '管理员', centerId: center._id });
  const agentId = new Types.ObjectId();

  // Append throughput: 20 cases logged in parallel (one agent each), 50 entries per case.
  const cases = Array.from({ length: 20 }, () => new Types.ObjectId());
  const append = (caseId: Types.ObjectId, i: number) => appendEntry({ caseId: String(caseId), centerId: String(center._id), actorId: String(agentId), actorRole: 'agent', type: 'note', data: { text: `记录${i}` } });
  let t0 = performance.now();
  await Promise.all(cases.map(async (caseId) => { for (let i = 0; i < 50; i++) await append(caseId, i); }));
  let s = (performance.now() - t0) / 1000;
  console.log(`append: 1000 entries over 20 cases in parallel in ${s.toFixed(2)} s = ${(1000 / s).toFixed(0)} entries/s`);
  // Contention: two agents logging on the same case at the same moment, 50 times each.
  const hot = new Types.ObjectId();
  t0 = performance.now();
  await Promise.all([0, 1].map(async (w) => { for (let i = 0; i < 50; i++) await append(hot, w * 100 + i); }));
  s = (performance.now() - t0) / 1000;
  console.log(`append: 100 entries, two agents racing on one case, in ${s.toFixed(2)} s = ${(100 / s).toFixed(0)} entries/s`);
  for (const c of [...cases, hot]) if (!(await verifyCase(String(c))).ok) throw new Error('chain broken after concurrent appends');

  // Verify one case of 1,000 entries.
  const big = new Types.ObjectId();
  await LedgerEntry.insertMany(chain(big, center._id, agentId, 1000), { ordered: false });
  t0 = performance.now();
  const one = await verifyCase(String(big));
  console.log(`verify case of 1,000 entries, first time (full, writes the checkpoint): ${secs(t0)} s (ok=${one.ok}, ${one.entries} entries) (${load()})`);
  t0 = performance.now();
  const again = await verifyCase(String(big));
  console.log(`verify case of 1,000 entries from its checkpoint, nothing new: ${ms(t0)} ms (ok=${again.ok}, ${again.entries} entries) (${load()})`);
  for (let i = 0; i < 10; i++) await append(big, 2000 + i);
  t0 = performance.now();
  const more = await verifyCase(String(big));
  console.log(`verify case from its checkpoint after 10 new entries: ${ms(t0)} ms (ok=${more.ok}, ${more.entries} entries) (${load()})`);
  t0 = performance.now();
  const fullOne = await verifyCase(String(big), { full: true });
  console.log(`verify case of 1,010 entries in full ({ full: true }): ${secs(t0)} s (ok=${fullOne.ok}) (${load()})`);

  // Verify a center of 100,000 entries (1,000 cases × 100).
  t0 = performance.now();
  const perCase = 100;
  for (let i = 0; i < CENTER_ENTRIES / perCase; i += 10) {
    await LedgerEntry.insertMany(Array.from({ length: 10 }, () => chain(new Types.ObjectId(), center._id, agentId, perCase)).flat(), { ordered: false });
  }
  console.log(`(seeded ${CENTER_ENTRIES} entries in ${secs(t0)} s; verifying the center in full…)`);
  t0 = performance.now();
  const all = await verifyCenters([String(center._id)]);
  console.log(`verify center of ${all.entries} entries in ${all.cases} cases, first time (full, writes checkpoints): ${secs(t0)} s (ok=${all.ok}) (${load()})`);
  t0 = performance.now();
  const inc = await verifyCenters([String(center._id)]);
  console.log(`verify center incrementally, nothing new: ${secs(t0)} s (ok=${inc.ok}, ${inc.entries} entries) (${load()})`);
  const touched = Array.from({ length: 50 }, () => new Types.ObjectId());
  t0 = performance.now();
  await Promise.all([0, 1, 2, 3].map(async (w) => { for (let i = w; i < 500; i += 4) await append(touched[i % 50], i); }));
  console.log(`append: 500 entries on 50 new cases (4 in parallel) into the center's ${CENTER_ENTRIES.toLocaleString('en')}: ${secs(t0)} s (${load()})`);
  t0 = performance.now();
  const inc2 = await verifyCenters([String(center._id)]);
  console.log(`verify center incrementally after 500 new entries on 50 new cases: ${secs(t0)} s (ok=${inc2.ok}, ${inc2.entries} entries) (${load()})`);
  t0 = performance.now();
  const full = await verifyCenters([String(center._id)], { full: true });
  console.log(`verify center in full ({ full: true }): ${secs(t0)} s (ok=${full.ok}, ${full.entries} entries) (${load()})`);

  // Export 10,000 rows.
  const docs = Array.from({ length: EXPORT_ROWS }, (_, i) => ({
    code: `E${String(i).padStart(7, '0')}`, mode: 'delegate', state: 'completed', version: 9, requestedBy: agentId, personName: `群众${i}`, personPhone: `138${String(i).padStart(8, '0')}`,
    itemId: new Types.ObjectId(), itemName: '城乡居民基本养老保险待遇领取', centerId: center._id, centerPath: [center._id], agentId: admin._id, stages: [], stageIndex: -1, result: '已办结', completedOn: '2026-11-20',
  }));
  for (let i = 0; i < docs.length; i += 1000) await Delegation.insertMany(docs.slice(i, i + 1000));
  t0 = performance.now();
  const rows = await ledgerRows({ id: String(admin._id), role: 'admin', centerId: String(center._id) }, { centerId: String(center._id) });
  const rowsSecs = secs(t0);
  t0 = performance.now();
  const xlsx = await toXlsx(rows, '帮办代办台账');
  console.log(`export ${rows.length} rows: query ${rowsSecs} s + xlsx ${secs(t0)} s (${(xlsx.length / 1024).toFixed(0)} KB)`);

  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
