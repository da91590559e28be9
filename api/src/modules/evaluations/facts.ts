import { chinaDate } from '@bianmin/shared';
import { Rating, Rectification } from './evaluation.model';

/** Ratings as facts for scorecards and reports: plain objects, string ids. Read-only. */

/** A rating that counts (an upheld appeal takes it out). `id` is `booking:<id>` or `case:<id>`. */
export interface RatingFact {
  id: string;
  level: number;
  centerId: string;
  windowId: string | null;
  staffId: string | null;
  agentId: string | null;
  /** China date the rating was given. */
  day: string;
}

const str = (v: unknown) => (v ? String(v) : null);

/** Counted ratings of these centers given in [start, end). */
export async function ratingFacts(centerIds: readonly string[], start: Date, end: Date): Promise<RatingFact[]> {
  const rows = (
    await Promise.all(centerIds.map((k) => Rating.find({ centerKey: k, excluded: { $ne: true }, createdAt: { $gte: start, $lt: end } }, { level: 1, centerKey: 1, windowId: 1, staffId: 1, agentId: 1, createdAt: 1 }).lean()))
  ).flat();
  return rows.map((r) => ({ id: String(r._id), level: r.level, centerId: r.centerKey, windowId: str(r.windowId), staffId: str(r.staffId), agentId: str(r.agentId), day: chinaDate(r.createdAt) }));
}

/** Where each 差评's rectification stands (by rating id), for the centers given. */
export async function rectificationStatuses(centerIds: readonly string[]): Promise<Map<string, string>> {
  const rows = (await Promise.all(centerIds.map((k) => Rectification.find({ centerKey: k }, { status: 1 }).lean()))).flat();
  return new Map(rows.map((r) => [String(r._id), r.status]));
}

