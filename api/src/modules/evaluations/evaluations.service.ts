import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { RATING_LEVELS, RECTIFICATION_STEPS, isBadRating, miniappPath, type TEvaluationRules, type TRating, type TRatingCard, type TRatingCreate } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { CenterScope } from '../../http/policy';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findCenter, settingsFor, writeSettings } from '../centers';
import { findServedBooking } from '../bookings';
import { caseForRating } from '../delegations';
import { markDirty } from '../facts';
import { Appeal, Rating, RatingCard } from './evaluation.model';
import { evaluationPolicy, type RatingScope } from './evaluations.policy';
import { presentRating } from './evaluations.presenter';
import { windowCaseServed } from './window-cases';
import { closeWithFeedback, openRectification, sweepOverdueRectifications, takeStep } from './rectification';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
const DAY_MS = 86_400_000;
/** 差评 levels, from the one definition in shared. */
const BAD_LEVELS = RATING_LEVELS.filter(isBadRating);

type Subject = { kind: 'booking' | 'case' | 'window_case'; id: string };
type Served = { ownerId: string; servedAt: Date; centerId: string; itemId: string; itemName: string; windowId: string | null; staffId: string | null; agentId: string | null };

/** The served record behind a rating; who served it comes from the record itself, never from the citizen. */
async function servedRecord(s: Subject, claimant: string | null = null): Promise<Served | null> {
  if (s.kind === 'window_case') return windowCaseServed(s.id, claimant);
  if (s.kind === 'booking') {
    const b = await findServedBooking(s.id);
    if (!b) return null;
    if (b.status !== 'served' || !b.servedAt) throw new AppError('CONFLICT', '办结后才能评价');
    return { ownerId: b.ownerId, servedAt: b.servedAt, centerId: b.centerId, itemId: b.itemId, itemName: b.itemName, windowId: b.windowId, staffId: b.staffId, agentId: null };
  }
  const c = await caseForRating(s.id);
  if (!c) return null;
  if (!c.finished) throw new AppError('CONFLICT', '办结后才能评价');
  return { ...c, windowId: null, staffId: null };
}

/** A center as policies see it; an unknown center is nobody's to manage. */
async function centerScope(centerId: string): Promise<CenterScope> {
  const c = await findCenter(String(centerId));
  return { centerId: String(centerId), ancestors: c?.ancestors ?? [] };
}

async function ratingScope(r: { _id: unknown; centerId: unknown; raterId?: unknown }): Promise<RatingScope> {
  const appeal = await Appeal.findById(String(r._id), { appellantId: 1 }).lean();
  return { ...(await centerScope(String(r.centerId))), raterId: r.raterId ? String(r.raterId) : null, appellantId: appeal ? String(appeal.appellantId) : null };
}

/** The rating period (days after service) of the center that served the record. */
async function ratingPeriodDays(centerId: string): Promise<number> {
  return (await settingsFor(centerId)).evaluation.ratingPeriodDays;
}

