import { Types } from 'mongoose';
import { chinaDate, type TCaseState, type TServiceMode } from '@bianmin/shared';
import { Delegation } from './delegation.model';
import { LedgerEntry } from './ledger.model';

/** What the delegations module tells the rest of the API about 代办 cases (ratings, scorecards, reports). Read-only. */

const oids = (ids: readonly string[]) => ids.map((i) => new Types.ObjectId(i));
const FINISHED: TCaseState[] = ['completed', 'followed_up'];

/** A finished case: on time when no stage ran late. */
export interface FinishedCaseFact {
  id: string;
  centerId: string;
  agentId: string | null;
  onTime: boolean;
  /** China date it finished. */
  completedOn: string;
}

/** Cases of these centers finished (China date) in [from, to). */
export async function finishedCaseFacts(centerIds: readonly string[], from: string, to: string): Promise<FinishedCaseFact[]> {
  const rows = await Delegation.find({ centerId: { $in: oids(centerIds) }, state: { $in: FINISHED }, completedOn: { $gte: from, $lt: to } }, { centerId: 1, agentId: 1, stages: 1, completedOn: 1 }).lean();
  return rows.map((c) => ({ id: String(c._id), centerId: String(c.centerId), agentId: c.agentId ? String(c.agentId) : null, onTime: (c.stages ?? []).every((s) => !s.lateDays), completedOn: c.completedOn ?? from }));
}

/** Cases opened in [start, end), by mode (帮办 / 代办 / 上门). */
export async function openedCaseModes(centerIds: readonly string[], start: Date, end: Date): Promise<TServiceMode[]> {
  const rows = await Delegation.find({ centerId: { $in: oids(centerIds) }, createdAt: { $gte: start, $lt: end } }, { mode: 1 }).lean();
  return rows.map((c) => c.mode as TServiceMode);
}

/**
 * 代办 activity of [start, end) per center, for the per-day rollups: cases opened (by mode), refused (by their last
 * change) and given a correction notice (distinct within the range; the same rules as the three counts below), each
 * with the China date it counts on.
 */
export async function assistedFacts(centerIds: readonly string[], start: Date, end: Date) {
  const [opened, refused, corrected] = await Promise.all([
    Delegation.find({ centerId: { $in: oids(centerIds) }, createdAt: { $gte: start, $lt: end } }, { mode: 1, centerId: 1, createdAt: 1 }).lean(),
    Delegation.find({ centerId: { $in: oids(centerIds) }, state: 'refused', updatedAt: { $gte: start, $lt: end } }, { centerId: 1, updatedAt: 1 }).lean(),
    Promise.all(centerIds.map((k) => LedgerEntry.find({ centerKey: k, type: 'request_correction', at: { $gte: start, $lt: end } }, { caseKey: 1, centerKey: 1, at: 1 }).lean())),
  ]);
  return {
    opened: opened.map((c) => ({ centerId: String(c.centerId), mode: c.mode as TServiceMode, day: chinaDate(c.createdAt) })),
    refused: refused.map((c) => ({ centerId: String(c.centerId), day: chinaDate(c.updatedAt) })),
    corrected: corrected.flat().map((e) => ({ centerId: e.centerKey, caseId: e.caseKey, day: chinaDate(e.at) })),
  };
}

/** 退办: cases refused, by the time of their last change, in [start, end). */
export async function refusedCaseCount(centerIds: readonly string[], start: Date, end: Date): Promise<number> {
  return (await Delegation.find({ centerId: { $in: oids(centerIds) }, state: 'refused', updatedAt: { $gte: start, $lt: end } }, { _id: 1 }).lean()).length;
}

/** 补办: cases that received at least one correction notice in [start, end). */
export async function correctedCaseCount(centerIds: readonly string[], start: Date, end: Date): Promise<number> {
  const rows = (await Promise.all(centerIds.map((k) => LedgerEntry.find({ centerKey: k, type: 'request_correction', at: { $gte: start, $lt: end } }, { caseKey: 1 }).lean()))).flat();
  return new Set(rows.map((r) => r.caseKey)).size;
}

/** A case as a rating needs it: whose it is, when it finished, and the agent who handled it. */
export interface CaseForRating {
  finished: boolean;
  ownerId: string;
  servedAt: Date;
  centerId: string;
  itemId: string;
  itemName: string;
  agentId: string | null;
}

/** One case for rating, or null when there is no such case. */
export async function caseForRating(id: string): Promise<CaseForRating | null> {
  const c = Types.ObjectId.isValid(id) ? await Delegation.findById(id).lean() : null;
  if (!c) return null;
  return {
    finished: (FINISHED as readonly string[]).includes(c.state),
    ownerId: c.citizenId ? String(c.citizenId) : String(c.requestedBy),
    servedAt: new Date(`${c.completedOn ?? chinaDate(c.updatedAt)}T00:00:00+08:00`),
    centerId: String(c.centerId),
    itemId: String(c.itemId),
    itemName: c.itemName,
    agentId: c.agentId ? String(c.agentId) : null,
  };
}
