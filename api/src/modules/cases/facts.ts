import { Types } from 'mongoose';
import { chinaDate, immediateOnTime, type TCaseType, type TWindowCaseState, type WorkingCalendar } from '@bianmin/shared';
import { calendarFor } from '../calendar';
import { userContacts } from '../auth';
import { WindowCase } from './case.model';

/** A window case as a rating needs it: finished or not, when, where, and who served (window, receiving staff). */
export interface WindowCaseForRating {
  finished: boolean;
  completedAt: Date | null;
  centerId: string;
  itemId: string;
  itemName: string;
  windowId: string | null;
  staffId: string;
}

export async function windowCaseForRating(id: string): Promise<WindowCaseForRating | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const c = await WindowCase.findById(id, { state: 1, completedAt: 1, centerKey: 1, itemId: 1, itemName: 1, windowId: 1, staffKey: 1 }).lean();
  if (!c) return null;
  return {
    finished: c.state === 'completed',
    completedAt: c.completedAt ?? null,
    centerId: c.centerKey,
    itemId: String(c.itemId),
    itemName: c.itemName,
    windowId: c.windowId ? String(c.windowId) : null,
    staffId: c.staffKey,
  };
}

/** 我的办件: is this the case of the signed-in citizen `userId` (their phone is the applicant's)? */
export async function windowCaseOwnedBy(caseId: string, userId: string): Promise<boolean> {
  if (!Types.ObjectId.isValid(caseId)) return false;
  const [c, [me]] = await Promise.all([WindowCase.findById(caseId, { applicantPhone: 1 }).lean(), userContacts([userId])]);
  return !!c?.applicantPhone && !!me?.phone && me.phone === c.applicantPhone;
}

/**
 * A window case as scorecards and the monthly notice count it (plain, read-only): where and by whom it was
 * received, its type (from the item), what became of it, and whether it was finished on time by the shared rules.
 */
export interface WindowCaseFact {
  id: string;
  centerId: string;
  windowId: string | null;
  /** The receiving staff member (受理人), whom the case counts for. */
  staffId: string;
  type: TCaseType;
  /** open: 补办 or running; completed: 办结; refused: 退办 / 不予受理. */
  outcome: 'open' | 'completed' | 'refused';
  /** 补办件: a 补正告知书 was issued (at reception or later). */
  supplemented: boolean;
  /** Reception: the instant the case was opened at the counter (stored as receivedAt; createdAt for older cases). */
  receivedAt: Date;
  completedAt: Date | null;
  /** 承诺办结日期 (China date) of 承诺/联办/上报 cases once the clock runs; null for 即办. */
  promisedDate: string | null;
  /** For completed cases: 即办 within 30 opening-hours minutes of its clock, others by the promised date. */
  onTime: boolean | null;
}

/** The instants counted: cases received or completed in [start, end), of these centers. */
export interface CaseFactScope {
  centerIds: readonly string[];
  start: Date;
  end: Date;
}

type FactRow = {
  _id: Types.ObjectId;
  centerKey: string;
  windowId: Types.ObjectId | null;
  staffKey: string;
  type: TCaseType;
  state: TWindowCaseState;
  firstNotice: string[];
  clockFrom: Date | null;
  promisedOn: string | null;
  completedAt: Date | null;
  onTime: boolean | null;
  receivedAt: Date | null;
  createdAt: Date;
};

const FACT_FIELDS = { centerKey: 1, windowId: 1, staffKey: 1, type: 1, state: 1, firstNotice: 1, clockFrom: 1, promisedOn: 1, completedAt: 1, onTime: 1, receivedAt: 1, createdAt: 1 };

/** On time by the rules the cases service applies at 办结 (the same shared functions, the center's calendar). */
function onTimeOf(cal: WorkingCalendar, r: FactRow): boolean | null {
  if (r.state !== 'completed' || !r.completedAt) return null;
  if (r.type === 'immediate') return r.clockFrom ? immediateOnTime(cal, r.clockFrom, r.completedAt) : r.onTime;
  return !r.promisedOn || chinaDate(r.completedAt) <= r.promisedOn;
}

/**
 * Every window case of these centers received or completed in the scope's range (each once): the facts layer
 * counts those received by type and outcome, those completed for on-time rates and ratings.
 */
export async function caseFacts(scope: CaseFactScope): Promise<WindowCaseFact[]> {
  const centers = [...new Set(scope.centerIds)];
  if (!centers.length) return [];
  const range = { $gte: scope.start, $lt: scope.end };
  const [received, completed] = await Promise.all([
    WindowCase.find({ centerKey: { $in: centers }, $or: [{ receivedAt: range }, { receivedAt: null, createdAt: range }] }, FACT_FIELDS).lean(),
    WindowCase.find({ centerKey: { $in: centers }, completedAt: range }, FACT_FIELDS).lean(),
  ]);
  const rows = new Map<string, FactRow>();
  for (const r of [...received, ...completed] as unknown as FactRow[]) rows.set(String(r._id), r);
  const calendars = new Map<string, WorkingCalendar>();
  const facts: WindowCaseFact[] = [];
  for (const [id, r] of rows) {
    if (!calendars.has(r.centerKey)) calendars.set(r.centerKey, await calendarFor(r.centerKey));
    facts.push({
      id,
      centerId: r.centerKey,
      windowId: r.windowId ? String(r.windowId) : null,
      staffId: r.staffKey,
      type: r.type,
      outcome: r.state === 'completed' ? 'completed' : r.state === 'refused' ? 'refused' : 'open',
      supplemented: (r.firstNotice ?? []).length > 0,
      receivedAt: r.receivedAt ?? r.createdAt,
      completedAt: r.completedAt ?? null,
      promisedDate: r.promisedOn ?? null,
      onTime: onTimeOf(calendars.get(r.centerKey)!, r),
    });
  }
  return facts;
}

/**
 * Which window-case lapse a lapse id is, by the ids this module records (`case-deadline:<case>:<k>` per working
 * day overdue, `case-notice:<case>:<seq>` per 一次性告知 breach); null for any other lapse.
 */
export function caseLapseKind(lapseId: string): 'overdue' | 'breach' | null {
  if (lapseId.startsWith('case-deadline:')) return 'overdue';
  if (lapseId.startsWith('case-notice:')) return 'breach';
  return null;
}

/** The rating id of a window case (subject `window_case`), as the evaluations module stores it. */
export const caseRatingId = (caseId: string) => `window_case:${caseId}`;
