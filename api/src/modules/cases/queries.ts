import { chinaDate, type TWindowCaseDetail, type TWindowCaseList, type TWindowCaseListQuery } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { subtreeIds } from '../centers';
import { calendarFor } from '../calendar';
import { WindowCase } from './case.model';
import { casePolicy } from './cases.policy';
import { findNotice } from './numbering';
import { presentCase, presentTrack, type CaseRow, type Viewer } from './cases.presenter';
import { centerOr404, scopeOf } from './case-row';
import { citizenPhone, detail, loadForStaff, viewerFor, type CaseContext } from './context';
import { coverAbsentCases } from './cover';

/** Staff lists: the actor's center (an admin's whole subtree), after handing absent holders' cases to their B岗. */
export async function listCases(ctx: CaseContext, actor: Actor, q: TWindowCaseListQuery, now = new Date()): Promise<TWindowCaseList> {
  if (!actor.centerId) throw new AppError('FORBIDDEN');
  const centerKeys = actor.role === 'admin' ? await subtreeIds(actor.centerId) : [actor.centerId];
  await coverAbsentCases(now, centerKeys);
  const filter: Record<string, unknown> = { centerKey: { $in: centerKeys } };
  if (q.state) filter.state = q.state;
  if (q.mine) filter.staffKey = actor.id;
  const today = chinaDate(now);
  if (q.due) {
    filter.state = 'accepted';
    if (q.due === 'overdue') filter.promisedOn = { $lt: today, $gt: '' };
    else {
      const cal = await calendarFor(actor.centerId);
      filter.promisedOn = { $gte: today, $lte: cal.addWorkingDays(today, 2) };
    }
  }
  const rows = (await WindowCase.find(filter, { answers: 0 }).sort({ createdAt: -1 }).limit(500).lean()) as unknown as CaseRow[];
  const viewers = new Map<string, Viewer>();
  const items = [];
  for (const row of rows) {
    if (!viewers.has(row.centerKey)) viewers.set(row.centerKey, { ...(await viewerFor(actor, row)), list: true });
    const v = viewers.get(row.centerKey)!;
    items.push({ row, viewer: { ...v, seesId: false } });
  }
  return { items: await presentCase.many(items, ctx.pii) };
}

export async function getCase(ctx: CaseContext, actor: Actor, id: string): Promise<TWindowCaseDetail> {
  const { row, viewer } = await loadForStaff(actor, id);
  return detail(ctx, row, viewer);
}

/** A citizen's own case (by the phone on their account): anyone else's is the same 404. */
export async function ownRow(actor: Actor, id: string) {
  const row = (await WindowCase.findById(id).lean()) as CaseRow | null;
  const phone = await citizenPhone(actor);
  if (!row || !phone) throw AppError.notFound('办件');
  const center = await centerOr404(row.centerKey);
  if (!casePolicy.can(actor, 'viewOwn', scopeOf(row, center, phone))) throw AppError.notFound('办件');
  return { row, viewer: { actor, center, canHandle: false, seesId: false, citizen: true, list: false } as Viewer };
}

/** A numbered notice of a case, for printing: staff who may read the case, or the citizen whose case it is. */
export async function noticeFor(actor: Actor, id: string, noticeId: string) {
  let row: CaseRow;
  if (actor.role === 'citizen') row = (await ownRow(actor, id)).row;
  else row = (await loadForStaff(actor, id)).row;
  const n = await findNotice(String(row._id), noticeId);
  if (!n) throw AppError.notFound('文书');
  return { notice: n, row };
}

/** 我的办件: cases whose applicant phone is the signed-in citizen's. */
export async function myCases(ctx: CaseContext, actor: Actor): Promise<TWindowCaseList> {
  const phone = await citizenPhone(actor);
  if (!phone) return { items: [] };
  const rows = (await WindowCase.find({ applicantPhone: phone }, { answers: 0 }).sort({ createdAt: -1 }).limit(200).lean()) as unknown as CaseRow[];
  const items = [];
  for (const row of rows) items.push({ row, viewer: { actor, center: await centerOr404(row.centerKey), canHandle: false, seesId: false, citizen: true, list: true } as Viewer });
  return { items: await presentCase.many(items, ctx.pii) };
}

export async function myCase(ctx: CaseContext, actor: Actor, id: string): Promise<TWindowCaseDetail> {
  const { row, viewer } = await ownRow(actor, id);
  return detail(ctx, row, viewer);
}

/** Public progress by code: unknown → 404 in Chinese. */
export async function trackCase(code: string) {
  const row = /^[2-9A-HJ-NP-Z]{8}$/.test(code) ? ((await WindowCase.findOne({ code }).lean()) as CaseRow | null) : null;
  if (!row) throw new AppError('NOT_FOUND', '没有找到该办件，请核对查询码');
  return presentTrack(row, await centerOr404(row.centerKey));
}
