import { Types } from 'mongoose';
import { caseDaysLate, chinaDate, reduceWindowCase, type TWindowCaseChange, type TWindowCaseCommand, type WorkingCalendar } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { calendarFor } from '../calendar';
import { markDirty } from '../facts';
import { recordStaffLapse } from '../queue';
import { WindowCase, WindowCaseEvent } from './case.model';
import { casePolicy } from './cases.policy';
import { noticesOf, type NoticeRow } from './numbering';
import type { CaseRow, EventRow, Viewer } from './cases.presenter';
import { issueRatingCard } from './rating-card';
import { invalid, oid, projection, scopeOf, snapshotOf } from './case-row';
import { detail, loadForStaff, notice, type CaseContext } from './context';
import { deadlineLapses } from './sweep';

/** What a use case asks of a transition: the shared command, plus projection fields of its own (e.g. answers). */
export type BuildCommand = (row: CaseRow) => { cmd: TWindowCaseCommand; set?: Record<string, unknown> };

/** The case with its events and notices, read alongside it (harmless if refused: nothing is returned from them). */
function loadWithHistory(actor: Actor, id: string) {
  return Promise.all([
    loadForStaff(actor, id),
    Types.ObjectId.isValid(id) ? (WindowCaseEvent.find({ caseKey: id }).lean() as Promise<EventRow[]>) : Promise.resolve([] as EventRow[]),
    Types.ObjectId.isValid(id) ? noticesOf(id) : Promise.resolve([] as NoticeRow[]),
  ]);
}

/** Append the transition's event under the next seq: a concurrent transition that claimed it first → 409. */
async function appendEvent(row: CaseRow, seq: number, actor: Actor, event: TWindowCaseChange['event']): Promise<EventRow> {
  try {
    return (await WindowCaseEvent.create({ caseKey: String(row._id), seq, type: event.type, actorId: oid(actor.id), data: event.data })).toObject() as unknown as EventRow;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    throw new AppError('CONFLICT', '此件刚刚被他人处理，请刷新后重试');
  }
}

/** The projection fields the transition writes. */
function projectionSet(row: CaseRow, cal: WorkingCalendar, cmd: TWindowCaseCommand, r: TWindowCaseChange, extraSet: Record<string, unknown> | undefined, seq: number, now: Date) {
  const set: Record<string, unknown> = { ...projection(cal, r.next), ...extraSet, version: seq };
  if (cmd.action === 'request_supplement' && r.breach.length) set.breaches = [...new Set([...row.breaches, ...r.breach])];
  if (cmd.action === 'refuse') set.refusal = { reason: cmd.reason, legalBasis: cmd.legalBasis };
  if (cmd.action === 'complete') {
    Object.assign(set, { result: cmd.result, delivery: cmd.delivery, onTime: r.onTime ?? null, minutes: r.minutes ?? null, completedAt: now });
  }
  return set;
}

/** The numbered notice a transition issues; at 办结 it also issues the 评议卡 (written into `set` and `next`). */
async function transitionNotice(ctx: CaseContext, actor: Actor, viewer: Viewer, cmd: TWindowCaseCommand, r: TWindowCaseChange, next: CaseRow, set: Record<string, unknown>, now: Date): Promise<NoticeRow> {
  const staff = await ctx.staffRef(actor);
  const extra =
    cmd.action === 'refuse'
      ? { reason: cmd.reason, legalBasis: cmd.legalBasis }
      : cmd.action === 'complete'
        ? { result: cmd.result, delivery: cmd.delivery, onTime: r.onTime, ...(r.minutes !== undefined ? { minutes: r.minutes } : {}), completedAt: now.toISOString() }
        : {};
  if (cmd.action === 'complete') {
    const card = await issueRatingCard(next, actor, now);
    Object.assign(extra, { ratingPath: card.url });
    Object.assign(set, { ratingToken: card.token, ratingUrl: card.url, ratingUntil: card.until });
    Object.assign(next, { ratingToken: card.token, ratingUrl: card.url, ratingUntil: card.until });
  }
  return notice(next, r.notice!, viewer.center, actor, staff, now, extra);
}

/** What follows a written transition: stale rollups, a 一次性告知 breach, days late at 办结. */
async function afterTransition(row: CaseRow, next: CaseRow, cal: WorkingCalendar, cmd: TWindowCaseCommand, r: TWindowCaseChange, seq: number, now: Date) {
  // Rollups of the day it was received (and, for a back-dated transition, of the day it moved) are stale now.
  await markDirty(row.centerKey, row.receivedAt ?? row.createdAt);
  if (cmd.action === 'complete') await markDirty(row.centerKey, now);
  if (r.breach.length) {
    await recordStaffLapse({
      id: `case-notice:${row._id}:${seq}`,
      kind: 'notice',
      centerId: row.centerKey,
      windowId: row.windowId ? String(row.windowId) : null,
      staffId: row.staffKey,
      subjectId: String(row._id),
      date: chinaDate(now),
      detail: `${row.itemName}（${row.code}）再次补正要求了首次补正告知未列出的材料，违反一次性告知`,
    });
  }
  if (cmd.action === 'complete' && row.type !== 'immediate') {
    const late = caseDaysLate(cal, row.promisedOn, chinaDate(now));
    if (late > row.lapsedDays) {
      await deadlineLapses(next, cal, late);
      next.lapsedDays = late;
    }
  }
}

/**
 * One transition: load → authorize → reduce (pure, shared) → claim (event seq) → append → notice → project.
 * Refusals (403/404/400/409) happen before anything is written.
 */
export async function transition(ctx: CaseContext, actor: Actor, id: string, build: BuildCommand, now = new Date()) {
  const [{ row, viewer }, priorEvents, priorNotices] = await loadWithHistory(actor, id);
  casePolicy.authorize(actor, 'handle', scopeOf(row, viewer.center), '只能办理本中心的办件');
  const { cmd, set: extraSet } = build(row);
  const cal = await calendarFor(row.centerKey);
  const r = reduceWindowCase(cal, snapshotOf(row), cmd, now);
  if (!r.ok) {
    if (r.code === 'CONFLICT') throw new AppError('CONFLICT', r.message, undefined, { state: row.state });
    throw invalid(r.field, r.message);
  }
  const seq = row.version + 1;
  const event = await appendEvent(row, seq, actor, r.event);
  const set = projectionSet(row, cal, cmd, r, extraSet, seq, now);
  const next = { ...row, ...set } as CaseRow;
  const issued = r.notice ? await transitionNotice(ctx, actor, viewer, cmd, r, next, set, now) : null;
  await WindowCase.updateOne({ _id: row._id }, { $set: set });
  await afterTransition(row, next, cal, cmd, r, seq, now);
  // The detail from what was just read and written; a card issued now is not yet rated. If the events read
  // alongside the case missed one (a transition landed between the two reads), read it all back instead.
  if (priorEvents.length !== row.version) return detail(ctx, next, viewer);
  return detail(ctx, next, viewer, { events: [...priorEvents, event], notices: issued ? [...priorNotices, issued] : priorNotices, ...(cmd.action === 'complete' ? { rated: false } : {}) });
}
