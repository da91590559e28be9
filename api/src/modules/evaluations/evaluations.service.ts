import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { RECTIFICATION_STEPS, chinaDate, isBadRating, type TRating, type TRatingCreate } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { assertManages, getCenterOr404 } from '../centers/centers.service';
import { Center } from '../centers/center.model';
import { calendarFor } from '../calendar/calendar.service';
import { User } from '../auth/auth.model';
import { Booking, BookingEvent } from '../bookings/booking.model';
import { Delegation } from '../delegations/delegation.model';
import { Lapse, QueueTicket } from '../queue/queue.model';
import { Appeal, Rating, RatingCard, Rectification, RectificationEvent } from './evaluation.model';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
/** A record not rated within this many days counts as not rated (never a made-up rating). */
export const RATING_PERIOD_DAYS = 7;
/** 差评: follow-up contact within 1 working day, rectification and reply within 5 (defaults). */
export const CONTACT_DAYS = 1;
export const RECTIFY_DAYS = 5;

type Subject = { kind: 'booking' | 'case'; id: string };
interface Served {
  ownerId: string | null;
  servedAt: Date;
  centerId: Types.ObjectId;
  itemId: Types.ObjectId;
  itemName: string;
  windowId: Types.ObjectId | null;
  staffId: Types.ObjectId | null;
  agentId: Types.ObjectId | null;
}

/** The served record behind a rating; who served it comes from the record itself. */
async function servedRecord(s: Subject): Promise<Served | null> {
  if (s.kind === 'booking') {
    const b = await Booking.findById(s.id).lean();
    if (!b) return null;
    if (b.status !== 'served') throw new AppError('CONFLICT', '办结后才能评价');
    const served = await BookingEvent.findOne({ bookingId: b._id, type: 'served' }).lean();
    const ticket = b.ticketId ? await QueueTicket.findById(b.ticketId, { calledBy: 1 }).lean() : null;
    return { ownerId: String(b.userId), servedAt: served?.createdAt ?? b.updatedAt, centerId: b.centerId, itemId: b.itemId, itemName: b.itemName, windowId: b.windowId, staffId: ticket?.calledBy ?? null, agentId: null };
  }
  const c = await Delegation.findById(s.id).lean();
  if (!c) return null;
  if (!['completed', 'followed_up'].includes(c.state)) throw new AppError('CONFLICT', '办结后才能评价');
  return {
    ownerId: c.citizenId ? String(c.citizenId) : String(c.requestedBy),
    servedAt: new Date(`${c.completedOn ?? chinaDate(c.updatedAt)}T00:00:00+08:00`),
    centerId: c.centerId,
    itemId: c.itemId,
    itemName: c.itemName,
    windowId: null,
    staffId: null,
    agentId: c.agentId ?? null,
  };
}

