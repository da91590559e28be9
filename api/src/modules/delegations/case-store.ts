import { Types } from 'mongoose';
import type { CaseChanges, CaseMachineState, TCaseState, TServiceMode } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { randomCode } from '../../security/codes';
import { CaseTransition, Delegation } from './delegation.model';
import { leanByIds } from '../../db/by-ids';

/**
 * Data access for cases: the only file that reads or writes the Delegation model for the use cases. Everything
 * leaves here as a plain `CaseRecord` with string ids.
 */

const oid = (id: string) => new Types.ObjectId(id);
const str = (v: unknown) => (v ? String(v) : null);

export interface CaseHome {
  reason: string;
  address: string;
  preferredTime: string;
}

/** A case as the use cases see it: the machine's state plus who, what and where. */
export interface CaseRecord extends CaseMachineState {
  id: string;
  code: string;
  /** Transitions so far; the next claims `<case>:<version+1>`. */
  version: number;
  requestedBy: string;
  citizenId: string | null;
  personName: string;
  personIdEnc: string | null;
  personPhone: string;
  home: CaseHome | null;
  note: string;
  itemId: string;
  itemName: string;
  /** The receiving center, and its chain (receiving center first, county last). */
  centerId: string;
  centerPath: string[];
  result: string;
  completedOn: string | null;
  createdAt: Date;
}

type Row = Record<string, unknown> & { _id: Types.ObjectId; centerPath: Types.ObjectId[]; stages: CaseRecord['stages']; createdAt: Date };

export function toRecord(r: Row): CaseRecord {
  return {
    id: String(r._id),
    code: r.code as string,
    mode: r.mode as TServiceMode,
    state: r.state as TCaseState,
    pausedState: (r.pausedState as TCaseState | null) ?? null,
    version: (r.version as number) ?? 0,
    requestedBy: String(r.requestedBy),
    citizenId: str(r.citizenId),
    personName: r.personName as string,
    personIdEnc: (r.personIdEnc as string | null) ?? null,
    personPhone: r.personPhone as string,
    home: (r.home as CaseHome | null) ?? null,
    note: (r.note as string) ?? '',
    itemId: String(r.itemId),
    itemName: r.itemName as string,
    centerId: String(r.centerId),
    centerPath: (r.centerPath ?? []).map(String),
    agentId: str(r.agentId),
    authorized: r.authorized === true,
    handover: (r.handover as string) ?? '',
    handoverConfirmed: r.handoverConfirmed === true,
    deliveryConfirmed: r.deliveryConfirmed === true,
    stages: (r.stages ?? []).map((s) => ({ ...s })),
    stageIndex: (r.stageIndex as number) ?? -1,
    missing: (r.missing as string[]) ?? [],
    result: (r.result as string) ?? '',
    completedOn: (r.completedOn as string | null) ?? null,
    acceptDueOn: (r.acceptDueOn as string | null) ?? null,
    closeDueOn: (r.closeDueOn as string | null) ?? null,
    promisedOn: (r.promisedOn as string | null) ?? null,
    promiseReason: (r.promiseReason as string) ?? '',
    createdAt: r.createdAt,
  };
}

export async function findCase(id: string): Promise<CaseRecord | null> {
  const row = Types.ObjectId.isValid(id) ? await Delegation.findById(id).lean() : null;
  return row ? toRecord(row as unknown as Row) : null;
}

/** Cases by id, in no particular order; unknown ids are left out. */
export async function findCasesByIds(ids: readonly string[]): Promise<CaseRecord[]> {
  const list = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id)).map(oid);
  if (!list.length) return [];
  return (await leanByIds<Row>(Delegation, list)).map(toRecord);
}

/** Whose cases a list shows: a citizen's own, an agent's (theirs and their center's), or the cases of centers. */
export type CaseScope = { citizenId: string } | { agentId: string; centerId: string } | { centerIds: string[] };

export async function findCases(scope: CaseScope, state?: TCaseState, limit = 500): Promise<CaseRecord[]> {
  const q: Record<string, unknown> =
    'citizenId' in scope
      ? { $or: [{ citizenId: oid(scope.citizenId) }, { requestedBy: oid(scope.citizenId) }] }
      : 'agentId' in scope
        ? { $or: [{ agentId: oid(scope.agentId) }, { centerPath: oid(scope.centerId) }] }
        : { centerPath: { $in: scope.centerIds.map(oid) } };
  if (state) q.state = state;
  const rows = await Delegation.find(q).sort({ createdAt: -1 }).limit(limit).lean();
  return rows.map((r) => toRecord(r as unknown as Row));
}

/** Cases of these centers (and below, via the chain) completed in a month ("YYYY-MM"). */
export async function completedInMonth(centerIds: string[], month: string): Promise<CaseRecord[]> {
  const rows = await Delegation.find({ centerPath: { $in: centerIds.map(oid) }, state: 'completed', completedOn: { $gte: `${month}-01`, $lte: `${month}-31` } }).lean();
  return rows.map((r) => toRecord(r as unknown as Row));
}

/** States in which a case still waits on somebody (the sweep and the calendar recompute look at these). */
export const OPEN_STATES: TCaseState[] = ['requested', 'accepted', 'handed_over', 'in_progress', 'correction', 'suspended', 'delivered'];

/** Every open case (for the overdue sweep and the calendar recompute). */
export async function openCases(): Promise<CaseRecord[]> {
  return (await Delegation.find({ state: { $in: OPEN_STATES } }).lean()).map((r) => toRecord(r as unknown as Row));
}

export type NewCase = Omit<CaseRecord, 'id' | 'code' | 'version' | 'createdAt' | 'result' | 'completedOn'>;

/** Store a new case under a fresh random code (retrying the rare clash on the unique code). */
export async function insertCase(c: NewCase): Promise<CaseRecord> {
  const { centerId, centerPath, requestedBy, citizenId, itemId, agentId, ...rest } = c;
  for (let i = 0; i < 5; i++) {
    try {
      const doc = await Delegation.create({
        ...rest,
        code: randomCode(),
        version: 0,
        requestedBy: oid(requestedBy),
        citizenId: citizenId ? oid(citizenId) : null,
        itemId: oid(itemId),
        centerId: oid(centerId),
        centerPath: centerPath.map(oid),
        agentId: agentId ? oid(agentId) : null,
      });
      return toRecord(doc.toObject() as unknown as Row);
    } catch (err) {
      if (!(isDuplicateKey(err) && String((err as Error).message).includes('code'))) throw err;
    }
  }
  throw new AppError('CONFLICT', '请重试');
}

/**
 * Claim the transition from `version` to `version + 1`: a unique id, so of two agents moving the case from the
 * same state exactly one wins. Returns false for the loser.
 */
export async function claimTransition(caseId: string, version: number): Promise<boolean> {
  try {
    await CaseTransition.create({ _id: `${caseId}:${version + 1}` });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return false;
  }
}

/** Write the machine's changes to the projection (after the ledger entry that justifies them is stored). */
export async function saveChanges(caseId: string, changes: CaseChanges & { version?: number; centerId?: string; centerPath?: string[] }): Promise<void> {
  const { agentId, centerId, centerPath, ...rest } = changes;
  const set: Record<string, unknown> = {
    ...rest,
    ...(agentId !== undefined ? { agentId: agentId ? oid(agentId) : null } : {}),
    ...(centerId ? { centerId: oid(centerId) } : {}),
    ...(centerPath ? { centerPath: centerPath.map(oid) } : {}),
  };
  if (Object.keys(set).length) await Delegation.updateOne({ _id: oid(caseId) }, { $set: set });
}
