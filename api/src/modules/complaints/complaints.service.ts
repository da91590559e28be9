import { Types } from 'mongoose';
import { chinaDate, proposedMeasure, type TComplaintCreate, type TComplaintStaffRecord, type TComplaintStatus, type TStaffComplaint, type TStaffComplaintList } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { randomCode } from '../../security/codes';
import { userNames } from '../auth';
import { findCenter, getCenterOr404, settingsFor, subtreeIds } from '../centers';
import { calendarFor } from '../calendar';
import { recordLapse } from '../queue';
import { markDirty } from '../facts';
import { findWindow } from '../bookings';
import { resolveNamedStaff } from '../staff-directory';
import { countyScope, proposeOutcome, type CountyScope } from '../supervision';
import { Complaint, ComplaintEvent, findComplaint, type ComplaintRow as Row } from './complaint.model';
import { complaintPolicy } from './complaints.policy';
import { presentForStaff, presentStatus } from './complaints.presenter';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
const FORBIDDEN = '无权管理该服务中心的数据';

async function loadRow(id: string): Promise<Row> {
  const c = await findComplaint({ _id: oid(id) });
  if (!c) throw AppError.notFound('投诉建议');
  return c;
}

async function centerScope(centerId: string): Promise<CountyScope> {
  const c = await findCenter(String(centerId));
  return { centerId: String(centerId), ancestors: c?.ancestors ?? [], countyId: c?.ancestors[0] ?? String(centerId) };
}

/** Load a complaint and check the actor may take `action` on it. A supervisor of another county is told "not found". */
async function authorizedRow(actor: Actor, id: string, action: 'route' | 'answer' | 'verify'): Promise<{ c: Row; scope: CountyScope }> {
  const c = await loadRow(id);
  const scope = await centerScope(String(c.centerId));
  if (actor.role === 'supervisor' && actor.centerId !== scope.countyId) throw AppError.notFound('投诉建议');
  const message = action === 'verify' && complaintPolicy.can(actor, 'route', scope) ? '不能核实本中心工作人员的投诉，请由县级督查人员核实' : FORBIDDEN;
  complaintPolicy.authorize(actor, action, scope, message);
  return { c, scope };
}

const ROW_ACTIONS = ['route', 'answer', 'verify'] as const;
/** What the viewer may still do with a complaint (the state decides too). */
function actionsOn(actor: Actor, c: Row, scope: CountyScope): TStaffComplaint['actions'] {
  return complaintPolicy.allowedActions(actor, scope, ROW_ACTIONS).filter((a) => {
    if (a === 'route') return c.status === 'received';
    if (a === 'answer') return c.status !== 'answered';
    return c.kind === 'complaint' && (c.verified === null || c.verified === undefined);
  }) as TStaffComplaint['actions'];
}

async function presentFor(actor: Actor, id: string): Promise<TStaffComplaint> {
  const c = await loadRow(id);
  const scope = await centerScope(String(c.centerId));
  return presentForStaff(c, actionsOn(actor, c, scope), complaintPolicy.can(actor, 'callBack', scope));
}

/** Append a handling step (unique complaint+seq: two racing handlers cannot both apply), then update the projection. */
async function step(c: Row, type: 'routed' | 'answered' | 'verified' | 'not_verified', actor: Actor | null, set: Record<string, unknown>, data: unknown = null) {
  try {
    await ComplaintEvent.create({ complaintId: c._id, seq: c.seq + 1, type, actorId: actor ? oid(actor.id) : null, data });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该件刚刚被他人处理，请刷新');
    throw err;
  }
  await Complaint.updateOne({ _id: c._id }, { $set: { ...set, seq: c.seq + 1 } });
  await Promise.all([c.centerKey, set.centerKey].filter(Boolean).map((k) => markDirty(String(k), c.createdAt)));
}

/** A routing or answer deadline passed: one lapse for the center (once). */
async function lapse(c: Row, what: 'route' | 'answer', due: string, today: string) {
  if (today <= due) return;
  const detail = `投诉建议${what === 'route' ? '转办' : '答复'}超期（应于${due}前）`;
  await recordLapse({ kind: 'deadline', id: `complaint-${what}:${c._id}`, centerId: String(c.centerId), subjectId: String(c._id), date: today, detail });
}