/** Store one rating (一次一评: _id = `<kind>:<record>`); a 差评 opens its rectification. */
async function record(subject: Subject, signedIn: string | null, channel: 'online' | 'card', input: Omit<TRatingCreate, 'subject'>, now: Date): Promise<string> {
  const served = await servedRecord(subject, signedIn);
  if (!served || (channel === 'online' && served.ownerId !== signedIn)) throw AppError.notFound('可评价的记录');
  // A card rated by a signed-in owner (我的办件) names them as the rater, so the 差评 feedback step is theirs.
  const raterId = signedIn && served.ownerId === signedIn ? signedIn : null;
  const days = await ratingPeriodDays(served.centerId);
  if (now.getTime() - served.servedAt.getTime() > days * DAY_MS) throw new AppError('CONFLICT', `已超过评价期限（办结后${days}天），该次服务计为未评价`);
  const id = `${subject.kind}:${subject.id}`;
  const nullableOid = (v: string | null) => (v ? oid(v) : null);
  try {
    await Rating.create({
      _id: id,
      kind: subject.kind,
      subjectId: oid(subject.id),
      raterId: nullableOid(raterId),
      channel,
      level: input.level,
      dims: input.dims,
      comment: input.comment ?? '',
      centerId: oid(served.centerId),
      centerKey: served.centerId,
      itemId: oid(served.itemId),
      itemName: served.itemName,
      windowId: nullableOid(served.windowId),
      staffId: nullableOid(served.staffId),
      agentId: nullableOid(served.agentId),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '这次服务已经评价过了（一次一评）');
    throw err;
  }
  if (isBadRating(input.level)) await openRectification(id, served.centerId, now);
  await markDirty(served.centerId, served.servedAt);
  return id;
}

/** Load a rating and check that the actor may take `action` on it. */
async function authorizedRating(actor: Actor, id: string, action: 'view' | 'feedback' | 'rectify' | 'appeal') {
  const r = await Rating.findById(id, { centerId: 1, raterId: 1, staffId: 1, subjectId: 1 }).lean();
  if (!r) throw AppError.notFound('评价');
  const scope = await ratingScope(r);
  // A rating is private to its rater: to anyone else a citizen's rating does not exist.
  if ((action === 'view' || action === 'feedback') && !evaluationPolicy.can(actor, action, scope)) throw AppError.notFound('评价');
  evaluationPolicy.authorize(actor, action, scope, '无权管理该服务中心的数据');
  return r;
}

async function rate(actor: Actor, input: TRatingCreate, now = new Date()): Promise<TRating> {
  const { subject, ...rest } = input;
  return presentRating(await record(subject, actor.id, 'online', rest, now), 'rater');
}

/** Issue a single-use card for a served record (printed on the receipt or shown on a kiosk). */
async function issueCard(actor: Actor, subject: Subject): Promise<TRatingCard> {
  const served = await servedRecord(subject);
  if (!served) throw AppError.notFound('记录');
  evaluationPolicy.authorize(actor, 'issueCard', { ...(await centerScope(served.centerId)), raterId: null, appellantId: null }, '无权管理该服务中心的数据');
  const token = randomBytes(16).toString('base64url');
  const expiresAt = new Date(served.servedAt.getTime() + (await ratingPeriodDays(served.centerId)) * DAY_MS);
  await RatingCard.create({ _id: token, kind: subject.kind, subjectId: oid(subject.id), issuedBy: oid(actor.id), expiresAt });
  return { token, path: miniappPath('rate', { card: token }) };
}

async function rateByCard(input: { token: string } & Omit<TRatingCreate, 'subject'>, now = new Date(), actor?: Actor): Promise<TRating> {
  const card = await RatingCard.findById(input.token).lean();
  if (!card || card.expiresAt < now) throw new AppError('NOT_FOUND', '评价码无效或已过期');
  const { token: _t, ...rest } = input;
  return presentRating(await record({ kind: card.kind as Subject['kind'], id: String(card.subjectId) }, actor?.role === 'citizen' ? actor.id : null, 'card', rest, now), 'rater');
}

async function mine(actor: Actor): Promise<{ items: TRating[] }> {
  const rows = await Rating.find({ raterId: oid(actor.id) }, { _id: 1 }).sort({ createdAt: -1 }).limit(200).lean();
  return { items: await Promise.all(rows.map((r) => presentRating(String(r._id), 'rater'))) };
}

async function getForRater(actor: Actor, id: string): Promise<TRating> {
  await authorizedRating(actor, id, 'view');
  return presentRating(id, 'rater');
}

/** The ratings of the center the actor works at (only 差评 when `onlyBad`). */
async function centerRatings(actor: Actor, onlyBad: boolean): Promise<{ items: TRating[] }> {
  const scope = await centerScope(actor.centerId ?? '');
  evaluationPolicy.authorize(actor, 'listCenter', { ...scope, raterId: null, appellantId: null });
  const filter = { centerKey: actor.centerId, ...(onlyBad ? { level: { $in: BAD_LEVELS } } : {}) };
  const rows = await Rating.find(filter, { _id: 1 }).sort({ createdAt: -1 }).limit(500).lean();
  return { items: await Promise.all(rows.map((r) => presentRating(String(r._id), 'staff'))) };
}

/** The next step of putting a 差评 right, in order: contact → verify → rectify → reply. */
async function rectify(actor: Actor, id: string, action: (typeof RECTIFICATION_STEPS)[number], note: string, now = new Date()): Promise<TRating> {
  const r = await authorizedRating(actor, id, 'rectify');
  await takeStep(r, id, action, note, actor.id, now);
  // 回访 began / 答复 given change the rectification figures the rollups hold for the rating's days.
  if (action === 'contact' || action === 'reply') await rerollRatingDays(id);
  return presentRating(id, 'staff');
}

/** The citizen says whether the outcome satisfies them; this closes the rectification. */
async function feedback(actor: Actor, id: string, satisfied: boolean, note?: string): Promise<TRating> {
  await authorizedRating(actor, id, 'feedback');
  await closeWithFeedback(id, satisfied, note ?? '', actor.id);
  return presentRating(id, 'rater');
}

async function appeal(actor: Actor, id: string, reason: string): Promise<TRating> {
  const r = await authorizedRating(actor, id, 'appeal');
  try {
    await Appeal.create({ _id: id, centerId: r.centerId, reason, appellantId: oid(actor.id) });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该评价已申诉过');
    throw err;
  }
  return presentRating(id, 'staff');
}

/** A rating left the scores (or its rectification moved on): the day it was given and the day of the record it rated are rolled again. */
async function rerollRatingDays(id: string): Promise<void> {
  const r = await Rating.findById(id, { kind: 1, subjectId: 1, centerKey: 1, createdAt: 1 }).lean();
  const served = r ? await servedRecord({ kind: r.kind, id: String(r.subjectId) } as Subject).catch(() => null) : null;
  if (r) await Promise.all([markDirty(r.centerKey, r.createdAt), ...(served ? [markDirty(served.centerId, served.servedAt)] : [])]);
}

/** An admin decides an appeal in writing; upheld → the rating stays on record but leaves the scores. */
async function decideAppeal(actor: Actor, id: string, decision: 'upheld' | 'rejected', reason: string): Promise<TRating> {
  const appeal = await Appeal.findById(id).lean();
  if (!appeal) throw AppError.notFound('申诉');
  const scope: RatingScope = { ...(await centerScope(String(appeal.centerId))), raterId: null, appellantId: String(appeal.appellantId) };
  const own = evaluationPolicy.rules.decideAppeal(actor, { ...scope, appellantId: null });
  evaluationPolicy.authorize(actor, 'decideAppeal', scope, own ? '申诉人不能复核自己的申诉' : '无权管理该服务中心的数据');
  if (appeal.status !== 'pending') throw new AppError('CONFLICT', '该申诉已复核');
  await Appeal.updateOne({ _id: id, status: 'pending' }, { $set: { status: decision, decidedBy: oid(actor.id), decisionReason: reason } });
  if (decision === 'upheld') await Rating.updateOne({ _id: id }, { $set: { excluded: true } });
  if (decision === 'upheld') await rerollRatingDays(id);
  return presentRating(id, 'staff');
}

/** A center's 差评 limits (provinces set 5 to 15 working days for rectification), stored in its settings. */
async function setRules(actor: Actor, centerId: string, rules: TEvaluationRules): Promise<TEvaluationRules> {
  const view = await writeSettings(actor, centerId, { evaluation: rules });
  return { contactDays: view.settings.evaluation.contactDays, rectifyDays: view.settings.evaluation.rectifyDays };
}

/** Sweep: 差评 not contacted or not answered in time count a lapse each (once). */
function sweepOverdue(now = new Date()) {
  return sweepOverdueRectifications(now);
}

/** The use cases, as the app wires them. */
export function createEvaluationService() {
  return { rate, issueCard, rateByCard, mine, getForRater, centerRatings, rectify, feedback, appeal, decideAppeal, setRules, sweepOverdue };
}
export type EvaluationService = ReturnType<typeof createEvaluationService>;
