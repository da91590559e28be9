import type { TNoticeKind, TWindowCaseDetail } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { Pii } from '../../security/pii';
import type { CenterEntry } from '../centers';
import { findUser, userContacts } from '../auth';
import { WindowCase, WindowCaseEvent } from './case.model';
import { casePolicy } from './cases.policy';
import { issueNotice, noticesOf, type NoticeRow } from './numbering';
import { presentDetail, type CaseRow, type EventRow, type Viewer } from './cases.presenter';
import { ratingCardOf } from './rating-card';
import { centerOr404, scopeOf } from './case-row';

/** How long a staff member's name and number are reused on notices (they rarely change; a minute is fresh enough). */
const STAFF_REF_MS = 60_000;

export interface StaffRef {
  name: string;
  staffNo: string;
}

/** What the use cases share within one service: the PII keys and the short-lived staff name cache. */
export interface CaseContext {
  pii: Pii;
  staffRef(actor: Actor): Promise<StaffRef>;
}

export function createCaseContext(pii: Pii): CaseContext {
  const staffRefs = new Map<string, StaffRef & { at: number }>();
  /** The issuing staff member's name and number for a notice (cached briefly: one read per person a minute, not per notice). */
  async function staffRef(actor: Actor): Promise<StaffRef> {
    const hit = staffRefs.get(actor.id);
    if (hit && Date.now() - hit.at < STAFF_REF_MS) return { name: hit.name, staffNo: hit.staffNo };
    const u = await findUser(actor.id);
    const ref = { name: u?.name ?? '工作人员', staffNo: u?.staffNo ?? '' };
    staffRefs.set(actor.id, { ...ref, at: Date.now() });
    return ref;
  }
  return { pii, staffRef };
}

export async function viewerFor(actor: Actor, row: CaseRow, viewerPhone?: string): Promise<Viewer> {
  const center = await centerOr404(row.centerKey);
  const scope = scopeOf(row, center, viewerPhone);
  return {
    actor,
    center,
    canHandle: casePolicy.can(actor, 'handle', scope),
    seesId: casePolicy.can(actor, 'seeIdNumber', scope),
    citizen: actor.role === 'citizen',
    list: false,
  };
}

/**
 * The detail of a case. A transition passes what it has just read and written (`known`), so the detail is built
 * from memory instead of re-reading events, notices and the rating.
 */
export async function detail(ctx: CaseContext, row: CaseRow, viewer: Viewer, known?: { events: EventRow[]; notices: NoticeRow[]; rated?: boolean }): Promise<TWindowCaseDetail> {
  const caseId = String(row._id);
  const [events, notices, rating] = await Promise.all([
    known ? known.events : (WindowCaseEvent.find({ caseKey: caseId }).lean() as Promise<EventRow[]>),
    known ? known.notices : noticesOf(caseId),
    ratingCardOf(row, viewer, known?.rated),
  ]);
  return presentDetail(row, viewer, ctx.pii, [...events].sort((a, b) => a.seq - b.seq), notices, rating);
}

/** A case the actor may read (staff of its center, admins over it): anyone else gets the same 404. */
export async function loadForStaff(actor: Actor, id: string): Promise<{ row: CaseRow; viewer: Viewer }> {
  const row = (await WindowCase.findById(id).lean()) as CaseRow | null;
  if (!row) throw AppError.notFound('办件');
  const viewer = await viewerFor(actor, row);
  if (!casePolicy.can(actor, 'view', scopeOf(row, viewer.center))) throw AppError.notFound('办件');
  return { row, viewer };
}

export async function citizenPhone(actor: Actor): Promise<string | undefined> {
  const [me] = await userContacts([actor.id]);
  return me?.phone;
}

/** Notice body: what the printed document says, frozen at issue. */
function noticeBody(row: CaseRow, kind: TNoticeKind, center: CenterEntry, extra: Record<string, unknown> = {}) {
  const names = new Map(row.checklist.materials.map((m) => [m.key, m]));
  return {
    code: row.code,
    itemName: row.itemName,
    itemCode: row.itemCode,
    type: row.type,
    applicantName: row.applicantName,
    centerName: center.name,
    centerPhone: center.phone,
    centerAddress: center.address,
    windowName: row.windowName,
    ...(kind === 'acceptance' || kind === 'commitment'
      ? { received: row.received.map((k) => names.get(k)?.name ?? k), clockFrom: row.clockFrom?.toISOString() ?? null, promisedOn: row.promisedOn, committedDays: row.committedDays, stages: row.stages }
      : {}),
    ...(kind === 'supplement'
      ? { missing: row.missing.map((k) => { const m = names.get(k); return { name: m?.name ?? k, form: m?.form ?? 'original', copies: m?.copies ?? 0, ...(m?.notes ? { notes: m.notes } : {}) }; }) }
      : {}),
    ...extra,
  };
}

export async function notice(row: CaseRow, kind: TNoticeKind, center: CenterEntry, actor: Actor, staff: StaffRef, at: Date, extra?: Record<string, unknown>): Promise<NoticeRow> {
  return issueNotice({ centerId: row.centerKey, centerName: center.name, caseId: String(row._id), kind, staffId: actor.id, staffName: staff.name, staffNo: staff.staffNo, body: noticeBody(row, kind, center, extra), at });
}
