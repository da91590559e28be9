import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { LedgerEntry } from './ledger.model';

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
export async function appendEntry(input: AppendInput): Promise<{ entry: LedgerEntryRow; replay: boolean }> {
  const idemKey = input.clientKey ? `k:${input.caseId}:${input.clientKey}` : undefined;
  if (idemKey) {
    const existing = (await LedgerEntry.findOne({ idem: idemKey }).lean()) as LedgerEntryRow | null;
    if (existing) return { entry: existing, replay: true };
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const last = (await LedgerEntry.findOne({ caseKey: String(input.caseId) }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean()) as { seq: number; hash: string } | null;
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
    const full = { ...entry, caseKey: String(input.caseId), centerKey: String(input.centerId), hash: entryHash(entry) };
    try {
      await LedgerEntry.create(full);
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

/** Walk entries already ordered by (caseId, seq) and recompute the chain of each case. */
function verifyStream(rows: LedgerEntryRow[]): VerifyResult {
  let prevCase = '';
  let prev = '';
  let expectSeq = 1;
  for (const e of rows) {
    const cid = String(e.caseId);
    if (cid !== prevCase) {
      prevCase = cid;
      prev = genesisHash(cid);
      expectSeq = 1;
    }
    if (e.seq !== expectSeq) return { ok: false, entries: rows.length, broken: { caseId: cid, seq: e.seq, reason: 'sequence' } };
    if (e.prevHash !== prev) return { ok: false, entries: rows.length, broken: { caseId: cid, seq: e.seq, reason: 'prevHash' } };
    if (entryHash(e) !== e.hash) return { ok: false, entries: rows.length, broken: { caseId: cid, seq: e.seq, reason: 'hash' } };
    prev = e.hash;
    expectSeq++;
  }
  return { ok: true, entries: rows.length };
}

export async function verifyCase(caseId: string): Promise<VerifyResult> {
  return verifyStream(await caseEntries(caseId));
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

/**
 * Every case of the given centers: one pass per center over its entries (grouped by case in memory, then each chain
 * checked in order). Reports the first broken entry, by case then sequence.
 */
export async function verifyCenters(centerIds: readonly string[]): Promise<VerifyResult & { cases: number }> {
  const byCase = new Map<string, LedgerEntryRow[]>();
  for (const centerId of centerIds) {
    const cursor = LedgerEntry.find({ centerKey: String(centerId) }).lean().cursor();
    for await (const e of cursor) {
      const row = e as unknown as LedgerEntryRow;
      const key = String(row.caseId);
      const list = byCase.get(key);
      if (list) list.push(row);
      else byCase.set(key, [row]);
    }
  }
  let entries = 0;
  let firstBroken: VerifyResult['broken'];
  for (const key of [...byCase.keys()].sort()) {
    const rows = byCase.get(key)!.sort((a, b) => a.seq - b.seq);
    entries += rows.length;
    const r = verifyStream(rows);
    if (!r.ok && !firstBroken) firstBroken = r.broken;
  }
  return firstBroken ? { ok: false, entries, cases: byCase.size, broken: firstBroken } : { ok: true, entries, cases: byCase.size };
}
