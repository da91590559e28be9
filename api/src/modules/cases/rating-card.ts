import { issueWindowCaseCard, windowCaseRated } from '../evaluations';
import type { Actor } from '../../http/auth';
import type { CaseRow, RatingCardView, Viewer } from './cases.presenter';

/**
 * The single-use rating card issued at 办结 (一次一评): its link is printed as a QR on the 办结单 and shown in
 * 我的办件, so every citizen served is asked once, booked or walk-in. The rating counts for the case's window and
 * receiving staff member (the evaluations module reads them from the case).
 */
export async function issueRatingCard(row: CaseRow, actor: Actor, now: Date): Promise<{ token: string; url: string; until: string }> {
  return issueWindowCaseCard(String(row._id), row.centerKey, now, actor.id);
}

/**
 * The card of a finished case as this viewer may see it: the link only for the case's center staff and the citizen.
 * `knownRated`: the caller already knows (a card issued this moment is not rated), so nothing is read.
 */
export async function ratingCardOf(row: CaseRow, viewer: Viewer, knownRated?: boolean): Promise<RatingCardView | null> {
  if (!row.ratingToken || !row.ratingUntil || !row.ratingUrl) return null;
  const rated = knownRated ?? (await windowCaseRated(String(row._id)));
  return { ...((viewer.canHandle || viewer.citizen) && !rated ? { url: row.ratingUrl } : {}), rated, until: row.ratingUntil };
}
