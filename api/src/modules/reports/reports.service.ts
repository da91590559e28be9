import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { Types } from 'mongoose';
import { CASE_TYPE_LABELS, RATING_LEVEL_LABELS, chinaDate, chinaInstant, type TCaseType } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { assertManages, getCenterOr404, subtreeIds } from '../centers/centers.service';
import { Center } from '../centers/center.model';
import { Booking } from '../bookings/booking.model';
import { Delegation } from '../delegations/delegation.model';
import { LedgerEntry } from '../delegations/ledger.model';
import { ServiceItem } from '../service-items/service-item.model';
import { Rating, Rectification } from '../evaluations/evaluation.model';
import { Complaint } from '../complaints/complaint.model';
import { periodRange } from '../scorecards/scorecards.service';
import { MonthlyReport } from './report.model';

export interface ReportFigures {
  centerName: string;
  month: string;
  from: string;
  to: string;
  /** Served bookings by the item's case type (即办/承诺/联办/上报), plus 退办 and 补办 from 代办 cases. */
  cases: { immediate: number; committed: number; joint: number; reported: number; refused: number; corrected: number };
  onTimeRate: number | null;
  assisted: { help: number; delegate: number; home: number };
  ratings: { total: number; byLevel: Record<string, number>; goodRate: number | null; unratedRate: number | null; bad: number; badRectified: number };
  complaints: { total: number; answered: number; answeredInTime: number };
  generatedAt: string;
}

/** Compute a month's figures for a center and the centers below it, from the stored facts. */
export async function computeReport(centerId: string, month: string): Promise<ReportFigures> {
  const center = await getCenterOr404(centerId);
  const { from, to } = periodRange({ kind: 'month', value: month });
  const start = chinaInstant(from);
  const end = chinaInstant(to);
  const ids = await subtreeIds(centerId);
  const keys = ids.map(String);

  const [bookings, casesCreated, casesClosed, casesFinished, corrections, ratings, rects, complaints] = await Promise.all([
    Booking.find({ centerId: { $in: ids }, status: 'served', slotStart: { $gte: start, $lt: end } }, { itemId: 1 }).lean(),
    Delegation.find({ centerId: { $in: ids }, createdAt: { $gte: start, $lt: end } }, { mode: 1 }).lean(),
    Delegation.find({ centerId: { $in: ids }, state: 'refused', updatedAt: { $gte: start, $lt: end } }, { _id: 1 }).lean(),
    Delegation.find({ centerId: { $in: ids }, state: { $in: ['completed', 'followed_up'] }, completedOn: { $gte: from, $lt: to } }, { stages: 1 }).lean(),
    Promise.all(keys.map((k) => LedgerEntry.find({ centerKey: k, type: 'request_correction', at: { $gte: start, $lt: end } }, { caseKey: 1 }).lean())).then((x) => x.flat()),
    Promise.all(keys.map((k) => Rating.find({ centerKey: k, excluded: { $ne: true }, createdAt: { $gte: start, $lt: end } }, { level: 1 }).lean())).then((x) => x.flat()),
    Promise.all(keys.map((k) => Rectification.find({ centerKey: k }, { status: 1 }).lean())).then((x) => x.flat()),
    Promise.all(keys.map((k) => Complaint.find({ centerKey: k, createdAt: { $gte: start, $lt: end } }, { status: 1, answeredAt: 1, answerDue: 1 }).lean())).then((x) => x.flat()),
  ]);
  const items = await ServiceItem.find({ _id: { $in: [...new Set(bookings.map((b) => String(b.itemId)))].map((i) => new Types.ObjectId(i)) } }, { caseType: 1 }).lean();
  const typeOf = new Map(items.map((i) => [String(i._id), i.caseType as TCaseType]));
  const cases = { immediate: 0, committed: 0, joint: 0, reported: 0, refused: casesClosed.length, corrected: new Set(corrections.map((c) => c.caseKey)).size };
  for (const b of bookings) {
    const t = typeOf.get(String(b.itemId));
    if (t) cases[t]++;
  }
  const byLevel: Record<string, number> = { '5': 0, '4': 0, '3': 0, '2': 0, '1': 0 };
  for (const r of ratings) byLevel[String(r.level)]++;
  const bad = ratings.filter((r) => r.level <= 2);
  const rectStatus = new Map(rects.map((r) => [String(r._id), r.status]));
  const onTime = casesFinished.filter((c) => (c.stages ?? []).every((s) => !s.lateDays)).length;
  const records = bookings.length + casesFinished.length;
  const total = ratings.length;
  const good = ratings.length - bad.length;
  const answered = complaints.filter((c) => c.status === 'answered');
  return {
    centerName: center.name,
    month,
    from,
    to,
    cases,
    onTimeRate: casesFinished.length ? Math.round((onTime / casesFinished.length) * 1000) / 10 : null,
    assisted: {
      help: casesCreated.filter((c) => c.mode === 'help').length,
      delegate: casesCreated.filter((c) => c.mode === 'delegate').length,
      home: casesCreated.filter((c) => c.mode === 'home').length,
    },
    ratings: {
      total,
      byLevel,
      goodRate: total ? Math.round((good / total) * 1000) / 10 : null,
      // 未评价率: served records of the month without a counted rating.
      unratedRate: records ? Math.round((Math.max(0, records - total) / records) * 1000) / 10 : null,
      bad: bad.length,
      badRectified: bad.filter((r) => ['reply', 'closed'].includes(rectStatus.get(String(r._id)) ?? '')).length,
    },
    complaints: {
      total: complaints.length,
      answered: answered.length,
      answeredInTime: answered.filter((c) => c.answeredAt && chinaDate(c.answeredAt) <= c.answerDue).length,
    },
    generatedAt: new Date().toISOString(),
  };
}

