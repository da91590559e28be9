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

/**
 * The case's tail as far as can be seen by `_id` (`entryIdOf`): from what this process last appended, else its
 * checkpoint, else the start, walked forward until an entry is missing. A tail that is wrong (entries stored other
 * than by this function) makes the insert collide on the unique (case, seq) index, and the retry reads the tail.
 */
async function knownTail(caseKey: string): Promise<Tail | null> {
  let tail: Tail | null = tails.get(caseKey) ?? null;
  if (!tail) {
    const cp = await LedgerCheckpoint.findById(caseKey, { seq: 1, hash: 1 }).lean();
    tail = cp ? { seq: cp.seq, hash: cp.hash } : null;
  }
  for (;;) {
    const next = (await LedgerEntry.findById(entryIdOf(caseKey, (tail?.seq ?? 0) + 1), { seq: 1, hash: 1 }).lean()) as Tail | null;
    if (!next) return tail;
    tail = next;
  }
}

export function appendEntry(input: AppendInput): Promise<{ entry: LedgerEntryRow; replay: boolean }> {
  return oneAtATime(String(input.caseId), () => appendNow(input));
}

async function appendNow(input: AppendInput): Promise<{ entry: LedgerEntryRow; replay: boolean }> {
  const idemKey = input.clientKey ? `k:${input.caseId}:${input.clientKey}` : undefined;
  if (idemKey) {
    const existing = (await LedgerEntry.findOne({ idem: idemKey }).lean()) as LedgerEntryRow | null;
    if (existing) return { entry: existing, replay: true };
  }
  await markPending(String(input.caseId), String(input.centerId));
  for (let attempt = 0; attempt < 200; attempt++) {
    // First from what this process knows, walked forward by id; after a lost race, read the case's tail.
    const last = attempt === 0 ? await knownTail(String(input.caseId)) : await readTail(String(input.caseId));
    const seq = (last?.seq ?? 0) + 1;
    const entry: Omit<LedgerEntryRow, 'hash'> = {
      caseId: new Types.ObjectId(input.caseId),
      seq,
      centerId: new Types.ObjectId(input.centerId),
      actorId: new Types.ObjectId(input.actorId),
      actorRole: input.actorRole,
      type: input.type,
      data: input.data ?? null,
      at: new Date(),
      clientAt: input.clientAt ?? null,
      idem: idemKey ?? `s:${input.caseId}:${seq}`,
      corrects: input.corrects ?? null,
      prevHash: last?.hash ?? genesisHash(input.caseId),
    };
    const full = { ...entry, _id: entryIdOf(input.caseId, seq), caseKey: String(input.caseId), centerKey: String(input.centerId), hash: entryHash(entry) };
    try {
      await LedgerEntry.create(full);
      rememberTail(full.caseKey, full);
      return { entry: full, replay: false };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (idemKey) {
        const existing = (await LedgerEntry.findOne({ idem: idemKey }).lean()) as LedgerEntryRow | null;
        if (existing) return { entry: existing, replay: true };
      }
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
  throw new AppError('CONFLICT', '台账写入繁忙，请重试');
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

/** Mark a case as having entries not verified yet (before its append; already pending is fine). */
async function markPending(caseKey: string, centerKey: string): Promise<void> {
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

/**
 * The entries after `seq`, walked by `_id` (`entryIdOf`) until the first missing one. Null when that walk cannot be
 * trusted to be the whole tail — nothing found, or an entry found one place past the first missing one — so the
 * caller reads the case's entries instead (and that read judges the chain).
 */
async function entriesAfter(caseId: string, seq: number): Promise<LedgerEntryRow[] | null> {
  const rows: LedgerEntryRow[] = [];
  const byId = async (s: number) => (await LedgerEntry.findById(entryIdOf(caseId, s)).lean()) as LedgerEntryRow | null;
  for (let s = seq + 1; ; s += 4) {
    const next = await Promise.all([s, s + 1, s + 2, s + 3].map(byId));
    const gap = next.findIndex((r) => !r);
    rows.push(...(gap < 0 ? next : next.slice(0, gap)).map((r) => r!));
    if (gap < 0) continue;
    const beyond = next.slice(gap + 1).some((r) => r) || (gap === 3 && !!(await byId(s + 4)));
    return rows.length && !beyond ? rows : null;
  }
}

/** Check one case from its checkpoint (or from the start) and move the checkpoint to its last entry when it holds. */
async function verifyFrom(caseId: string, cp: Checkpoint | null, full = false): Promise<VerifyResult> {
  const start = cp?.seq ? { seq: cp.seq, hash: cp.hash } : null;
  // The checkpoint's own entry is read by id alongside (it must still be there and hash the same).
  const [pending, at] = await Promise.all([
    LedgerPending.findOneAndDelete({ _id: caseId }).lean(),
    start && cp?.entryId ? (LedgerEntry.findById(cp.entryId).lean() as Promise<LedgerEntryRow | null>) : null,
  ]);
  let rows: LedgerEntryRow[] | null = null;
  if (start && cp?.entryId) {
    // Nothing appended since: that entry alone; otherwise the entries after it, by id too.
    if (!pending) return verifyChain(caseId, at ? [at] : [], start);
    const after = at ? await entriesAfter(caseId, start.seq) : null;
    rows = after && [at!, ...after];
  } else if (!start && !full) rows = await entriesAfter(caseId, 0);
  if (!rows) {
    // Not walkable by id (entries stored before ids were derived from the chain, or by an import; a gap; the
    // checkpoint's entry gone; or a full audit): read the case's entries from the checkpoint on.
    const filter = start ? { caseKey: caseId, seq: { $gte: start.seq } } : { caseKey: caseId };
    rows = ((await LedgerEntry.find(filter).lean()) as LedgerEntryRow[]).sort((a, b) => a.seq - b.seq);
  }
  const r = verifyChain(caseId, rows, start);
  const last = rows[rows.length - 1];
  const centerKey = last?.centerKey ?? pending?.centerKey ?? cp?.centerKey;
  if (!r.ok && centerKey) await markPending(caseId, centerKey);
  else if (r.ok && last && last.seq !== start?.seq) await saveCheckpoint(caseId, centerKey!, last);
  return r;
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
 * One center from its checkpoints: the pending cases (entries appended since their checkpoint, or never verified)
 * are read from their checkpoint on; the others count as verified up to it. A center never verified in full is
 * verified in full (cases stored other than by `appendEntry` have no mark to be found by).
 */
async function verifyCenterIncremental(centerId: string): Promise<CenterVerify> {
  if (!(await LedgerCenterCheckpoint.exists({ _id: centerId }))) return verifyCenterFull(centerId);
  const [cps, pending] = await Promise.all([LedgerCheckpoint.find({ centerKey: centerId }).lean() as Promise<Checkpoint[]>, LedgerPending.find({ centerKey: centerId }, { _id: 1 }).lean()]);
  const byCase = new Map<string, Checkpoint | null>(cps.map((c) => [c._id, c]));
  for (const p of pending) if (!byCase.has(String(p._id))) byCase.set(String(p._id), null);
  const toRead = pending.map((p) => String(p._id));
  const results = new Map(await inBatches(toRead, 4, async (k) => [k, await verifyFrom(k, byCase.get(k) ?? null)] as const));
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
