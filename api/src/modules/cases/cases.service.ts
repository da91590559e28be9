import { Types } from 'mongoose';
import {
  addOpenMinutes,
  caseDaysLate,
  checkMaterials,
  chinaDate,
  defaultStages,
  IMMEDIATE_LIMIT_MINUTES,
  openWindowCase,
  reduceWindowCase,
  type TCaseType,
  type TNoticeKind,
  type TServiceItemInput,
  type TStagePlan,
  type TWindowCaseCommand,
  type TWindowCaseDetail,
  type TWindowCaseList,
  type TWindowCaseListQuery,
  type TWindowCaseOpen,
  type TWindowCaseSnapshot,
  type WorkingCalendar,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import type { Pii } from '../../security/pii';
import { randomCode } from '../../security/codes';
import { findCenter, subtreeIds, type CenterEntry } from '../centers';
import { calendarFor } from '../calendar';
import { markDirty } from '../facts';
import { getPublished } from '../service-items';
import { findUser, userContacts } from '../auth';
import { bookingForCase, findWindow } from '../bookings';
import { recordStaffLapse, ticketForCase } from '../queue';
import { absentOn, coverFor, recordCoverMove } from '../absences';
import { CaseClaim, WindowCase, WindowCaseEvent } from './case.model';
import { casePolicy, type WindowCaseScope } from './cases.policy';
import { issueNotice, noticesOf, findNotice, type NoticeRow } from './numbering';
import { presentCase, presentDetail, presentTrack, type CaseRow, type EventRow, type Viewer } from './cases.presenter';
import { issueRatingCard, ratingCardOf } from './rating-card';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));

/** Why a refusal names a field: keeps every 400 in one shape. */
const invalid = (field: string, message: string) => AppError.validation([{ field, message }]);

async function centerOr404(id: string): Promise<CenterEntry> {
  const c = await findCenter(id);
  if (!c) throw AppError.notFound('服务中心');
  return c;
}

function scopeOf(row: Pick<CaseRow, 'centerKey' | 'staffKey' | 'applicantPhone'>, center: CenterEntry, viewerPhone?: string): WindowCaseScope {
  return { centerId: row.centerKey, ancestors: center.ancestors, staffId: row.staffKey, applicantPhone: row.applicantPhone, ...(viewerPhone ? { viewerPhone } : {}) };
}

function snapshotOf(row: CaseRow): TWindowCaseSnapshot {
  return {
    type: row.type,
    state: row.state,
    received: row.received,
    missing: row.missing,
    firstNotice: row.firstNotice,
    clockFrom: row.clockFrom ? row.clockFrom.toISOString() : null,
    committedDays: row.committedDays,
    promisedOn: row.promisedOn,
    stages: row.stages,
  };
}

/** The projection fields a snapshot sets (plus the 即办 due instant, kept so lists need no calendar). */
function projection(cal: WorkingCalendar, s: TWindowCaseSnapshot) {
  const clockFrom = s.clockFrom ? new Date(s.clockFrom) : null;
  return {
    state: s.state,
    received: s.received,
    missing: s.missing,
    firstNotice: s.firstNotice,
    clockFrom,
    promisedOn: s.promisedOn,
    dueAt: s.type === 'immediate' && clockFrom ? addOpenMinutes(cal, clockFrom, IMMEDIATE_LIMIT_MINUTES) : null,
    stages: s.stages,
  };
}

type Checklist = Pick<TServiceItemInput, 'materials' | 'questions'>;

/** Material keys not on the item's 一次性告知 list → 400 naming `<field>.<index>`. */
function assertKeys(checklist: Checklist, keys: readonly string[], field: string) {
  const known = new Set(checklist.materials.map((m) => m.key));
  const bad = keys.findIndex((k) => !known.has(k));
  if (bad !== -1) throw invalid(`${field}.${bad}`, '不是该事项一次性告知清单中的材料');
}

/** Answers to unknown questions, or deciding questions left unanswered → 400 naming `answers.<key>`. */
function assertAnswers(checklist: Checklist, answers: Record<string, boolean>) {
  const known = new Set(checklist.questions.map((q) => q.key));
  const unknown = Object.keys(answers).find((k) => !known.has(k));
  if (unknown) throw invalid(`answers.${unknown}`, '该事项没有这个问题');
  const r = checkMaterials({ name: '', ...checklist }, [], answers);
  const first = r.unanswered[0];
  if (first) throw invalid(`answers.${first.key}`, `请先确认：${first.text}`);
}

