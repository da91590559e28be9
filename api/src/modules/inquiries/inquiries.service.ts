import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { chinaDate, INQUIRY_OUTCOME_LABELS, maskPhone, type TInquiry, type TInquiryCreate, type TInquiryList } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findUser } from '../auth';
import { findCenter, settingsFor, subtreeIds } from '../centers';
import { calendarFor } from '../calendar';
import { recordLapse } from '../queue';
import { absentOn, coverFor, recordCoverMove } from '../absences';
import { Inquiry, InquiryEvent, findInquiry, type InquiryRow } from './inquiry.model';
import { inquiryPolicy, type InquiryScope } from './inquiries.policy';

type ListStatus = 'open' | 'overdue' | 'all';

async function scopeOf(centerId: string, holderId = ''): Promise<InquiryScope> {
  const c = await findCenter(centerId);
  if (!c) throw AppError.notFound('服务中心');
  return { centerId: c.id, ancestors: c.ancestors, holderId };
}

/** The phone as this viewer may see it: in full for the holder and the center's staff, else 139****5678. */
const phoneFor = (phone: string, actor: Actor, scope: InquiryScope): string => (inquiryPolicy.can(actor, 'seePhone', scope) ? phone : maskPhone(phone));

const isOverdue = (i: InquiryRow, today: string) => i.status === 'open' && !!i.followUpDue && today > i.followUpDue;

function present(i: InquiryRow, actor: Actor, scope: InquiryScope, today: string): TInquiry {
  return {
    id: String(i._id),
    centerId: i.centerKey,
    holderId: i.holderKey,
    holderName: i.holderName,
    channel: i.channel as TInquiry['channel'],
    ...(i.phone ? { phone: phoneFor(i.phone, actor, scope) } : {}),
    question: i.question,
    ...(i.matter ? { matter: i.matter } : {}),
    outcome: i.outcome as TInquiry['outcome'],
    ...(i.answer ? { answer: i.answer } : {}),
    ...(i.referralTo ? { referral: { to: i.referralTo, receiver: i.referralReceiver ?? '' } } : {}),
    followUpDue: i.followUpDue ?? null,
    status: i.status as TInquiry['status'],
    overdue: isOverdue(i, today),
    createdAt: i.createdAt.toISOString(),
    ...(i.closedAt ? { closedAt: i.closedAt.toISOString() } : {}),
    ...(i.closeNote ? { closeNote: i.closeNote } : {}),
    actions: i.status === 'open' ? inquiryPolicy.allowedActions(actor, scope, ['close']) as TInquiry['actions'] : [],
  };
}

/** An overdue referral is a lapse of its holder, pending a supervisor's review (recorded once). */
async function lapseIfOverdue(i: InquiryRow, today: string) {
  if (!isOverdue(i, today)) return;
  await recordLapse({
    id: `inquiry-overdue:${i._id}`,
    kind: 'deadline',
    centerId: i.centerKey,
    staffId: i.holderKey,
    subjectId: String(i._id),
    date: today,
    detail: `首问登记转交后未按期回复（应于${i.followUpDue}前）`,
    status: 'pending',
  });
}

/** Record a question: answered on the spot (closed at once) or referred with a follow-up due. */
async function record(actor: Actor, input: TInquiryCreate, now = new Date()): Promise<TInquiry> {
  const scope = await scopeOf(actor.centerId ?? '', actor.id);
  inquiryPolicy.authorize(actor, 'record', scope, '只有本中心工作人员可以登记首问');
  const today = chinaDate(now);
  const referred = input.outcome === 'referred';
  const [cal, settings, me] = await Promise.all([calendarFor(scope.centerId), settingsFor(scope.centerId), findUser(actor.id)]);
  const row = await Inquiry.create({
    centerKey: scope.centerId,
    holderKey: actor.id,
    holderName: me?.name ?? '工作人员',
    channel: input.channel,
    phone: input.phone ?? null,
    question: input.question,
    matter: input.matter ?? null,
    outcome: input.outcome,
    answer: input.answer ?? null,
    referralTo: referred ? input.referral!.to : null,
    referralReceiver: referred ? input.referral!.receiver : null,
    followUpDue: referred ? cal.addWorkingDays(today, settings.inquiries.followUpDays) : null,
    status: referred ? 'open' : 'closed',
    closedAt: referred ? null : now,
    seq: 1,
  });
  await InquiryEvent.create({ inquiryId: row._id, seq: 1, type: 'recorded', actorId: actor.id, data: { outcome: input.outcome } });
  return present(row.toObject(), actor, scope, today);
}

/**
 * AB岗 for 首问: an open entry whose holder is away on the day goes to the colleague covering them, as an appended
 * `cover` event (its unique seq decides a race with a close) and a recorded move; from then on B holds it and
 * answers for it. Run before every list and by the sweep, so a recorded absence takes effect on the day it covers.
 */
export async function coverAbsentInquiries(now = new Date(), centerKeys?: readonly string[]): Promise<number> {
  const date = chinaDate(now);
  const filter: Record<string, unknown> = { status: 'open' };
  if (centerKeys) filter.centerKey = { $in: [...centerKeys] };
  const open = (await Inquiry.find(filter).lean()) as InquiryRow[];
  const away = await absentOn(open.map((i) => i.holderKey), date);
  if (!away.size) return 0;
  const covers = new Map<string, string | null>();
  for (const a of away) covers.set(a, await coverFor(a, date));
  let moved = 0;
  for (const i of open) {
    const to = covers.get(i.holderKey);
    if (to && (await handOver(i, to, date))) moved++;
  }
  return moved;
}

