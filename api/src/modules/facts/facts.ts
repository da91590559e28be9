import { chinaInstant } from '@bianmin/shared';
import { findCenter, settingsFor, subtreeIds } from '../centers';
import { bookingFacts, windowNames, type BookingFact } from '../bookings';
import { correctedCaseCount, finishedCaseFacts, openedCaseModes, refusedCaseCount, type FinishedCaseFact } from '../delegations';
import { lapseFacts, type LapseFact } from '../queue';
import { ratingFacts, rectificationStatuses, type RatingFact } from '../evaluations';
import { complaintFacts, type ComplaintFact } from '../complaints';
import { userNames } from '../auth';
import { caseTypesOf } from '../service-items';
import { caseFacts, caseLapseKind, caseRatingId, type WindowCaseFact } from '../cases';
import { periodRange, type Period } from './period';

/**
 * The facts layer: what happened in a center and the centers below it during a period — window cases (办件),
 * served bookings, finished 代办 cases, ratings, complaints, lapses — as plain read-only objects. Scorecards and reports read only this; each
 * fact comes from the module that owns it, through that module's index.
 */
export interface FactScope {
  /** The center asked about and every center below it. */
  centerIds: string[];
  /** China dates, `to` exclusive. */
  from: string;
  to: string;
  /** The same range as instants. */
  start: Date;
  end: Date;
}

export async function factScope(centerId: string, period: Period): Promise<FactScope> {
  const { from, to } = periodRange(period);
  return { centerIds: await subtreeIds(centerId), from, to, start: chinaInstant(from), end: chinaInstant(to) };
}

const DAY_MS = 86_400_000;

/** 窗口办件 received or completed in the period (each once; see WindowCaseFact for what each holds). */
export const windowCases = (s: FactScope): Promise<WindowCaseFact[]> => caseFacts(s);
/** Which window-case lapse a lapse is (overdue day, 一次性告知 breach), null for other lapses. */
export const windowCaseLapse = (l: LapseFact) => caseLapseKind(l.id);
/** The rating id of a window case. */
export const windowCaseRatingId = (caseId: string) => caseRatingId(caseId);

export const servedBookings = (s: FactScope): Promise<BookingFact[]> => bookingFacts(s.centerIds, s.start, s.end);
export const finishedCases = (s: FactScope): Promise<FinishedCaseFact[]> => finishedCaseFacts(s.centerIds, s.from, s.to);
export const openedCases = (s: FactScope) => openedCaseModes(s.centerIds, s.start, s.end);
/** 退办 in the period. */
export const refusedCases = (s: FactScope) => refusedCaseCount(s.centerIds, s.start, s.end);
/** 补办 in the period: cases with a correction notice. */
export const correctedCases = (s: FactScope) => correctedCaseCount(s.centerIds, s.start, s.end);
export const lapses = (s: FactScope): Promise<LapseFact[]> => lapseFacts(s.centerIds, s.from, s.to);
export const complaints = (s: FactScope): Promise<ComplaintFact[]> => complaintFacts(s.centerIds, s.start, s.end);
export const rectifications = (s: FactScope): Promise<Map<string, string>> => rectificationStatuses(s.centerIds);

/** Counted ratings given during the period. */
export const ratingsGiven = (s: FactScope): Promise<RatingFact[]> => ratingFacts(s.centerIds, s.start, s.end);

/**
 * Counted ratings that may rate a record served in the period: given from its start until the longest rating
 * period of these centers after its end (a record served on the last day can still be rated then).
 */
export async function ratingsForPeriod(s: FactScope): Promise<RatingFact[]> {
  const days = Math.max(...(await Promise.all(s.centerIds.map(async (c) => (await settingsFor(c)).evaluation.ratingPeriodDays))), 0);
  return ratingFacts(s.centerIds, s.start, new Date(s.end.getTime() + days * DAY_MS));
}

/** Names for scorecard lines: centers, windows, and people (staff and agents), by id. */
export async function namesOf(ids: { centers: string[]; windows: string[]; people: string[] }): Promise<Map<string, string>> {
  // People by `_id` equality, up to 32 in parallel (`userNames` reads ≤ 32 ids one by one): the lookup the embedded
  // engine makes without decoding every user.
  const [centers, windows, people] = await Promise.all([Promise.all(ids.centers.map((c) => findCenter(c))), windowNames(ids.windows), namesOneByOne(ids.people)]);
  const names = new Map<string, string>(windows);
  for (const c of centers) if (c) names.set(c.id, c.name);
  for (const [id, name] of people) names.set(id, name);
  return names;
}

async function namesOneByOne(ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 32) for (const [k, v] of await userNames(ids.slice(i, i + 32))) out.set(k, v);
  return out;
}

/** 办件类型 of the items given. */
export const caseTypes = (itemIds: string[]) => caseTypesOf(itemIds);

export type { BookingFact, FinishedCaseFact, LapseFact, RatingFact, ComplaintFact, WindowCaseFact };