export function createEvaluationService() {
  async function present(ratingId: string, viewer: 'rater' | 'staff'): Promise<TRating & { raterPhone?: string }> {
    const r = await Rating.findById(ratingId).lean();
    if (!r) throw AppError.notFound('评价');
    const [rect, events, appeal] = await Promise.all([
      Rectification.findById(ratingId).lean(),
      RectificationEvent.find({ rectificationId: ratingId }).lean(),
      Appeal.findById(ratingId).lean(),
    ]);
    const rater = viewer === 'staff' && r.raterId && isBadRating(r.level) ? await User.findById(r.raterId, { phone: 1 }).lean() : null;
    return {
      id: String(r._id),
      subject: { kind: r.kind as Subject['kind'], id: String(r.subjectId) },
      level: r.level as TRating['level'],
      dims: r.dims as TRating['dims'],
      ...(r.comment ? { comment: r.comment } : {}),
      channel: r.channel as TRating['channel'],
      itemName: r.itemName,
      centerId: String(r.centerId),
      ratedAt: r.createdAt.toISOString(),
      excluded: r.excluded,
      ...(rect
        ? {
            rectification: {
              status: rect.status as NonNullable<TRating['rectification']>['status'],
              contactDue: rect.contactDue,
              rectifyDue: rect.rectifyDue,
              steps: events.sort((a, b) => a.seq - b.seq).map((e) => ({ action: e.action, note: e.note, at: e.createdAt.toISOString() })),
              ...(rect.citizenSatisfied !== null && rect.citizenSatisfied !== undefined ? { citizenSatisfied: rect.citizenSatisfied } : {}),
            },
          }
        : {}),
      ...(appeal ? { appeal: { status: appeal.status as 'pending' | 'upheld' | 'rejected', reason: appeal.reason, ...(appeal.decisionReason ? { decisionReason: appeal.decisionReason } : {}) } } : {}),
      // Real-name 差评 need a follow-up call: the center's staff see the rater's number.
      ...(rater?.phone ? { raterPhone: rater.phone } : {}),
    };
  }

  async function record(subject: Subject, raterId: string | null, channel: 'online' | 'card', input: Omit<TRatingCreate, 'subject'>, now: Date) {
    const served = await servedRecord(subject);
    if (!served || (raterId && served.ownerId !== raterId)) throw AppError.notFound('可评价的记录');
    if (now.getTime() - served.servedAt.getTime() > RATING_PERIOD_DAYS * 86_400_000) {
      throw new AppError('CONFLICT', `已超过评价期限（办结后${RATING_PERIOD_DAYS}天），该次服务计为未评价`);
    }
    const id = `${subject.kind}:${subject.id}`;
    try {
      await Rating.create({
        _id: id,
        kind: subject.kind,
        subjectId: oid(subject.id),
        raterId: raterId ? oid(raterId) : null,
        channel,
        level: input.level,
        dims: input.dims,
        comment: input.comment ?? '',
        centerId: served.centerId,
        centerKey: String(served.centerId),
        itemId: served.itemId,
        itemName: served.itemName,
        windowId: served.windowId,
        staffId: served.staffId,
        agentId: served.agentId,
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('CONFLICT', '这次服务已经评价过了（一次一评）');
      throw err;
    }
    if (isBadRating(input.level)) {
      const cal = await calendarFor(String(served.centerId));
      const today = chinaDate(now);
      const rules = (await Center.findById(served.centerId, { evaluationRules: 1 }).lean())?.evaluationRules as { contactDays?: number; rectifyDays?: number } | null;
      await Rectification.create({
        _id: id,
        centerId: served.centerId,
        centerKey: String(served.centerId),
        status: 'open',
        contactDue: cal.addWorkingDays(today, rules?.contactDays ?? CONTACT_DAYS),
        rectifyDue: cal.addWorkingDays(today, rules?.rectifyDays ?? RECTIFY_DAYS),
        seq: 0,
      });
    }
    return id;
  }

  async function forStaff(actor: Actor, ratingId: string) {
    const r = await Rating.findById(ratingId).lean();
    if (!r) throw AppError.notFound('评价');
    await assertManages(actor, String(r.centerId));
    return r;
  }

  async function lapseIfLate(rectId: string, r: { centerId: Types.ObjectId; staffId?: Types.ObjectId | null; subjectId: Types.ObjectId }, kind: 'contact' | 'reply', due: string, today: string) {
    if (today <= due) return;
    await Lapse.create({ _id: `rating-${kind}:${rectId}`, kind: 'deadline', centerId: r.centerId, staffId: r.staffId ?? null, subjectId: r.subjectId, date: today, detail: `差评${kind === 'contact' ? '回访' : '整改答复'}超期（应于${due}前）` }).catch((err) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }

  return {
    async rate(actor: Actor, input: TRatingCreate, now = new Date()) {
      const { subject, ...rest } = input;
      return present(await record(subject, actor.id, 'online', rest, now), 'rater');
    },

    /** Issue a single-use card for a served record (printed on the receipt or shown on a kiosk). */
    async issueCard(actor: Actor, subject: Subject) {
      const served = await servedRecord(subject);
      if (!served) throw AppError.notFound('记录');
      await assertManages(actor, String(served.centerId));
      const token = randomBytes(16).toString('base64url');
      await RatingCard.create({ _id: token, kind: subject.kind, subjectId: oid(subject.id), issuedBy: oid(actor.id), expiresAt: new Date(served.servedAt.getTime() + RATING_PERIOD_DAYS * 86_400_000) });
      return { token, path: `/pages/rate/index?card=${token}` };
    },

    async rateByCard(input: { token: string } & Omit<TRatingCreate, 'subject'>, now = new Date()) {
      const card = await RatingCard.findById(input.token).lean();
      if (!card || card.expiresAt < now) throw new AppError('NOT_FOUND', '评价码无效或已过期');
      const { token: _t, ...rest } = input;
      return present(await record({ kind: card.kind as Subject['kind'], id: String(card.subjectId) }, null, 'card', rest, now), 'rater');
    },

    async mine(actor: Actor) {
      const rows = await Rating.find({ raterId: oid(actor.id) }, { _id: 1 }).sort({ createdAt: -1 }).limit(200).lean();
      return { items: await Promise.all(rows.map((r) => present(String(r._id), 'rater'))) };
    },

    async getForRater(actor: Actor, id: string) {
      const r = await Rating.findById(id, { raterId: 1 }).lean();
      if (!r || String(r.raterId) !== actor.id) throw AppError.notFound('评价');
      return present(id, 'rater');
    },

    async centerRatings(actor: Actor, onlyBad: boolean) {
      if (!actor.centerId) throw new AppError('FORBIDDEN');
      const rows = await Rating.find({ centerKey: actor.centerId, ...(onlyBad ? { level: { $lte: 2 } } : {}) }, { _id: 1 }).sort({ createdAt: -1 }).limit(500).lean();
      return { items: await Promise.all(rows.map((r) => present(String(r._id), 'staff'))) };
    },

    /** The next step of putting a 差评 right, in order: contact → verify → rectify → reply. */
    async rectify(actor: Actor, id: string, action: (typeof RECTIFICATION_STEPS)[number], note: string, now = new Date()) {
      const r = await forStaff(actor, id);
      const rect = await Rectification.findById(id).lean();
      if (!rect) throw new AppError('CONFLICT', '该评价不是差评，无需整改');
      const expected = rect.status === 'open' ? RECTIFICATION_STEPS[0] : RECTIFICATION_STEPS[RECTIFICATION_STEPS.indexOf(rect.status as never) + 1];
      if (action !== expected) throw new AppError('CONFLICT', expected ? `下一步应为“${expected}”` : '整改已完成，等待群众反馈', undefined, { status: rect.status });
      try {
        await RectificationEvent.create({ rectificationId: id, seq: rect.seq + 1, action, note, actorId: oid(actor.id) });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该差评刚刚被他人处理，请刷新');
        throw err;
      }
      await Rectification.updateOne({ _id: id }, { $set: { status: action, seq: rect.seq + 1 } });
      const today = chinaDate(now);
      if (action === 'contact') await lapseIfLate(id, r, 'contact', rect.contactDue, today);
      if (action === 'reply') await lapseIfLate(id, r, 'reply', rect.rectifyDue, today);
      return present(id, 'staff');
    },

    /** The citizen says whether the outcome satisfies them; this closes the rectification. */
    async feedback(actor: Actor, id: string, satisfied: boolean, note?: string) {
      const r = await Rating.findById(id, { raterId: 1 }).lean();
      if (!r || String(r.raterId) !== actor.id) throw AppError.notFound('评价');
      const rect = await Rectification.findById(id).lean();
      if (!rect || rect.status !== 'reply') throw new AppError('CONFLICT', '收到整改答复后才能反馈');
      try {
        await RectificationEvent.create({ rectificationId: id, seq: rect.seq + 1, action: satisfied ? 'citizen_satisfied' : 'citizen_unsatisfied', note: note ?? '', actorId: oid(actor.id) });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('CONFLICT', '已反馈');
        throw err;
      }
      await Rectification.updateOne({ _id: id }, { $set: { status: 'closed', citizenSatisfied: satisfied, seq: rect.seq + 1 } });
      return present(id, 'rater');
    },

    async appeal(actor: Actor, id: string, reason: string) {
      const r = await forStaff(actor, id);
      try {
        await Appeal.create({ _id: id, centerId: r.centerId, reason, appellantId: oid(actor.id) });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该评价已申诉过');
        throw err;
      }
      return present(id, 'staff');
    },

    /** An admin decides an appeal in writing; upheld → the rating stays on record but leaves the scores. */
    async decideAppeal(actor: Actor, id: string, decision: 'upheld' | 'rejected', reason: string) {
      const appeal = await Appeal.findById(id).lean();
      if (!appeal) throw AppError.notFound('申诉');
      await assertManages(actor, String(appeal.centerId), { adminOnly: true });
      if (String(appeal.appellantId) === actor.id) throw new AppError('FORBIDDEN', '申诉人不能复核自己的申诉');
      if (appeal.status !== 'pending') throw new AppError('CONFLICT', '该申诉已复核');
      await Appeal.updateOne({ _id: id, status: 'pending' }, { $set: { status: decision, decidedBy: oid(actor.id), decisionReason: reason } });
      if (decision === 'upheld') await Rating.updateOne({ _id: id }, { $set: { excluded: true } });
      return present(id, 'staff');
    },

    /** A center's 差评 limits (provinces set 5 to 15 working days for rectification). */
    async setRules(actor: Actor, centerId: string, rules: { contactDays: number; rectifyDays: number }) {
      await getCenterOr404(centerId);
      await assertManages(actor, centerId, { adminOnly: true });
      await Center.updateOne({ _id: oid(centerId) }, { $set: { evaluationRules: rules } });
      return rules;
    },

    /** Sweep: 差评 not contacted or not answered in time count a lapse each (once). */
    async sweepOverdue(now = new Date()) {
      const today = chinaDate(now);
      const open = await Rectification.find({ status: { $ne: 'closed' } }).lean();
      for (const rect of open) {
        const r = await Rating.findById(rect._id, { staffId: 1, centerId: 1, subjectId: 1 }).lean();
        if (!r) continue;
        if (rect.status === 'open') await lapseIfLate(String(rect._id), r, 'contact', rect.contactDue, today);
        if (rect.status !== 'reply') await lapseIfLate(String(rect._id), r, 'reply', rect.rectifyDue, today);
      }
      return open.length;
    },
  };
}
export type EvaluationService = ReturnType<typeof createEvaluationService>;