/** Everything still missing: the checklist's answer plus materials asked for in a later 补正, less what is in hand. */
function missingNow(checklist: Checklist, received: readonly string[], answers: Record<string, boolean>, asked: readonly string[]): string[] {
  const inHand = new Set(received);
  const fromList = checkMaterials({ name: '', ...checklist }, [...received], answers).missing.map((m) => m.key);
  return [...new Set([...fromList, ...asked.filter((k) => !inHand.has(k))])];
}

/**
 * Lapses for the working days a case is late beyond those already counted (once each: ids carry the case and the
 * day number, so the sweep and a late 办结 never count a day twice), dated the day each fell due. Returns how many.
 */
async function deadlineLapses(row: CaseRow, cal: WorkingCalendar, late: number): Promise<number> {
  for (let k = row.lapsedDays + 1; k <= late; k++) {
    await recordStaffLapse({
      id: `case-deadline:${row._id}:${k}`,
      kind: 'deadline',
      centerId: row.centerKey,
      windowId: row.windowId ? String(row.windowId) : null,
      staffId: row.staffKey,
      subjectId: String(row._id),
      date: cal.addWorkingDays(row.promisedOn!, k),
      detail: `${row.itemName}（${row.code}）超过承诺办结日期第${k}个工作日`,
    });
  }
  await WindowCase.updateOne({ _id: row._id }, { $set: { lapsedDays: late } });
  return Math.max(0, late - row.lapsedDays);
}

/**
 * AB岗: hand a case over to `to` (who covers its holder while away) as an appended `cover` event; the projection
 * moves only if no transition got in first (the event's unique seq decides). Returns the moved row, or null when
 * someone else moved the case at the same moment.
 */
