import { isBadRating, type TRating } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { userContacts } from '../auth';
import { Appeal, Rating, Rectification, RectificationEvent } from './evaluation.model';

type RectRow = NonNullable<Awaited<ReturnType<typeof loadRect>>>;
type AppealRow = NonNullable<Awaited<ReturnType<typeof loadAppeal>>>;
type EventRow = Awaited<ReturnType<typeof loadEvents>>[number];

const loadRect = (id: string) => Rectification.findById(id).lean();
const loadAppeal = (id: string) => Appeal.findById(id).lean();
const loadEvents = (id: string) => RectificationEvent.find({ rectificationId: id }).lean();

function presentRectification(rect: RectRow, events: EventRow[]): NonNullable<TRating['rectification']> {
  return {
    status: rect.status as NonNullable<TRating['rectification']>['status'],
    contactDue: rect.contactDue,
    rectifyDue: rect.rectifyDue,
    steps: events.sort((a, b) => a.seq - b.seq).map((e) => ({ action: e.action, note: e.note, at: e.createdAt.toISOString() })),
    ...(rect.citizenSatisfied !== null && rect.citizenSatisfied !== undefined ? { citizenSatisfied: rect.citizenSatisfied } : {}),
  };
}

function presentAppeal(a: AppealRow): NonNullable<TRating['appeal']> {
  return { status: a.status as 'pending' | 'upheld' | 'rejected', reason: a.reason, ...(a.decisionReason ? { decisionReason: a.decisionReason } : {}) };
}

/**
 * A rating with its rectification and appeal. Staff of the center also see the number of a real-name 差评's rater,
 * for the follow-up call; the rater never sees anyone else's data.
 */
export async function presentRating(ratingId: string, viewer: 'rater' | 'staff'): Promise<TRating> {
  const r = await Rating.findById(ratingId).lean();
  if (!r) throw AppError.notFound('评价');
  const [rect, events, appeal] = await Promise.all([loadRect(ratingId), loadEvents(ratingId), loadAppeal(ratingId)]);
  const [rater] = viewer === 'staff' && r.raterId && isBadRating(r.level) ? await userContacts([String(r.raterId)]) : [];
  return {
    id: String(r._id),
    subject: { kind: r.kind as TRating['subject']['kind'], id: String(r.subjectId) },
    level: r.level as TRating['level'],
    dims: r.dims as TRating['dims'],
    ...(r.comment ? { comment: r.comment } : {}),
    channel: r.channel as TRating['channel'],
    itemName: r.itemName,
    centerId: String(r.centerId),
    ratedAt: r.createdAt.toISOString(),
    excluded: r.excluded,
    ...(rect ? { rectification: presentRectification(rect, events) } : {}),
    ...(appeal ? { appeal: presentAppeal(appeal) } : {}),
    ...(rater?.phone ? { raterPhone: rater.phone } : {}),
  };
}
