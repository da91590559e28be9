import { Types } from 'mongoose';
import { chinaDate, defaultStages, openWindowCase, type TCaseType, type TStagePlan, type TWindowCaseDetail, type TWindowCaseOpen } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { randomCode } from '../../security/codes';
import type { CenterEntry } from '../centers';
import { calendarFor } from '../calendar';
import { getPublished } from '../service-items';
import { bookingForCase, findWindow } from '../bookings';
import { ticketForCase } from '../queue';
import { coverFor } from '../absences';
import { CaseClaim, WindowCase, WindowCaseEvent } from './case.model';
import { casePolicy } from './cases.policy';
import type { CaseRow, EventRow } from './cases.presenter';
import { assertAnswers, assertKeys, centerOr404, invalid, missingNow, oid, projection, type Checklist } from './case-row';
import { detail, notice, viewerFor, type CaseContext } from './context';
import { handOver } from './cover';

type Item = Awaited<ReturnType<typeof getPublished>>;
type Booking = NonNullable<Awaited<ReturnType<typeof bookingForCase>>>;

/** Where the applicant came from: a called ticket (its window and booking), a checked-in booking, or the counter. */
async function resolveSource(input: TWindowCaseOpen, center: CenterEntry) {
  let windowId: string | null = null;
  let ticketId: string | null = null;
  let bookingId: string | null = input.bookingId ?? null;
  if (input.ticketId) {
    const t = await ticketForCase(input.ticketId);
    if (!t || t.centerId !== center.id) throw AppError.notFound('号');
    if (t.status === 'waiting') throw new AppError('CONFLICT', '请先叫号再受理');
    ticketId = t.id;
    windowId = t.windowId;
    bookingId = t.bookingId;
  }
  const booking = bookingId ? await bookingForCase(bookingId) : null;
  if (bookingId && (!booking || booking.centerId !== center.id)) throw AppError.notFound('预约');
  if (booking && !input.ticketId && !['checked_in', 'received'].includes(booking.status)) throw new AppError('CONFLICT', '请先为该预约签到再受理');
  if (booking) windowId ??= booking.windowId;
  const w = windowId ?? input.windowId ? await findWindow((windowId ?? input.windowId)!) : null;
  if (!windowId && input.windowId) {
    if (!w || w.centerId !== center.id) throw AppError.notFound('窗口');
    windowId = w.id;
  }
  const windowName = windowId ? (w?.name ?? null) : null;
  return { ticketId, booking, windowId, windowName };
}

/** 联办/上报 stages: as given, or the item's default chain; other types take none. */
function planStages(type: TCaseType, input: TWindowCaseOpen, item: Item, center: CenterEntry): TStagePlan[] {
  if (input.stages && type !== 'joint' && type !== 'reported') throw invalid('stages', '只有联办件、上报件可以设置办理环节');
  return type === 'joint' || type === 'reported'
    ? (input.stages?.map((s, i) => ({ name: s.name ?? `${s.department}${type === 'joint' ? '联合办理' : '审批'}（第${i + 1}环节）`, department: s.department, ...(s.level ? { level: s.level } : {}), days: s.days })) ??
        defaultStages(type, { department: item.department, committedDays: item.committedLimitDays, centerLevel: center.level }))
    : [];
}

/** One case per ticket and per booking: claimed before the case exists (all or none). Returns the claims taken. */
async function claimSources(ticketId: string | null, booking: Booking | null, caseId: Types.ObjectId): Promise<string[]> {
  const claims = [ticketId && `ticket:${ticketId}`, booking && `booking:${booking.id}`].filter((c): c is string => !!c);
  const taken: string[] = [];
  for (const c of claims) {
    try {
      await CaseClaim.create({ _id: c, caseId });
      taken.push(c);
    } catch (err) {
      await CaseClaim.deleteMany({ _id: { $in: taken } });
      if (!isDuplicateKey(err)) throw err;
      const existing = await CaseClaim.findById(c).lean();
      throw new AppError('CONFLICT', c.startsWith('ticket') ? '该号已经受理过了' : '该预约已经受理过了', undefined, { caseId: existing ? String(existing.caseId) : null });
    }
  }
  return taken;
}