async function handOver(row: CaseRow, to: string, date: string, actorId: string): Promise<CaseRow | null> {
  const seq = row.version + 1;
  const from = row.staffKey;
  try {
    await WindowCaseEvent.create({ caseKey: String(row._id), seq, type: 'cover', actorId: oid(actorId), data: { from, to, date, reason: 'AB岗：受理人不在岗，由B岗接办' } });
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  const set = { staffKey: to, staffId: oid(to), version: seq };
  await WindowCase.updateOne({ _id: row._id, version: row.version }, { $set: set });
  await recordCoverMove({ kind: 'case', subjectId: String(row._id), centerId: row.centerKey, windowId: row.windowId ? String(row.windowId) : null, fromUser: from, toUser: to, date, detail: `${row.itemName}（${row.code}）` });
  return { ...row, ...set };
}

/**
 * AB岗 for open cases: every 补办/受理 case (of these centers, or all) whose holder is away on the day goes to the
 * colleague covering them (once: the next run sees B as holder). Run by the periodic sweep and before staff lists.
 */
export async function coverAbsentCases(now = new Date(), centerIds?: readonly string[]): Promise<number> {
  const date = chinaDate(now);
  const filter: Record<string, unknown> = { state: { $in: ['supplement', 'accepted'] } };
  if (centerIds) filter.centerKey = { $in: [...centerIds] };
  const holders = (await WindowCase.find(filter, { staffKey: 1 }).lean()).map((r) => r.staffKey);
  if (!holders.length) return 0;
  const away = await absentOn(holders, date);
  if (!away.size) return 0;
  const covers = new Map<string, string | null>();
  for (const a of away) covers.set(a, await coverFor(a, date));
  const rows = (await WindowCase.find({ ...filter, staffKey: { $in: [...away] } }, { answers: 0 }).lean()) as unknown as CaseRow[];
  let n = 0;
  for (const row of rows) {
    const to = covers.get(row.staffKey);
    if (to && (await handOver(row, to, date, to))) n++;
  }
  return n;
}

/** How long a staff member's name and number are reused on notices (they rarely change; a minute is fresh enough). */
const STAFF_REF_MS = 60_000;

export function createCaseService(deps: { pii: Pii }) {
  const staffRefs = new Map<string, { name: string; staffNo: string; at: number }>();
  /** The issuing staff member's name and number for a notice (cached briefly: one read per person a minute, not per notice). */
  async function staffRef(actor: Actor) {
    const hit = staffRefs.get(actor.id);
    if (hit && Date.now() - hit.at < STAFF_REF_MS) return { name: hit.name, staffNo: hit.staffNo };
    const u = await findUser(actor.id);
    const ref = { name: u?.name ?? '工作人员', staffNo: u?.staffNo ?? '' };
    staffRefs.set(actor.id, { ...ref, at: Date.now() });
    return ref;
  }

  async function viewerFor(actor: Actor, row: CaseRow, viewerPhone?: string): Promise<Viewer> {
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
  async function detail(row: CaseRow, viewer: Viewer, known?: { events: EventRow[]; notices: NoticeRow[]; rated?: boolean }): Promise<TWindowCaseDetail> {
    const caseId = String(row._id);
    const [events, notices, rating] = await Promise.all([
      known ? known.events : (WindowCaseEvent.find({ caseKey: caseId }).lean() as Promise<EventRow[]>),
      known ? known.notices : noticesOf(caseId),
      ratingCardOf(row, viewer, known?.rated),
    ]);
    return presentDetail(row, viewer, deps.pii, [...events].sort((a, b) => a.seq - b.seq), notices, rating);
  }

  /** A case the actor may read (staff of its center, admins over it): anyone else gets the same 404. */
  async function loadForStaff(actor: Actor, id: string): Promise<{ row: CaseRow; viewer: Viewer }> {
    const row = (await WindowCase.findById(id).lean()) as CaseRow | null;
    if (!row) throw AppError.notFound('办件');
    const viewer = await viewerFor(actor, row);
    if (!casePolicy.can(actor, 'view', scopeOf(row, viewer.center))) throw AppError.notFound('办件');
    return { row, viewer };
  }

  async function citizenPhone(actor: Actor): Promise<string | undefined> {
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

  async function notice(row: CaseRow, kind: TNoticeKind, center: CenterEntry, actor: Actor, staff: { name: string; staffNo: string }, at: Date, extra?: Record<string, unknown>): Promise<NoticeRow> {
    return issueNotice({ centerId: row.centerKey, centerName: center.name, caseId: String(row._id), kind, staffId: actor.id, staffName: staff.name, staffNo: staff.staffNo, body: noticeBody(row, kind, center, extra), at });
  }

  /**
   * One transition: load → authorize → reduce (pure, shared) → claim (event seq) → append → notice → project.
   * Refusals (403/404/400/409) happen before anything is written.
   */
  async function transition(actor: Actor, id: string, build: (row: CaseRow) => { cmd: TWindowCaseCommand; set?: Record<string, unknown> }, now = new Date()) {
    // The case's events and notices are read alongside it (harmless if refused: nothing is returned from them).
    const [{ row, viewer }, priorEvents, priorNotices] = await Promise.all([
      loadForStaff(actor, id),
      Types.ObjectId.isValid(id) ? (WindowCaseEvent.find({ caseKey: id }).lean() as Promise<EventRow[]>) : Promise.resolve([] as EventRow[]),
      Types.ObjectId.isValid(id) ? noticesOf(id) : Promise.resolve([] as NoticeRow[]),
    ]);
    casePolicy.authorize(actor, 'handle', scopeOf(row, viewer.center), '只能办理本中心的办件');
    const { cmd, set: extraSet } = build(row);
    const cal = await calendarFor(row.centerKey);
    const r = reduceWindowCase(cal, snapshotOf(row), cmd, now);
    if (!r.ok) {
      if (r.code === 'CONFLICT') throw new AppError('CONFLICT', r.message, undefined, { state: row.state });
      throw invalid(r.field, r.message);
    }
    const seq = row.version + 1;
    let event: EventRow;
    try {
      event = (await WindowCaseEvent.create({ caseKey: String(row._id), seq, type: r.event.type, actorId: oid(actor.id), data: r.event.data })).toObject() as unknown as EventRow;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw new AppError('CONFLICT', '此件刚刚被他人处理，请刷新后重试');
    }
    const set: Record<string, unknown> = { ...projection(cal, r.next), ...extraSet, version: seq };
    if (cmd.action === 'request_supplement' && r.breach.length) set.breaches = [...new Set([...row.breaches, ...r.breach])];
    if (cmd.action === 'refuse') set.refusal = { reason: cmd.reason, legalBasis: cmd.legalBasis };
    if (cmd.action === 'complete') {
      Object.assign(set, { result: cmd.result, delivery: cmd.delivery, onTime: r.onTime ?? null, minutes: r.minutes ?? null, completedAt: now });
    }
    const next = { ...row, ...set } as CaseRow;
    let issued: NoticeRow | null = null;
    if (r.notice) {
      const staff = await staffRef(actor);
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
      issued = await notice(next, r.notice, viewer.center, actor, staff, now, extra);
    }
    await WindowCase.updateOne({ _id: row._id }, { $set: set });
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
    // The detail from what was just read and written; a card issued now is not yet rated. If the events read
    // alongside the case missed one (a transition landed between the two reads), read it all back instead.
    if (priorEvents.length !== row.version) return detail(next, viewer);
    return detail(next, viewer, { events: [...priorEvents, event], notices: issued ? [...priorNotices, issued] : priorNotices, ...(cmd.action === 'complete' ? { rated: false } : {}) });
  }

  return {
    /** 受理: open a case from a called ticket, a booking, or directly at the counter. */
    async open(actor: Actor, input: TWindowCaseOpen, now = new Date()): Promise<TWindowCaseDetail> {
      const item = await getPublished(input.itemId);
      const center = await centerOr404(item.centerId);
      casePolicy.authorize(actor, 'open', { centerId: center.id, ancestors: center.ancestors, staffId: actor.id, applicantPhone: '' }, '只能受理本中心的事项');
      const checklist: Checklist = { materials: item.materials, questions: item.questions };
      const answers = input.answers ?? {};
      assertKeys(checklist, input.receivedMaterials, 'receivedMaterials');
      assertAnswers(checklist, answers);

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

      const type = item.caseType as TCaseType;
      if (input.stages && type !== 'joint' && type !== 'reported') throw invalid('stages', '只有联办件、上报件可以设置办理环节');
      const stages: TStagePlan[] =
        type === 'joint' || type === 'reported'
          ? (input.stages?.map((s, i) => ({ name: s.name ?? `${s.department}${type === 'joint' ? '联合办理' : '审批'}（第${i + 1}环节）`, department: s.department, ...(s.level ? { level: s.level } : {}), days: s.days })) ??
            defaultStages(type, { department: item.department, committedDays: item.committedLimitDays, centerLevel: center.level }))
          : [];

      const cal = await calendarFor(center.id);
      const missing = missingNow(checklist, input.receivedMaterials, answers, []);
      const opened = openWindowCase(cal, { type, received: input.receivedMaterials, missing, committedDays: item.committedLimitDays, stages }, now);
      const [staff, cover] = await Promise.all([staffRef(actor), coverFor(actor.id, chinaDate(now))]);
      const caseId = new Types.ObjectId();

      // One case per ticket and per booking: claimed before the case exists.
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

      const phone = input.applicant.phone ?? booking?.personPhone ?? '';
      const idNumber = input.applicant.idNumber;
      const base = {
        _id: caseId,
        type,
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
        applicantPhone: phone,
        applicantIdEnc: idNumber ? deps.pii.encrypt(idNumber) : (booking?.personIdEnc ?? null),
        applicantIdHash: idNumber ? deps.pii.lookupHash(idNumber) : null,
        staffId: oid(actor.id),
        staffKey: actor.id,
        answers,
        checklist,
        breaches: [],
        committedDays: item.committedLimitDays,
        lapsedDays: 0,
        receivedAt: now,
        ...projection(cal, opened.next),
      };
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
        return detail(row, await viewerFor(actor, row));
      }
      return detail(row, await viewerFor(actor, row), { events: [opening.toObject() as unknown as EventRow], notices: [issued], rated: false });
    },

    async list(actor: Actor, q: TWindowCaseListQuery, now = new Date()): Promise<TWindowCaseList> {
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
      return { items: await presentCase.many(items, deps.pii) };
    },

    async get(actor: Actor, id: string): Promise<TWindowCaseDetail> {
      const { row, viewer } = await loadForStaff(actor, id);
      return detail(row, viewer);
    },

    receiveMaterials(actor: Actor, id: string, input: { receivedMaterials: string[]; answers?: Record<string, boolean> }, now = new Date()) {
      return transition(
        actor,
        id,
        (row) => {
          assertKeys(row.checklist, input.receivedMaterials, 'receivedMaterials');
          const answers = { ...row.answers, ...(input.answers ?? {}) };
          assertAnswers(row.checklist, answers);
          const received = [...new Set([...row.received, ...input.receivedMaterials])];
          return { cmd: { action: 'receive_materials', received: input.receivedMaterials, missingAfter: missingNow(row.checklist, received, answers, row.missing) }, set: { answers } };
        },
        now,
      );
    },

    requestSupplement(actor: Actor, id: string, input: { missing: string[] }, now = new Date()) {
      return transition(
        actor,
        id,
        (row) => {
          assertKeys(row.checklist, input.missing, 'missing');
          return { cmd: { action: 'request_supplement', missing: [...new Set(input.missing)] } };
        },
        now,
      );
    },

    completeStage(actor: Actor, id: string, index: number, note?: string, now = new Date()) {
      return transition(actor, id, () => ({ cmd: { action: 'complete_stage', index, ...(note ? { note } : {}) } }), now);
    },

    refuse(actor: Actor, id: string, input: { reason: string; legalBasis: string }, now = new Date()) {
      return transition(actor, id, () => ({ cmd: { action: 'refuse', reason: input.reason, legalBasis: input.legalBasis } }), now);
    },

    complete(actor: Actor, id: string, input: { result: string; delivery: 'window' | 'post' | 'agent' }, now = new Date()) {
      return transition(actor, id, () => ({ cmd: { action: 'complete', result: input.result, delivery: input.delivery } }), now);
    },

    /** A numbered notice of a case, for printing: staff who may read the case, or the citizen whose case it is. */
    async noticeFor(actor: Actor, id: string, noticeId: string) {
      let row: CaseRow;
      if (actor.role === 'citizen') row = (await this.ownRow(actor, id)).row;
      else row = (await loadForStaff(actor, id)).row;
      const n = await findNotice(String(row._id), noticeId);
      if (!n) throw AppError.notFound('文书');
      return { notice: n, row };
    },

    async ownRow(actor: Actor, id: string) {
      const row = (await WindowCase.findById(id).lean()) as CaseRow | null;
      const phone = await citizenPhone(actor);
      if (!row || !phone) throw AppError.notFound('办件');
      const center = await centerOr404(row.centerKey);
      if (!casePolicy.can(actor, 'viewOwn', scopeOf(row, center, phone))) throw AppError.notFound('办件');
      return { row, viewer: { actor, center, canHandle: false, seesId: false, citizen: true, list: false } as Viewer };
    },

    /** 我的办件: cases whose applicant phone is the signed-in citizen's. */
    async mine(actor: Actor): Promise<TWindowCaseList> {
      const phone = await citizenPhone(actor);
      if (!phone) return { items: [] };
      const rows = (await WindowCase.find({ applicantPhone: phone }, { answers: 0 }).sort({ createdAt: -1 }).limit(200).lean()) as unknown as CaseRow[];
      const items = [];
      for (const row of rows) items.push({ row, viewer: { actor, center: await centerOr404(row.centerKey), canHandle: false, seesId: false, citizen: true, list: true } as Viewer });
      return { items: await presentCase.many(items, deps.pii) };
    },

    async myCase(actor: Actor, id: string): Promise<TWindowCaseDetail> {
      const { row, viewer } = await this.ownRow(actor, id);
      return detail(row, viewer);
    },

    /** Public progress by code: unknown → 404 in Chinese. */
    async track(code: string) {
      const row = /^[2-9A-HJ-NP-Z]{8}$/.test(code) ? ((await WindowCase.findOne({ code }).lean()) as CaseRow | null) : null;
      if (!row) throw new AppError('NOT_FOUND', '没有找到该办件，请核对查询码');
      return presentTrack(row, await centerOr404(row.centerKey));
    },
  };
}
export type CaseService = ReturnType<typeof createCaseService>;

/**
 * The periodic sweep: running 承诺/联办/上报 cases past their promised date count one lapse against the receiving
 * staff member for each working day late (once each, dated the day it fell due), as 代办 stages do.
 */
export async function sweepOverdueCases(now = new Date()): Promise<number> {
  await coverAbsentCases(now);
  const today = chinaDate(now);
  const rows = (await WindowCase.find({ state: 'accepted', promisedOn: { $lt: today, $gt: '' } }, { answers: 0 }).lean()) as unknown as CaseRow[];
  const calendars = new Map<string, WorkingCalendar>();
  let n = 0;
  for (const row of rows) {
    if (row.type === 'immediate' || !row.promisedOn) continue;
    if (!calendars.has(row.centerKey)) calendars.set(row.centerKey, await calendarFor(row.centerKey));
    const cal = calendars.get(row.centerKey)!;
    const late = caseDaysLate(cal, row.promisedOn, today);
    if (late > row.lapsedDays) n += await deadlineLapses(row, cal, late);
  }
  return n;
}

export type { EventRow };