/**
 * When the target is a staff member or agent: whose record a verified complaint counts on, from the center's
 * directory (by id or 工号; neither = 不清楚). A window must be one of the center's.
 */
async function targetStaff(centerId: string, target: TComplaintCreate['target']) {
  if (target.windowId) {
    const w = await findWindow(target.windowId);
    if (!w || w.centerId !== centerId) throw AppError.validation([{ field: 'target.windowId', message: '该窗口不属于所选服务中心' }]);
  }
  if (!(target.kind === 'staff' || target.kind === 'agent')) return null;
  return resolveNamedStaff(centerId, { id: target.id, staffNo: target.staffNo });
}

/** Store a new complaint with a fresh status code (a code collision retries). */
async function insertWithCode(doc: Record<string, unknown>): Promise<Row> {
  for (let i = 0; i < 5; i++) {
    try {
      const c = await Complaint.create({ ...doc, code: randomCode() });
      await ComplaintEvent.create({ complaintId: c._id, seq: 1, type: 'filed' });
      return c.toObject();
    } catch (err) {
      if (!(isDuplicateKey(err) && String((err as Error).message).includes('code'))) throw err;
    }
  }
  throw new AppError('CONFLICT', '请重试');
}

/** Verified complaints per person in a year, most first (seed 002: one → notify the department; two → removal). */
async function verifiedPerPerson(centerIds: string[], year: number): Promise<TComplaintStaffRecord['items']> {
  const rows = (await Promise.all(centerIds.map((k) => Complaint.find({ centerKey: k, verified: true, verifiedYear: year, staffId: { $ne: null } }, { staffId: 1 }).lean()))).flat();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(String(r.staffId), (counts.get(String(r.staffId)) ?? 0) + 1);
  const names = await userNames(counts.keys());
  return [...names.entries()]
    .map(([staffId, name]) => {
      const n = counts.get(staffId) ?? 0;
      return { staffId, name, verifiedComplaints: n, consequence: n >= 2 ? '建议调离服务中心' : '通报所在部门' };
    })
    .sort((a, b) => b.verifiedComplaints - a.verifiedComplaints);
}

/** File one. `actor` is ignored when anonymous: the record keeps no identity at all. */
async function file(actor: Actor | undefined, input: TComplaintCreate, now = new Date()): Promise<TComplaintStatus> {
  await getCenterOr404(input.centerId);
  const staff = await targetStaff(input.centerId, input.target);
  const [cal, { complaints: limits }] = await Promise.all([calendarFor(input.centerId), settingsFor(input.centerId)]);
  const today = chinaDate(now);
  const c = await insertWithCode({
    kind: input.kind,
    anonymous: input.anonymous,
    filerId: input.anonymous || !actor ? null : oid(actor.id),
    contactName: input.contact?.name ?? '',
    contactPhone: input.contact?.phone ?? '',
    centerId: oid(input.centerId),
    centerKey: input.centerId,
    target: input.target,
    staffId: staff ? oid(staff.id) : null,
    staffName: staff?.name ?? null,
    staffNo: staff?.staffNo ?? null,
    reference: input.reference ?? null,
    content: input.content,
    status: 'received',
    routeDue: cal.addWorkingDays(today, limits.routeDays),
    answerDue: cal.addWorkingDays(today, limits.answerDays),
    seq: 1,
  });
  return presentStatus(c);
}

async function status(code: string): Promise<TComplaintStatus> {
  const c = await findComplaint({ code });
  if (!c) throw AppError.notFound('投诉建议（请核对查询码）');
  return presentStatus(c);
}