/** Insert the case under a fresh random code (retried on a code clash); on failure the claims are released. */
async function insertCase(base: Record<string, unknown>, taken: string[]): Promise<CaseRow> {
  let row: CaseRow | null = null;
  try {
    for (let i = 0; i < 5 && !row; i++) {
      try {
        row = (await WindowCase.create({ ...base, code: randomCode() })).toObject() as unknown as CaseRow;
      } catch (err) {
        if (!(isDuplicateKey(err) && String((err as Error).message).includes('code'))) throw err;
      }
    }
    if (!row) throw new AppError('CONFLICT', '请重试');
  } catch (err) {
    await CaseClaim.deleteMany({ _id: { $in: taken } });
    throw err;
  }
  return row;
}

/** The case document's fields besides its projection. */
function caseFields(ctx: CaseContext, actor: Actor, input: TWindowCaseOpen, item: Item, center: CenterEntry, source: Awaited<ReturnType<typeof resolveSource>>) {
  const { ticketId, booking, windowId, windowName } = source;
  const idNumber = input.applicant.idNumber;
  return {
    type: item.caseType as TCaseType,
    version: 1,
    itemId: oid(item.id),
    itemCode: item.code,
    itemName: item.name,
    itemVersion: item.version,
    centerId: oid(center.id),
    centerKey: center.id,
    windowId: windowId ? oid(windowId) : null,
    windowName,
    ticketId: ticketId ? oid(ticketId) : null,
    bookingId: booking ? oid(booking.id) : null,
    delegationId: input.delegationId ? oid(input.delegationId) : null,
    applicantName: input.applicant.name,
    applicantPhone: input.applicant.phone ?? booking?.personPhone ?? '',
    applicantIdEnc: idNumber ? ctx.pii.encrypt(idNumber) : (booking?.personIdEnc ?? null),
    applicantIdHash: idNumber ? ctx.pii.lookupHash(idNumber) : null,
    staffId: oid(actor.id),
    staffKey: actor.id,
    breaches: [],
    committedDays: item.committedLimitDays,
    lapsedDays: 0,
  };
}

/** 受理: open a case from a called ticket, a booking, or directly at the counter. */
export async function openCase(ctx: CaseContext, actor: Actor, input: TWindowCaseOpen, now = new Date()): Promise<TWindowCaseDetail> {
  const item = await getPublished(input.itemId);
  const center = await centerOr404(item.centerId);
  casePolicy.authorize(actor, 'open', { centerId: center.id, ancestors: center.ancestors, staffId: actor.id, applicantPhone: '' }, '只能受理本中心的事项');
  const checklist: Checklist = { materials: item.materials, questions: item.questions };
  const answers = input.answers ?? {};
  assertKeys(checklist, input.receivedMaterials, 'receivedMaterials');
  assertAnswers(checklist, answers);
  const source = await resolveSource(input, center);
  const type = item.caseType as TCaseType;
  const stages = planStages(type, input, item, center);

  const cal = await calendarFor(center.id);
  const missing = missingNow(checklist, input.receivedMaterials, answers, []);
  const opened = openWindowCase(cal, { type, received: input.receivedMaterials, missing, committedDays: item.committedLimitDays, stages }, now);
  const [staff, cover] = await Promise.all([ctx.staffRef(actor), coverFor(actor.id, chinaDate(now))]);
  const caseId = new Types.ObjectId();
  const taken = await claimSources(source.ticketId, source.booking, caseId);
  const fields = caseFields(ctx, actor, input, item, center, source);
  let row = await insertCase({ _id: caseId, ...fields, answers, checklist, receivedAt: now, ...projection(cal, opened.next) }, taken);
  const { ticketId, booking } = source;
  const opening = await WindowCaseEvent.create({
    caseKey: String(caseId),
    seq: 1,
    type: 'open',
    actorId: oid(actor.id),
    data: { type, received: opened.next.received, missing: opened.next.missing, ...(stages.length ? { stages } : {}), ...(ticketId ? { ticketId } : {}), ...(booking ? { bookingId: booking.id } : {}) },
  });
  const issued = await notice(row, opened.notice, center, actor, staff, now);
  // AB岗: opened under the name of someone recorded as away → the case goes to who covers them (read back).
  if (cover) {
    row = (await handOver(row, cover, chinaDate(now), actor.id)) ?? row;
    return detail(ctx, row, await viewerFor(actor, row));
  }
  return detail(ctx, row, await viewerFor(actor, row), { events: [opening.toObject() as unknown as EventRow], notices: [issued], rated: false });
}
