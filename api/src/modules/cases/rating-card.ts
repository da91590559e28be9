import type { Actor } from '../../http/auth';
import type { CaseRow, RatingCardView, Viewer } from './cases.presenter';

/**
 * The single-use rating card issued at 办结 (一次一评): its link is printed as a QR on the 办结单 and the citizen
 * rates from 我的办件. Issued through the evaluations module; null while that module cannot rate window cases.
 */
export async function issueRatingCard(_row: CaseRow, _actor: Actor, _now: Date): Promise<{ token: string; path: string } | null> {
  return null;
}

/** The card of a finished case as this viewer may see it (the link only for the handling staff and the citizen). */
export async function ratingCardOf(_row: CaseRow, _viewer: Viewer): Promise<RatingCardView | null> {
  return null;
}