/** The complaints of the actor's center (an admin's: also of the centers below). */
async function listForCenter(actor: Actor): Promise<TStaffComplaintList> {
  const own = await centerScope(actor.centerId ?? '');
  // A supervisor's list is the whole county's.
  const scope = actor.role === 'supervisor' ? await centerScope(own.countyId) : own;
  complaintPolicy.authorize(actor, 'list', scope);
  const keys = complaintPolicy.can(actor, 'listBelow', scope) ? await subtreeIds(scope.centerId) : [scope.centerId];
  const rows = (await Promise.all(keys.map((k) => Complaint.find({ centerKey: k }).sort({ createdAt: -1 }).limit(500).lean()))).flat();
  const scopes = new Map(await Promise.all([...new Set(rows.map((c) => c.centerKey))].map(async (k) => [k, await centerScope(k)] as const)));
  return { items: rows.map((c) => presentForStaff(c, actionsOn(actor, c, scopes.get(c.centerKey)!), complaintPolicy.can(actor, 'callBack', scopes.get(c.centerKey)!))) };
}

/** Send to the responsible center (within the center's routing limit of filing). */
async function route(actor: Actor, id: string, centerId: string, note: string | undefined, now = new Date()): Promise<TStaffComplaint> {
  const { c } = await authorizedRow(actor, id, 'route');
  if (c.status !== 'received') throw new AppError('CONFLICT', '该件已转办或已答复');
  await getCenterOr404(centerId);
  await step(c, 'routed', actor, { status: 'routed', centerId: oid(centerId), centerKey: centerId }, { from: String(c.centerId), to: centerId, note: note ?? '' });
  await lapse(c, 'route', c.routeDue, chinaDate(now));
  return presentFor(actor, id);
}

async function answer(actor: Actor, id: string, answer: string, now = new Date()): Promise<TStaffComplaint> {
  const { c } = await authorizedRow(actor, id, 'answer');
  if (c.status === 'answered') throw new AppError('CONFLICT', '该件已答复');
  await step(c, 'answered', actor, { status: 'answered', answer, answeredAt: now });
  await lapse(c, 'answer', c.answerDue, chinaDate(now));
  return presentFor(actor, id);
}

/**
 * A supervisor (or an admin of a center above) records whether a complaint was verified. A verified complaint about
 * a person counts on their record and opens 责任追究 with the seed rule's proposal (1 that year → 通报批评, 2 → 调离岗位).
 */
async function verify(actor: Actor, id: string, verified: boolean, finding: string, now = new Date()): Promise<TStaffComplaint> {
  const { c } = await authorizedRow(actor, id, 'verify');
  if (c.kind !== 'complaint') throw new AppError('CONFLICT', '建议无需核实');
  if (c.verified !== null && c.verified !== undefined) throw new AppError('CONFLICT', '该投诉已核实');
  const year = Number(chinaDate(now).slice(0, 4));
  await step(c, verified ? 'verified' : 'not_verified', actor, { verified, verifiedYear: year }, { finding });
  if (verified && c.staffId) {
    const n = await Complaint.countDocuments({ staffId: c.staffId, verified: true, verifiedYear: year });
    await proposeOutcome({ personId: String(c.staffId), centerId: c.centerKey, complaintId: String(c._id), complaintCode: c.code, verifiedThisYear: n, proposed: proposedMeasure(n) });
  }
  return presentFor(actor, id);
}

/**
 * Verified complaints per staff member in a year (seed 002): one → their department is notified; two → removal
 * from the center is recommended. For admins only; never public.
 */
async function staffRecord(actor: Actor, centerId: string, year: number): Promise<TComplaintStaffRecord> {
  const center = await findCenter(centerId);
  if (!center) throw new AppError('FORBIDDEN', FORBIDDEN);
  complaintPolicy.authorize(actor, 'staffRecord', await countyScope(centerId), FORBIDDEN);
  return { year, items: await verifiedPerPerson(await subtreeIds(centerId), year) };
}

/** Sweep: complaints not routed or answered in time count a lapse each (once). */
async function sweepOverdue(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  const open = await Complaint.find({ status: { $ne: 'answered' } }).lean();
  for (const c of open) {
    if (c.status === 'received') await lapse(c, 'route', c.routeDue, today);
    await lapse(c, 'answer', c.answerDue, today);
  }
  return open.length;
}

/** The use cases, as the app wires them. */
export function createComplaintService() {
  return { file, status, listForCenter, route, answer, verify, staffRecord, sweepOverdue };
}
export type ComplaintService = ReturnType<typeof createComplaintService>;