export async function generate(centerId: string, month: string) {
  const figures = await computeReport(centerId, month);
  const id = `${centerId}:${month}`;
  await MonthlyReport.replaceOne({ _id: id }, { _id: id, centerId: new Types.ObjectId(centerId), centerKey: centerId, month, figures }, { upsert: true });
  return figures;
}

export async function generateOnDemand(actor: Actor, centerId: string, month: string) {
  await assertManages(actor, centerId, { adminOnly: true });
  if (month >= chinaDate(new Date()).slice(0, 7)) throw AppError.validation([{ field: 'month', message: '只能生成已结束月份的公告' }]);
  return generate(centerId, month);
}

/** After month end (days 1–5), every center's report for last month, once. */
export async function generateDue(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  if (Number(today.slice(8)) > 5) return 0;
  const [y, m] = today.slice(0, 7).split('-').map(Number);
  const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  let n = 0;
  for (const c of await Center.find({}, { _id: 1 }).lean()) {
    if (await MonthlyReport.exists({ _id: `${c._id}:${last}` })) continue;
    await generate(String(c._id), last);
    n++;
  }
  return n;
}

export async function publicReport(centerId: string, month: string): Promise<ReportFigures> {
  const r = await MonthlyReport.findById(`${centerId}:${month}`).lean();
  if (!r) throw AppError.notFound('该月公告');
  return r.figures as ReportFigures;
}

export async function listPublic(centerId: string) {
  const rows = await MonthlyReport.find({ centerKey: centerId }, { month: 1 }).sort({ month: -1 }).limit(36).lean();
  return { items: rows.map((r) => ({ month: r.month })) };
}

/** A CJK font on this machine (Debian: fonts-noto-cjk); PDF text needs one. */
const FONT_CANDIDATES: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', undefined],
];

/** The notice-board PDF (A4): the same figures as the API, in print. */
export async function reportPdf(f: ReportFigures, fontPath?: string): Promise<Buffer> {
  const font = (fontPath ? [[fontPath, undefined] as [string, string | undefined]] : FONT_CANDIDATES).find(([p]) => fs.existsSync(p));
  if (!font) throw new AppError('INTERNAL', '服务器缺少中文字体，无法生成PDF（请安装 fonts-noto-cjk）');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${f.centerName} ${f.month} 政务服务情况公告` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  if (font[1]) doc.font(font[0], font[1]);
  else doc.font(font[0]);
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
  doc.fontSize(20).text(`${f.centerName}`, { align: 'center' });
  doc.fontSize(16).text(`${f.month.replace('-', '年')}月 政务服务情况公告`, { align: 'center' }).moveDown();
  doc.fontSize(12).text(`统计期间：${f.from} 至 ${f.to}（不含）`).moveDown(0.5);
  const row = (label: string, value: string | number) => doc.text(`${label}：${value}`);
  doc.fontSize(14).text('一、办件情况').fontSize(12);
  for (const t of ['immediate', 'committed', 'joint', 'reported'] as const) row(CASE_TYPE_LABELS[t], f.cases[t]);
  row('退办件', f.cases.refused);
  row('补办件', f.cases.corrected);
  row('限时办结率', pct(f.onTimeRate));
  doc.moveDown(0.5).fontSize(14).text('二、帮办代办').fontSize(12);
  row('帮办', f.assisted.help);
  row('代办', f.assisted.delegate);
  row('上门服务', f.assisted.home);
  doc.moveDown(0.5).fontSize(14).text('三、好差评').fontSize(12);
  row('评价总数', f.ratings.total);
  for (const lv of ['5', '4', '3', '2', '1']) row(RATING_LEVEL_LABELS[Number(lv) as 5], f.ratings.byLevel[lv] ?? 0);
  row('好评率', pct(f.ratings.goodRate));
  row('未评价率', pct(f.ratings.unratedRate));
  row('差评', `${f.ratings.bad} 件，已整改 ${f.ratings.badRectified} 件`);
  doc.moveDown(0.5).fontSize(14).text('四、投诉建议').fontSize(12);
  row('收到', f.complaints.total);
  row('已答复', `${f.complaints.answered} 件，其中按时答复 ${f.complaints.answeredInTime} 件`);
  doc.moveDown().fontSize(10).fillColor('#444').text(`生成时间：${f.generatedAt.slice(0, 10)}　本公告依据系统记录自动生成。`);
  doc.end();
  return done;
}