async function handOver(i: InquiryRow, to: string, date: string): Promise<boolean> {
  const from = i.holderKey;
  try {
    await InquiryEvent.create({ inquiryId: i._id, seq: i.seq + 1, type: 'cover', actorId: to, data: { from, to, date, reason: 'AB岗：首问责任人不在岗，由B岗接办' } });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  const name = (await findUser(to))?.name ?? '工作人员';
  await Inquiry.updateOne({ _id: i._id, seq: i.seq }, { $set: { holderKey: to, holderName: name, seq: i.seq + 1 } });
  await recordCoverMove({ kind: 'inquiry', subjectId: String(i._id), centerId: i.centerKey, fromUser: from, toUser: to, date, detail: i.question.slice(0, 60) });
  return true;
}

async function rowsFor(actor: Actor, status: ListStatus, now: Date): Promise<{ rows: InquiryRow[]; scope: InquiryScope; today: string }> {
  const scope = await scopeOf(actor.centerId ?? '');
  inquiryPolicy.authorize(actor, 'list', scope, '无权查看该服务中心的首问登记');
  const keys = actor.role === 'admin' ? await subtreeIds(scope.centerId) : [scope.centerId];
  await coverAbsentInquiries(now, keys);
  const rows: InquiryRow[] = (
    await Promise.all(keys.map((k) => Inquiry.find(status === 'all' ? { centerKey: k } : { centerKey: k, status: 'open' }).sort({ createdAt: -1 }).limit(1000).lean()))
  ).flat();
  const today = chinaDate(now);
  await Promise.all(rows.map((i) => lapseIfOverdue(i, today)));
  return { rows: status === 'overdue' ? rows.filter((i) => isOverdue(i, today)) : rows, scope, today };
}

/** Open (or overdue, or all) entries of the actor's center; an overdue one is recorded as a lapse. */
async function list(actor: Actor, status: ListStatus, now = new Date()): Promise<TInquiryList> {
  const { rows, scope, today } = await rowsFor(actor, status, now);
  return { items: rows.map((i) => present(i, actor, { ...scope, centerId: i.centerKey, holderId: i.holderKey }, today)) };
}

/** The holder closes an entry once the citizen has the answer. */
async function close(actor: Actor, id: string, note: string, now = new Date()): Promise<TInquiry> {
  const i = Types.ObjectId.isValid(id) ? await findInquiry(new Types.ObjectId(id)) : null;
  if (!i) throw AppError.notFound('首问登记');
  const scope = await scopeOf(i.centerKey, i.holderKey);
  if (!inquiryPolicy.can(actor, 'list', scope)) throw AppError.notFound('首问登记');
  inquiryPolicy.authorize(actor, 'close', scope, '只有首问责任人可以办结');
  if (i.status !== 'open') throw new AppError('CONFLICT', '该登记已办结');
  const today = chinaDate(now);
  await lapseIfOverdue(i, today);
  try {
    await InquiryEvent.create({ inquiryId: i._id, seq: i.seq + 1, type: 'closed', actorId: actor.id, data: { note } });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该登记刚刚被处理，请刷新');
    throw err;
  }
  await Inquiry.updateOne({ _id: i._id }, { $set: { status: 'closed', closedAt: now, closeNote: note, seq: i.seq + 1 } });
  return present((await findInquiry(i._id))!, actor, scope, today);
}

/** The register as Excel, same rows as the list. */
async function exportXlsx(actor: Actor, status: ListStatus, now = new Date()): Promise<Buffer> {
  const { rows, scope, today } = await rowsFor(actor, status, now);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('首问登记');
  ws.columns = [
    { header: '登记时间', key: 'at', width: 18 },
    { header: '首问责任人', key: 'holder', width: 12 },
    { header: '方式', key: 'channel', width: 8 },
    { header: '联系电话', key: 'phone', width: 14 },
    { header: '咨询问题', key: 'question', width: 40 },
    { header: '事项', key: 'matter', width: 20 },
    { header: '处理方式', key: 'outcome', width: 10 },
    { header: '转交窗口/部门', key: 'to', width: 16 },
    { header: '接收人', key: 'receiver', width: 10 },
    { header: '回复期限', key: 'due', width: 12 },
    { header: '状态', key: 'status', width: 10 },
    { header: '办结说明', key: 'note', width: 30 },
  ];
  for (const i of rows) {
    ws.addRow({
      at: `${chinaDate(i.createdAt)}`,
      holder: i.holderName,
      channel: i.channel === 'phone' ? '电话' : '窗口',
      phone: i.phone ? phoneFor(i.phone, actor, { ...scope, centerId: i.centerKey, holderId: i.holderKey }) : '',
      question: i.question,
      matter: i.matter ?? '',
      outcome: INQUIRY_OUTCOME_LABELS[i.outcome as 'answered' | 'referred'],
      to: i.referralTo ?? '',
      receiver: i.referralReceiver ?? '',
      due: i.followUpDue ?? '',
      status: i.status === 'closed' ? '已办结' : isOverdue(i, today) ? '已超期' : '办理中',
      note: i.closeNote ?? i.answer ?? '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sweep: every overdue referral counts one pending lapse of its holder (for the jobs runner). */
export async function sweepOverdueInquiries(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  await coverAbsentInquiries(now);
  const open = await Inquiry.find({ status: 'open', followUpDue: { $lt: today } }).lean();
  await Promise.all(open.map((i) => lapseIfOverdue(i, today)));
  return open.length;
}

export function createInquiryService() {
  return { record, list, close, exportXlsx };
}
export type InquiryService = ReturnType<typeof createInquiryService>;
