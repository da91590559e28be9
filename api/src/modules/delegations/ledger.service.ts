import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { LedgerCenterCheckpoint, LedgerCheckpoint, LedgerEntry, LedgerPending } from './ledger.model';

export interface LedgerEntryRow {
  _id?: Types.ObjectId;
  caseId: Types.ObjectId;
  caseKey?: string;
  centerKey?: string;
  seq: number;
  centerId: Types.ObjectId;
  actorId: Types.ObjectId;
  actorRole: string;
  type: string;
  data: unknown;
  at: Date;
  clientAt: Date | null;
  idem: string;
  corrects: number | null;
  prevHash: string;
  hash: string;
}

/**
 * JSON with sorted keys and ISO dates, so the same entry always hashes the same on any engine. Keys whose value is
 * null or undefined are left out: engines differ on whether they keep null fields.
 */
export function canonical(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v instanceof Types.ObjectId) return JSON.stringify(String(v));
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined && o[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export const genesisHash = (caseId: Types.ObjectId | string) => createHash('sha256').update(`bianmin-ledger-genesis:${caseId}`).digest('hex');

/**
 * The `_id` of a case's entry `seq` as `appendEntry` stores it: derived from (case, seq), so a verify walks the
 * entries after a checkpoint by `_id` — the only lookup FerretDB 1.24 on SQLite makes without decoding the whole
 * collection. Like the unique (caseKey, seq) index, it admits one entry per place in the chain.
 */
export const entryIdOf = (caseId: Types.ObjectId | string, seq: number) => new Types.ObjectId(createHash('sha256').update(`bianmin-ledger-entry:${caseId}:${seq}`).digest('hex').slice(0, 24));

export function entryHash(e: Omit<LedgerEntryRow, 'hash' | '_id'>): string {
  const body = canonical({
    caseId: e.caseId,
    seq: e.seq,
    centerId: e.centerId,
    actorId: e.actorId,
    actorRole: e.actorRole,
    type: e.type,
    data: e.data,
    at: e.at,
    clientAt: e.clientAt,
    idem: e.idem,
    corrects: e.corrects,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

export interface AppendInput {
  caseId: string;
  centerId: string;
  actorId: string;
  actorRole: string;
  type: string;
  data?: unknown;
  /** The client's idempotency key for a queued (offline) step. */
  clientKey?: string;
  clientAt?: Date;
  corrects?: number;
}

/**
 * Append an entry at the end of the case's chain. Concurrent appends race for seq N+1 on the unique index; losers
 * re-read the tail and try again, so every entry is kept and the chain stays valid. A step resent with the same
 * client key returns the entry already stored (replay: true) instead of a second one.
 */
/**
 * Appends to one case run one at a time within this process (a promise chain per case), so a burst from one API
 * process does not turn into a storm of colliding seq claims; across processes the unique (case, seq) index and the
 * retry below still decide.
 */
const caseQueues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (caseQueues.get(key) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => undefined);
  caseQueues.set(key, tail);
  void tail.then(() => {
    if (caseQueues.get(key) === tail) caseQueues.delete(key);
  });
  return run;
}

type Tail = { seq: number; hash: string };
/** The last entry this process appended (or found) per case, so the next append need not read the case's entries. */
const tails = new Map<string, Tail>();
const TAILS_KEPT = 10_000;

function rememberTail(caseKey: string, t: Tail): void {
  tails.delete(caseKey);
  tails.set(caseKey, { seq: t.seq, hash: t.hash });
  if (tails.size > TAILS_KEPT) tails.delete(tails.keys().next().value!);
}

/** The case's last entry, read the way every engine can (a scan of the entries on the embedded one). */
async function readTail(caseKey: string): Promise<Tail | null> {
  return (await LedgerEntry.findOne({ caseKey }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean()) as Tail | null;
}

/** How many entries one step of a walk by `_id` reads at once (the embedded engine's pool has 8 connections). */
const WALK_GROUP = 8;

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/**
 * The tail to try first, without reading any entry: what this process last appended (or found), else the case's
 * checkpoint, else the genesis. A tail that is behind collides on the unique (case, seq) index and the append walks
 * forward from it (`walkTail`); it is never ahead, because entries are never removed.
 */
async function guessTail(caseKey: string): Promise<Tail | null> {
  const known = tails.get(caseKey);
  if (known) return known;
  const cp = await LedgerCheckpoint.findById(caseKey, { seq: 1, hash: 1 }).lean();
  return cp ? { seq: cp.seq, hash: cp.hash } : null;
}

/**
 * After a collision: the entries after `from` by `_id` (`entryIdOf`), a group at a time, up to the first missing
 * one. Null when nothing after `from` is found by id (entries stored other than by `appendEntry`): the caller reads
 * the case's tail instead.
 */
async function walkTail(caseKey: string, from: Tail | null): Promise<Tail | null> {
  let tail = from;
  for (;;) {
    const group = (await Promise.all(range((tail?.seq ?? 0) + 1, WALK_GROUP).map((s) => LedgerEntry.findById(entryIdOf(caseKey, s), { seq: 1, hash: 1 }).lean()))) as (Tail | null)[];
    const gap = group.indexOf(null);
    const found = gap < 0 ? group : group.slice(0, gap);
    if (!found.length) return tail === from ? null : tail;
    tail = found[found.length - 1];
    if (gap >= 0) return tail;
  }
}

export function appendEntry(input: AppendInput): Promise<{ entry: LedgerEntryRow; replay: boolean }> {
  return oneAtATime(String(input.caseId), () => appendNow(input));
}

/**
 * Insert first, read only on a collision: the tail comes from memory or the checkpoint (`guessTail`), and the unique
 * indexes decide — (case, seq) and the derived `_id` against a stale tail, `idem` against a replayed client step. On
 * the embedded engine every read of the entries is a pass over the whole collection, so an append that reads
 * nothing stays as fast with 100,000 entries as with 100.
 */
async function appendNow(input: AppendInput): Promise<{ entry: LedgerEntryRow; replay: boolean }> {
  const caseKey = String(input.caseId);
  const centerKey = String(input.centerId);
  const idemKey = input.clientKey ? `k:${caseKey}:${input.clientKey}` : undefined;
  await markPending(caseKey, centerKey);
  let last = await guessTail(caseKey);
  for (let attempt = 0; attempt < 200; attempt++) {
    const seq = (last?.seq ?? 0) + 1;
    const entry: Omit<LedgerEntryRow, 'hash'> = {
      caseId: new Types.ObjectId(caseKey),
      seq,
      centerId: new Types.ObjectId(centerKey),
      actorId: new Types.ObjectId(input.actorId),
      actorRole: input.actorRole,
      type: input.type,
      data: input.data ?? null,
      at: new Date(),
      clientAt: input.clientAt ?? null,
      idem: idemKey ?? `s:${caseKey}:${seq}`,
      corrects: input.corrects ?? null,
      prevHash: last?.hash ?? genesisHash(caseKey),
    };
    const full = { ...entry, _id: entryIdOf(caseKey, seq), caseKey, centerKey, hash: entryHash(entry) };
    try {
      await LedgerEntry.create(full);
      rememberTail(caseKey, full);
      await markPending(caseKey, centerKey, seq);
      return { entry: full, replay: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const replayed = idemKey ? await storedByKey(caseKey, seq, idemKey) : null;
      if (replayed) {
        await markPending(caseKey, centerKey, replayed.seq);
        return { entry: replayed, replay: true };
      }
      // Behind the tail: walk forward by id; after a few lost races, read the tail as every engine can.
      last = (attempt < 3 ? await walkTail(caseKey, last) : null) ?? (await readTail(caseKey));
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
  throw new AppError('CONFLICT', '台账写入繁忙，请重试');
}

/**
 * The entry a replayed client step already stored, after an insert at `seq` collided: the entry in that place when
 * it is the step (by id, cheap), else — the place being free, so the idem index refused — the step wherever it is.
 */
async function storedByKey(caseKey: string, seq: number, idemKey: string): Promise<LedgerEntryRow | null> {
  const there = (await LedgerEntry.findById(entryIdOf(caseKey, seq)).lean()) as LedgerEntryRow | null;
  if (there) return there.idem === idemKey ? there : null;
  return (await LedgerEntry.findOne({ idem: idemKey }).lean()) as LedgerEntryRow | null;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** The first entry that does not check out, and why. */
  broken?: { caseId: string; seq: number; reason: 'hash' | 'prevHash' | 'sequence' };
}

/** Where a chain check starts: the genesis, or a checkpoint (its entry is read again and must still match). */
interface ChainStart {
  seq: number;
  hash: string;
}

/**
 * Recompute one case's chain from `start`: rows are that case's entries from the checkpoint's own entry on (or from
 * seq 1), ordered by seq. `entries` counts the whole chain (the checkpoint's seq plus the entries read after it).
 */
function verifyChain(caseId: string, rows: LedgerEntryRow[], start: ChainStart | null): VerifyResult {
  let prev = genesisHash(caseId);
  let expectSeq = 1;
  let i = 0;
  if (start && start.seq > 0) {
    const at = rows[0];
    if (!at || at.seq !== start.seq) return { ok: false, entries: start.seq, broken: { caseId, seq: start.seq, reason: 'sequence' } };
    if (at.hash !== start.hash || entryHash(at) !== at.hash) return { ok: false, entries: start.seq, broken: { caseId, seq: start.seq, reason: 'hash' } };
    prev = at.hash;
    expectSeq = start.seq + 1;
    i = 1;
  }
  const entries = (start?.seq ?? 0) + rows.length - i;
  for (; i < rows.length; i++) {
    const e = rows[i];
    if (e.seq !== expectSeq) return { ok: false, entries, broken: { caseId, seq: e.seq, reason: 'sequence' } };
    if (e.prevHash !== prev) return { ok: false, entries, broken: { caseId, seq: e.seq, reason: 'prevHash' } };
    if (entryHash(e) !== e.hash) return { ok: false, entries, broken: { caseId, seq: e.seq, reason: 'hash' } };
    prev = e.hash;
    expectSeq++;
  }
  return { ok: true, entries };
}

/**
 * Mark a case as having entries not verified yet: before its append (already pending is fine), and after it with the
 * entry's seq (`$max`), so a verify knows how far the chain reaches without looking past its end — and reports an
 * entry missing up to there. The mark after the append also puts back one a verify removed while it ran.
 */
async function markPending(caseKey: string, centerKey: string, seq?: number): Promise<void> {
  if (seq !== undefined) {
    await LedgerPending.collection.updateOne({ _id: caseKey as never }, { $max: { seq }, $setOnInsert: { centerKey } }, { upsert: true });
    return;
  }
  try {
    await LedgerPending.collection.insertOne({ _id: caseKey as never, centerKey });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Remember where a case's chain checked out. */
async function saveCheckpoint(caseKey: string, centerKey: string, last: LedgerEntryRow): Promise<void> {
  await LedgerCheckpoint.replaceOne({ _id: caseKey }, { _id: caseKey, centerKey, seq: last.seq, hash: last.hash, entryId: last._id ?? null }, { upsert: true });
}

type Checkpoint = { _id: string; centerKey: string; seq: number; hash: string; entryId?: Types.ObjectId | null };
type Pending = { _id: string; centerKey: string; seq?: number };

/**
 * The entries after `seq`, read by `_id` (`entryIdOf`) in small groups read in parallel: up to `hint` (the highest
 * seq appended, from the pending mark) and one place past it, or — past a stale or absent hint — up to the first
 * missing place and one past that. Null when the walk shows a hole — a place missing before one that is found, or
 * missing up to `hint` — so the caller reads the case's entries and that read judges the chain; a hole never passes
 * as the end of the chain.
 */
async function walkAfter(caseId: string, seq: number, hint: number): Promise<LedgerEntryRow[] | null> {
  const found: (LedgerEntryRow | null)[] = [];
  const byId = async (s: number) => (await LedgerEntry.findById(entryIdOf(caseId, s)).lean()) as LedgerEntryRow | null;
  // Index of the place just past the hint (seq + 1 + i is the place of found[i]).
  const past = hint - seq;
  const wanted = () => {
    const miss = found.indexOf(null);
    if (miss < 0) return found.length <= past ? past + 1 : found.length + WALK_GROUP;
    return miss < past ? found.length : Math.max(miss === past ? miss + 1 : miss + 2, found.length);
  };
  for (let n = wanted(); found.length < n; n = wanted()) found.push(...(await Promise.all(range(seq + 1 + found.length, Math.min(WALK_GROUP, n - found.length)).map(byId))));
  const miss = found.indexOf(null);
  const hole = miss < past || found.slice(miss + 1).some((r) => r);
  return hole ? null : (found.slice(0, miss) as LedgerEntryRow[]);
}

/** A case's entries from `seq` on (all when 0), read the way every engine can: a scan on the embedded one. */
async function readFrom(caseId: string, seq: number): Promise<LedgerEntryRow[]> {
  const filter = seq ? { caseKey: caseId, seq: { $gte: seq } } : { caseKey: caseId };
  return ((await LedgerEntry.find(filter).lean()) as LedgerEntryRow[]).sort((a, b) => a.seq - b.seq);
}

/**
 * The rows a verify from the checkpoint checks: the checkpoint's own entry (by the id it recorded) and the entries
 * after it by id. Read from the store instead (`readFrom`) when that walk cannot be trusted to be the whole tail: a
 * hole, the checkpoint's entry gone, or nothing found by id on a case pending without a seq (entries stored before
 * ids were derived from the chain, or by an import).
 */
async function rowsFrom(caseId: string, cp: Checkpoint | null, hint: number | undefined): Promise<LedgerEntryRow[]> {
  const start = cp?.seq ?? 0;
  const [at, after] = await Promise.all([
    start ? (LedgerEntry.findById(cp?.entryId ?? entryIdOf(caseId, start)).lean() as Promise<LedgerEntryRow | null>) : null,
    walkAfter(caseId, start, hint ?? 0),
  ]);
  const walked = after && (after.length || hint !== undefined) && (!start || at) ? [...(at ? [at] : []), ...after] : null;
  return walked ?? readFrom(caseId, start);
}

/**
 * Beyond this many entries since the checkpoint (by the pending mark), one read of the case's entries is cheaper than
 * walking them by id; a case never verified and not marked with a seq (stored by an import) is read in one pass too.
 */
const WALK_AT_MOST = 256;
const walkable = (cp: Checkpoint | null, hint: number | undefined) => (hint !== undefined ? hint - (cp?.seq ?? 0) <= WALK_AT_MOST : !!cp?.seq);

/**
 * Judge a pending case's rows (its entries from the checkpoint's on, in order) and record the outcome: the checkpoint
 * moves to the last entry when the chain holds; otherwise the case is marked pending again (with the seq its mark
 * had, so the next verify reports the same). A chain ending before the seq its mark saw appended lost its tail.
 */
async function settle(caseId: string, rows: LedgerEntryRow[], cp: Checkpoint | null, pending: Pending | null): Promise<VerifyResult> {
  const start = cp?.seq ? { seq: cp.seq, hash: cp.hash } : null;
  const last = rows[rows.length - 1];
  let r = verifyChain(caseId, rows, start);
  const hint = pending?.seq ?? 0;
  if (r.ok && hint > (last?.seq ?? start?.seq ?? 0)) r = { ok: false, entries: r.entries, broken: { caseId, seq: hint, reason: 'sequence' } };
  const centerKey = last?.centerKey ?? pending?.centerKey ?? cp?.centerKey;
  if (!r.ok && centerKey) await markPending(caseId, centerKey, hint || undefined);
  else if (r.ok && last && last.seq !== start?.seq) await saveCheckpoint(caseId, centerKey!, last);
  return r;
}

/**
 * Check one case from its checkpoint (or from the start) and move the checkpoint to its last entry when it holds.
 * A case not pending reads only its checkpoint's entry again; a pending one reads the entries appended since, by id.
 * The pending mark is taken off before the entries are read: an append meanwhile marks the case again.
 */
async function verifyFrom(caseId: string, cp: Checkpoint | null, full = false): Promise<VerifyResult> {
  const pending = (await LedgerPending.findOneAndDelete({ _id: caseId }).lean()) as Pending | null;
  if (full) return settle(caseId, await readFrom(caseId, 0), null, pending);
  if (cp?.seq && !pending) {
    const at = (await LedgerEntry.findById(cp.entryId ?? entryIdOf(caseId, cp.seq)).lean()) as LedgerEntryRow | null;
    return verifyChain(caseId, at ? [at] : [], { seq: cp.seq, hash: cp.hash });
  }
  return settle(caseId, walkable(cp, pending?.seq) ? await rowsFrom(caseId, cp, pending?.seq) : await readFrom(caseId, cp?.seq ?? 0), cp, pending);
}

/**
 * Verify a case's chain. By default from its checkpoint (only the entries appended since are read, plus the
 * checkpoint's own entry, which must still hash the same); `full` checks every entry from the genesis, as an audit
 * of stored history needs. Either way a chain that holds moves the checkpoint to its last entry.
 */
export async function verifyCase(caseId: string, opts: { full?: boolean } = {}): Promise<VerifyResult> {
  const cp = opts.full ? null : ((await LedgerCheckpoint.findById(caseId).lean()) as Checkpoint | null);
  return verifyFrom(caseId, cp, opts.full);
}

/** Every entry of a case, in order. */
export async function caseEntries(caseId: string): Promise<LedgerEntryRow[]> {
  const rows = (await LedgerEntry.find({ caseKey: caseId }).lean()) as LedgerEntryRow[];
  return rows.sort((a, b) => a.seq - b.seq);
}

/** The entry a queued step with this client key already stored, if any. */
export async function storedStep(caseId: string, clientKey: string): Promise<boolean> {
  return !!(await LedgerEntry.exists({ idem: `k:${caseId}:${clientKey}` }));
}

/** The latest entry of a type on a case. */
export async function latestEntry(caseId: string, type: string): Promise<LedgerEntryRow | null> {
  return (await LedgerEntry.findOne({ caseKey: caseId, type }).sort({ seq: -1 }).lean()) as LedgerEntryRow | null;
}

export async function entryExists(caseId: string, seq: number): Promise<boolean> {
  return !!(await LedgerEntry.exists({ caseKey: caseId, seq }));
}

/** Run tasks a few at a time (the embedded engine's pool is small; one big burst only queues). */
async function inBatches<T, R>(items: T[], size: number, run: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

type CenterVerify = VerifyResult & { cases: number };

/**
 * One center in full: one pass over its entries (grouped by case in memory), checkpoints written for the cases that
 * hold, the broken ones left pending.
 */
async function verifyCenterFull(centerId: string): Promise<CenterVerify> {
  // Cleared before the read: a case appended to while it runs is marked again and read next time.
  await LedgerPending.deleteMany({ centerKey: centerId });
  const byCase = new Map<string, LedgerEntryRow[]>();
  const cursor = LedgerEntry.find({ centerKey: centerId }).lean().cursor();
  for await (const e of cursor) {
    const row = e as unknown as LedgerEntryRow;
    const key = String(row.caseId);
    const list = byCase.get(key);
    if (list) list.push(row);
    else byCase.set(key, [row]);
  }
  let entries = 0;
  let broken: VerifyResult['broken'];
  const holding: [string, LedgerEntryRow][] = [];
  for (const key of [...byCase.keys()].sort()) {
    const rows = byCase.get(key)!.sort((a, b) => a.seq - b.seq);
    const r = verifyChain(key, rows, null);
    entries += r.entries;
    if (r.ok) holding.push([key, rows[rows.length - 1]]);
    else {
      broken ??= r.broken;
      await markPending(key, centerId);
    }
  }
  await inBatches(holding, 8, ([key, last]) => saveCheckpoint(key, centerId, last));
  if (!broken) await LedgerCenterCheckpoint.updateOne({ _id: centerId }, { $set: { verifiedAt: new Date() } }, { upsert: true });
  return broken ? { ok: false, entries, cases: byCase.size, broken } : { ok: true, entries, cases: byCase.size };
}

/**
 * How long a center's verify may take walking its pending cases by id; when the walk promises to take longer (see
 * `walkCases`), the cases left are read in one pass over the center's entries. A walk costs a lookup per entry, cheap
 * only where the engine finds an `_id` by index — FerretDB 1.24 on SQLite filters a lone `_id` in SQL but on an
 * expression its own `_id` index does not match, so each lookup scans the table (~130 ms over 50,000 documents, 1 ms
 * with a matching index, measured); the pass costs one read of every entry of the center.
 */
const CENTER_WALK_BUDGET_MS = 2_000;

/**
 * The entries of the given cases from their checkpoints on, in one pass over the center's entries (grouped by case
 * in memory): for cases a walk by id does not suit, or when walking has taken too long.
 */
async function readCases(centerId: string, cases: Map<string, Checkpoint | null>): Promise<Map<string, LedgerEntryRow[]>> {
  const byCase = new Map<string, LedgerEntryRow[]>([...cases.keys()].map((k) => [k, []]));
  for await (const e of LedgerEntry.find({ centerKey: centerId }).lean().cursor()) {
    const row = e as unknown as LedgerEntryRow;
    const key = String(row.caseId);
    const list = byCase.get(key);
    if (list && row.seq >= (cases.get(key)?.seq ?? 0)) list.push(row);
  }
  for (const rows of byCase.values()) rows.sort((a, b) => a.seq - b.seq);
  return byCase;
}

/**
 * Walk pending cases by id, four at a time, into `results`, while that promises to end within
 * `CENTER_WALK_BUDGET_MS`: judged first by timing one lookup (the place past the first case's mark, normally free)
 * times the lookups the walk needs, then by the cases walked so far. Returns the cases left for the one pass.
 */
async function walkCases(walk: Pending[], byCase: Map<string, Checkpoint | null>, results: Map<string, VerifyResult>): Promise<Pending[]> {
  if (!walk.length) return [];
  const lookups = walk.reduce((n, p) => n + Math.max(0, (p.seq ?? 0) - (byCase.get(p._id)?.seq ?? 0)) + 2, 0);
  const probe = performance.now();
  await LedgerEntry.exists({ _id: entryIdOf(walk[0]._id, (walk[0].seq ?? 0) + 1) });
  // Two lookups run at once on two cores.
  if (((performance.now() - probe) * lookups) / 2 > CENTER_WALK_BUDGET_MS) return walk;
  const began = performance.now();
  for (let i = 0; i < walk.length; i += 4) {
    if (i && ((performance.now() - began) * walk.length) / i > CENTER_WALK_BUDGET_MS) return walk.slice(i);
    await Promise.all(
      walk.slice(i, i + 4).map(async (p) => {
        const cp = byCase.get(p._id) ?? null;
        results.set(p._id, await settle(p._id, await rowsFrom(p._id, cp, p.seq), cp, p));
      }),
    );
  }
  return [];
}

/**
 * One center from its checkpoints: the pending cases (entries appended since their checkpoint, or never verified)
 * are read from their checkpoint on — by id, a few cases at a time, while that promises to stay within
 * `CENTER_WALK_BUDGET_MS`, the rest in one pass — and the others count as verified up to it. Their marks are taken off in one delete before
 * any entry is read (an append meanwhile marks its case again). A center never verified in full is verified in full
 * (cases stored other than by `appendEntry` have no mark to be found by).
 */
async function verifyCenterIncremental(centerId: string): Promise<CenterVerify> {
  if (!(await LedgerCenterCheckpoint.exists({ _id: centerId }))) return verifyCenterFull(centerId);
  const [cps, pending] = await Promise.all([LedgerCheckpoint.find({ centerKey: centerId }).lean() as Promise<Checkpoint[]>, LedgerPending.find({ centerKey: centerId }).lean() as Promise<Pending[]>]);
  if (pending.length) await LedgerPending.deleteMany({ _id: { $in: pending.map((p) => p._id) } });
  const byCase = new Map<string, Checkpoint | null>(cps.map((c) => [c._id, c]));
  for (const p of pending) if (!byCase.has(String(p._id))) byCase.set(String(p._id), null);
  const results = new Map<string, VerifyResult>();
  const walk = pending.filter((p) => walkable(byCase.get(p._id) ?? null, p.seq));
  const rest = [...pending.filter((p) => !walk.includes(p)), ...(await walkCases(walk, byCase, results))];
  if (rest.length) {
    const rows = await readCases(centerId, new Map(rest.map((p) => [p._id, byCase.get(p._id) ?? null])));
    await inBatches(rest, 8, async (p) => results.set(p._id, await settle(p._id, rows.get(p._id)!, byCase.get(p._id) ?? null, p)));
  }
  let entries = 0;
  let broken: VerifyResult['broken'];
  for (const key of [...byCase.keys()].sort()) {
    const r = results.get(key) ?? { ok: true, entries: byCase.get(key)?.seq ?? 0 };
    entries += r.entries;
    if (!r.ok) broken ??= r.broken;
  }
  return broken ? { ok: false, entries, cases: byCase.size, broken } : { ok: true, entries, cases: byCase.size };
}

/**
 * Every case of the given centers, from the checkpoints by default (`full` reads every entry again and is the audit).
 * Reports the first broken entry, by center, then case, then sequence.
 */
export async function verifyCenters(centerIds: readonly string[], opts: { full?: boolean } = {}): Promise<CenterVerify> {
  let entries = 0;
  let cases = 0;
  let broken: VerifyResult['broken'];
  for (const centerId of centerIds) {
    const r = opts.full ? await verifyCenterFull(String(centerId)) : await verifyCenterIncremental(String(centerId));
    entries += r.entries;
    cases += r.cases;
    if (!r.ok) broken ??= r.broken;
  }
  return broken ? { ok: false, entries, cases, broken } : { ok: true, entries, cases };
}
