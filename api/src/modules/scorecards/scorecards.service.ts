import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { chinaInstant, isBadRating } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { assertManages, subtreeIds } from '../centers/centers.service';
import { User } from '../auth/auth.model';
import { Booking, BookingWindow } from '../bookings/booking.model';
import { Delegation } from '../delegations/delegation.model';
import { Lapse } from '../queue/queue.model';
import { Rating, Rectification } from '../evaluations/evaluation.model';
import { Complaint } from '../complaints/complaint.model';
import { Center } from '../centers/center.model';

export type Period = { kind: 'month' | 'quarter' | 'year'; value: string };

/** China-date range [from, to) of a period: 2026-11, 2026-Q4, 2026. */
export function periodRange(p: Period): { from: string; to: string } {
  if (p.kind === 'year') return { from: `${p.value}-01-01`, to: `${Number(p.value) + 1}-01-01` };
  if (p.kind === 'quarter') {
    const [y, q] = p.value.split('-Q').map(Number);
    const m = (q - 1) * 3 + 1;
    return { from: `${y}-${String(m).padStart(2, '0')}-01`, to: q === 4 ? `${y + 1}-01-01` : `${y}-${String(m + 3).padStart(2, '0')}-01` };
  }
  const [y, m] = p.value.split('-').map(Number);
  return { from: `${p.value}-01`, to: m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01` };
}

const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);

/**
 * One scorecard line. Rates follow GB/T 39735-2020 as applied here:
 * - 好评率 = (非常满意 + 满意 + 基本满意) ÷ ratings counted (an upheld appeal removes a rating from the count);
 * - 主动评价好评率 = 好评 among ratings the citizen gave of their own accord ÷ those ratings. This system never
 *   fills in a default rating, so every counted rating is 主动 and the two rates coincide — by construction, not
 *   by assumption;
 * - 未评价率 = served records with no rating ÷ served records (a record still inside its rating period counts as
 *   not rated yet);
 * - 差评整改率 = 差评 whose rectification reached the reply ÷ 差评; 回访率 = 差评 contacted ÷ 差评;
 * - 限时办结率 = finished 代办 cases with no late stage ÷ finished cases.
 */
export interface ScoreLine {
  key: string;
  name: string;
  served: number;
  casesFinished: number;
  onTimeRate: number | null;
  lapses: number;
  ratings: number;
  goodRate: number | null;
  activeGoodRate: number | null;
  badCount: number;
  rectifiedRate: number | null;
  followUpRate: number | null;
  unratedRate: number | null;
  complaints: number;
}

type Acc = { served: number; rated: number; good: number; bad: number; rectified: number; contacted: number; cases: number; onTime: number; lapses: number; complaints: number };
const empty = (): Acc => ({ served: 0, rated: 0, good: 0, bad: 0, rectified: 0, contacted: 0, cases: 0, onTime: 0, lapses: 0, complaints: 0 });

function line(key: string, name: string, a: Acc): ScoreLine {
  return {
    key,
    name,
    served: a.served,
    casesFinished: a.cases,
    onTimeRate: pct(a.onTime, a.cases),
    lapses: a.lapses,
    ratings: a.rated,
    goodRate: pct(a.good, a.rated),
    activeGoodRate: pct(a.good, a.rated),
    badCount: a.bad,
    rectifiedRate: pct(a.rectified, a.bad),
    followUpRate: pct(a.contacted, a.bad),
    unratedRate: pct(a.served + a.cases - Math.min(a.rated, a.served + a.cases), a.served + a.cases),
    complaints: a.complaints,
  };
}

/** Scorecards per center, window, staff member and agent for a period, computed from the stored facts. */
export async function scorecards(actor: Actor, centerId: string, period: Period) {
  await assertManages(actor, centerId, { adminOnly: actor.role !== 'staff' });
  const { from, to } = periodRange(period);
  const start = chinaInstant(from);
  const end = chinaInstant(to);
  const centers = (await subtreeIds(centerId)).map(String);
  const inCenters = { $in: centers.map((c) => new Types.ObjectId(c)) };

  const [bookings, cases, ratings, rects, lapses, complaints] = await Promise.all([
    Booking.find({ centerId: inCenters, status: 'served', slotStart: { $gte: start, $lt: end } }, { windowId: 1, servedBy: 1, centerId: 1 }).lean(),
    Delegation.find({ centerId: inCenters, state: { $in: ['completed', 'followed_up'] }, completedOn: { $gte: from, $lt: to } }, { agentId: 1, centerId: 1, stages: 1 }).lean(),
    Promise.all(centers.map((k) => Rating.find({ centerKey: k, excluded: { $ne: true }, createdAt: { $gte: start, $lt: addDaysInstant(end, 7) } }).lean())).then((x) => x.flat()),
    Promise.all(centers.map((k) => Rectification.find({ centerKey: k }).lean())).then((x) => x.flat()),
    Lapse.find({ centerId: inCenters, date: { $gte: from, $lt: to } }).lean(),
    Promise.all(centers.map((k) => Complaint.find({ centerKey: k, kind: 'complaint', createdAt: { $gte: start, $lt: end } }, { staffId: 1, centerId: 1 }).lean())).then((x) => x.flat()),
  ]);
  const rectById = new Map(rects.map((r) => [String(r._id), r]));
  // Ratings belong to the period of the record they rate.
  const servedIds = new Set([...bookings.map((b) => `booking:${b._id}`), ...cases.map((c) => `case:${c._id}`)]);

  const groups = new Map<string, Acc>();
  const acc = (k: string) => {
    let a = groups.get(k);
    if (!a) groups.set(k, (a = empty()));
    return a;
  };
  for (const b of bookings) {
    const staff = b.servedBy ? String(b.servedBy) : null;
    for (const k of [`center:${b.centerId}`, `window:${b.windowId}`, ...(staff ? [`staff:${staff}`] : [])]) acc(k).served++;
  }
  for (const c of cases) {
    const onTime = (c.stages ?? []).every((s) => !s.lateDays);
    for (const k of [`center:${c.centerId}`, ...(c.agentId ? [`agent:${c.agentId}`] : [])]) {
      acc(k).cases++;
      if (onTime) acc(k).onTime++;
    }
  }
  for (const r of ratings) {
    if (!servedIds.has(String(r._id))) continue;
    const keys = [`center:${r.centerId}`, ...(r.windowId ? [`window:${r.windowId}`] : []), ...(r.staffId ? [`staff:${r.staffId}`] : []), ...(r.agentId ? [`agent:${r.agentId}`] : [])];
    const rect = rectById.get(String(r._id));
    for (const k of keys) {
      const a = acc(k);
      a.rated++;
      if (!isBadRating(r.level)) a.good++;
      else {
        a.bad++;
        if (rect && ['reply', 'closed'].includes(rect.status)) a.rectified++;
        if (rect && rect.status !== 'open') a.contacted++;
      }
    }
  }
  for (const l of lapses) {
    for (const k of [`center:${l.centerId}`, ...(l.windowId ? [`window:${l.windowId}`] : []), ...(l.staffId ? [`staff:${l.staffId}`] : []), ...(l.agentId ? [`agent:${l.agentId}`] : [])]) acc(k).lapses++;
  }
  for (const c of complaints) for (const k of [`center:${c.centerId}`, ...(c.staffId ? [`staff:${c.staffId}`] : [])]) acc(k).complaints++;

  const ids = (p: string) => [...groups.keys()].filter((k) => k.startsWith(p)).map((k) => new Types.ObjectId(k.slice(p.length)));
  const [users, windows, centerDocs] = await Promise.all([
    User.find({ _id: { $in: [...ids('staff:'), ...ids('agent:')] } }, { name: 1 }).lean(),
    BookingWindow.find({ _id: { $in: ids('window:') } }, { name: 1 }).lean(),
    Center.find({ _id: { $in: ids('center:') } }, { name: 1 }).lean(),
  ]);
  const names = new Map<string, string>([...users, ...windows, ...centerDocs].map((d) => [String(d._id), d.name]));
  const section = (p: string) => [...groups.entries()].filter(([k]) => k.startsWith(p)).map(([k, a]) => line(k, names.get(k.slice(p.length)) ?? '', a)).sort((x, y) => x.name.localeCompare(y.name, 'zh'));
  return { period, from, to, centers: section('center:'), windows: section('window:'), staff: section('staff:'), agents: section('agent:') };
}

function addDaysInstant(d: Date, n: number) {
  return new Date(d.getTime() + n * 86_400_000);
}

const SHEETS: [keyof Pick<Awaited<ReturnType<typeof scorecards>>, 'centers' | 'windows' | 'staff' | 'agents'>, string][] = [
  ['centers', '中心'],
  ['windows', '窗口'],
  ['staff', '工作人员'],
  ['agents', '代办员'],
];
const COLUMNS: [keyof ScoreLine, string][] = [
  ['name', '名称'],
  ['served', '办件量（预约）'],
  ['casesFinished', '代办办结'],
  ['onTimeRate', '限时办结率%'],
  ['lapses', '失误'],
  ['ratings', '评价数'],
  ['goodRate', '好评率%'],
  ['activeGoodRate', '主动评价好评率%'],
  ['badCount', '差评'],
  ['rectifiedRate', '差评整改率%'],
  ['followUpRate', '回访率%'],
  ['unratedRate', '未评价率%'],
  ['complaints', '投诉'],
];

/** The scorecards as a workbook: one sheet per kind, the very numbers the API answers. */
export async function scorecardsXlsx(data: Awaited<ReturnType<typeof scorecards>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [key, title] of SHEETS) {
    const ws = wb.addWorksheet(title);
    ws.addRow([`${data.from} 至 ${data.to}（不含）`]);
    ws.addRow(COLUMNS.map(([, label]) => label)).font = { bold: true };
    for (const line of data[key]) ws.addRow(COLUMNS.map(([k]) => line[k] ?? '—'));
    ws.getColumn(1).width = 24;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
