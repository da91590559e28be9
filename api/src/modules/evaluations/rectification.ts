import { Types } from 'mongoose';
import { RECTIFICATION_STEPS, RECTIFICATION_STEP_LABELS, chinaDate } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { settingsFor } from '../centers';
import { calendarFor } from '../calendar';
import { recordLapse } from '../queue';
import { Rating, Rectification, RectificationEvent } from './evaluation.model';

/**
 * Putting a 差评 right (差评整改): opened when the rating is stored, then 回访 → 核实 → 整改 → 答复, closed by the
 * citizen's feedback. Each step is an appended event with a unique (rectification, seq): two racing steps cannot both
 * apply. A step taken after its deadline, or a deadline the sweep finds passed, counts one lapse (once).
 */

type RectStep = (typeof RECTIFICATION_STEPS)[number];
type RatedRecord = { centerId: Types.ObjectId | string; staffId?: Types.ObjectId | string | null; subjectId: Types.ObjectId | string };

/** Open the rectification of a new 差评, with the center's 回访 and 整改 limits counted in working days. */
export async function openRectification(ratingId: string, centerId: string, now: Date): Promise<void> {
  const [cal, { evaluation }] = await Promise.all([calendarFor(centerId), settingsFor(centerId)]);
  const today = chinaDate(now);
  await Rectification.create({
    _id: ratingId,
    centerId: new Types.ObjectId(centerId),
    centerKey: centerId,
    status: 'open',
    contactDue: cal.addWorkingDays(today, evaluation.contactDays),
    rectifyDue: cal.addWorkingDays(today, evaluation.rectifyDays),
    seq: 0,
  });
}

async function lapseIfLate(rectId: string, r: RatedRecord, kind: 'contact' | 'reply', due: string, today: string) {
  if (today <= due) return;
  await recordLapse({
    kind: 'deadline',
    id: `rating-${kind}:${rectId}`,
    centerId: String(r.centerId),
    staffId: r.staffId ? String(r.staffId) : null,
    subjectId: String(r.subjectId),
    date: today,
    detail: `差评${kind === 'contact' ? '回访' : '整改答复'}超期（应于${due}前）`,
  });
}

/** The step expected after `status`, or undefined once the reply is given. */
function expectedStep(status: string): RectStep | undefined {
  return status === 'open' ? RECTIFICATION_STEPS[0] : RECTIFICATION_STEPS[RECTIFICATION_STEPS.indexOf(status as RectStep) + 1];
}

async function append(id: string, seq: number, action: string, note: string, actorId: string, conflict: string) {
  try {
    await RectificationEvent.create({ rectificationId: id, seq, action, note, actorId: new Types.ObjectId(actorId) });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', conflict);
    throw err;
  }
}

/** The next step, in order; a late 回访 or 答复 counts a lapse. */
export async function takeStep(r: RatedRecord, id: string, action: RectStep, note: string, actorId: string, now: Date): Promise<void> {
  const rect = await Rectification.findById(id).lean();
  if (!rect) throw new AppError('CONFLICT', '该评价不是差评，无需整改');
  const expected = expectedStep(rect.status);
  if (action !== expected) {
    // The message names the step for people; programs read the step key from `expected`.
    const message = expected ? `下一步应为“${RECTIFICATION_STEP_LABELS[expected]}”` : '整改已完成，等待群众反馈';
    throw new AppError('CONFLICT', message, undefined, { status: rect.status, ...(expected ? { expected } : {}) });
  }
  await append(id, rect.seq + 1, action, note, actorId, '该差评刚刚被他人处理，请刷新');
  await Rectification.updateOne({ _id: id }, { $set: { status: action, seq: rect.seq + 1 } });
  const today = chinaDate(now);
  if (action === 'contact') await lapseIfLate(id, r, 'contact', rect.contactDue, today);
  if (action === 'reply') await lapseIfLate(id, r, 'reply', rect.rectifyDue, today);
}

/** The citizen says whether the outcome satisfies them; this closes the rectification. */
export async function closeWithFeedback(id: string, satisfied: boolean, note: string, actorId: string): Promise<void> {
  const rect = await Rectification.findById(id).lean();
  if (!rect || rect.status !== 'reply') throw new AppError('CONFLICT', '收到整改答复后才能反馈');
  await append(id, rect.seq + 1, satisfied ? 'citizen_satisfied' : 'citizen_unsatisfied', note, actorId, '已反馈');
  await Rectification.updateOne({ _id: id }, { $set: { status: 'closed', citizenSatisfied: satisfied, seq: rect.seq + 1 } });
}

/** Sweep: 差评 not contacted or not answered in time count a lapse each (once). */
export async function sweepOverdueRectifications(now: Date): Promise<number> {
  const today = chinaDate(now);
  const open = await Rectification.find({ status: { $ne: 'closed' } }).lean();
  for (const rect of open) {
    const r = await Rating.findById(rect._id, { staffId: 1, centerId: 1, subjectId: 1 }).lean();
    if (!r) continue;
    if (rect.status === 'open') await lapseIfLate(String(rect._id), r, 'contact', rect.contactDue, today);
    if (rect.status !== 'reply') await lapseIfLate(String(rect._id), r, 'reply', rect.rectifyDue, today);
  }
  return open.length;
}
