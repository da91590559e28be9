import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { chinaDate, h5Path } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { settingsFor } from '../centers';
import { windowCaseForRating, windowCaseOwnedBy } from '../cases';
import { Rating, RatingCard } from './evaluation.model';

/**
 * Ratings of window cases (窗口办件, issue 9): every citizen served at a window is rated once (一次一评) through the
 * single-use card issued at 办结 and printed on the 办结单. The rating counts for the case's window and receiving
 * staff member; the rating period and the 差评 flow are the same as for bookings.
 */

const DAY_MS = 86_400_000;

/**
 * The served record behind a window-case rating. Cases carry no account: its owner is the signed-in citizen
 * (`claimant`) whose phone is the applicant's (我的办件), otherwise nobody (rated by card only).
 */
export async function windowCaseServed(id: string, claimant: string | null = null) {
  const c = await windowCaseForRating(id);
  if (!c) return null;
  if (!c.finished || !c.completedAt) throw new AppError('CONFLICT', '办结后才能评价');
  const ownerId = claimant && (await windowCaseOwnedBy(id, claimant)) ? claimant : '';
  return { ownerId, servedAt: c.completedAt, centerId: c.centerId, itemId: c.itemId, itemName: c.itemName, windowId: c.windowId, staffId: c.staffId, agentId: null };
}

/** Issue the card of a case just finished; `url` is the H5 rating page its QR opens. */
export async function issueWindowCaseCard(caseId: string, centerId: string, servedAt: Date, issuedBy: string): Promise<{ token: string; url: string; until: string }> {
  const days = (await settingsFor(centerId)).evaluation.ratingPeriodDays;
  const token = randomBytes(16).toString('base64url');
  const expiresAt = new Date(servedAt.getTime() + days * DAY_MS);
  await RatingCard.create({ _id: token, kind: 'window_case', subjectId: new Types.ObjectId(caseId), issuedBy: new Types.ObjectId(issuedBy), expiresAt });
  return { token, url: h5Path('rate', { card: token }), until: chinaDate(expiresAt) };
}

/** Has this case been rated? (by the rating's deterministic id) */
export async function windowCaseRated(caseId: string): Promise<boolean> {
  return !!(await Rating.exists({ _id: `window_case:${caseId}` }));
}
