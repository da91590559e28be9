import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { CASE_TYPE_LABELS, RATING_LEVEL_LABELS, type TReportFigures } from '@bianmin/shared';
import { AppError } from '../../http/errors';

/** A CJK font on this machine (Debian: fonts-noto-cjk); PDF text needs one. */
const FONT_CANDIDATES: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', undefined],
];

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
type Doc = InstanceType<typeof PDFDocument>;

function openDoc(f: TReportFigures, fontPath?: string): Doc {
  const font = (fontPath ? [[fontPath, undefined] as [string, string | undefined]] : FONT_CANDIDATES).find(([p]) => fs.existsSync(p));
  if (!font) throw new AppError('INTERNAL', '服务器缺少中文字体，无法生成PDF（请安装 fonts-noto-cjk）');
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${f.centerName} ${f.month} 政务服务情况公告` } });
  if (font[1]) doc.font(font[0], font[1]);
  else doc.font(font[0]);
  return doc;
}

/** The four sections of the notice, in print order (办件 = window cases; bookings and 代办 on their own rows). */
function writeSections(doc: Doc, f: TReportFigures): void {
  const row = (label: string, value: string | number) => doc.text(`${label}：${value}`);
  const heading = (text: string) => doc.moveDown(0.5).fontSize(14).text(text).fontSize(12);
  heading('一、办件情况');
  row('受理办件', f.cases.received);
  for (const t of ['immediate', 'committed', 'joint', 'reported'] as const) row(CASE_TYPE_LABELS[t], f.cases[t]);
  row('补办件', f.cases.supplemented);
  row('退办件', f.cases.refused);
  row('办结', `${f.cases.completed} 件，其中按时办结 ${f.cases.onTime} 件`);
  row('按时办结率', pct(f.cases.onTimeRate));
  row('超期', `${f.cases.overdue} 个工作日`);
  row('违反一次性告知', f.cases.breaches);
  row('预约接待', f.bookings.served);
  heading('二、帮办代办');
  row('帮办', f.assisted.help);
  row('代办', f.assisted.delegate);
  row('上门服务', f.assisted.home);
  row('代办退办', f.assisted.refused);
  row('代办补正', f.assisted.corrected);
  row('代办办结', f.assisted.finished);
  row('代办限时办结率', pct(f.assisted.onTimeRate));
  heading('三、好差评');
  row('评价总数', f.ratings.total);
  row('其中办件评价', `${f.cases.rated} 条，好评率 ${pct(f.cases.goodRate)}`);
  for (const lv of ['5', '4', '3', '2', '1']) row(RATING_LEVEL_LABELS[Number(lv) as 5], f.ratings.byLevel[lv] ?? 0);
  row('好评率', pct(f.ratings.goodRate));
  row('未评价率', pct(f.ratings.unratedRate));
  row('差评', `${f.ratings.bad} 件，已整改 ${f.ratings.badRectified} 件`);
  heading('四、投诉建议');
  row('收到', f.complaints.total);
  row('已答复', `${f.complaints.answered} 件，其中按时答复 ${f.complaints.answeredInTime} 件`);
}

/** The notice-board PDF (A4): the same figures as the API, in print. */
export async function reportPdf(f: TReportFigures, fontPath?: string): Promise<Buffer> {
  const doc = openDoc(f, fontPath);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(20).text(`${f.centerName}`, { align: 'center' });
  doc.fontSize(16).text(`${f.month.replace('-', '年')}月 政务服务情况公告`, { align: 'center' }).moveDown();
  doc.fontSize(12).text(`统计期间：${f.from} 至 ${f.to}（不含）`);
  writeSections(doc, f);
  doc.moveDown().fontSize(10).fillColor('#444').text(`生成时间：${f.generatedAt.slice(0, 10)}　本公告依据系统记录自动生成。`);
  doc.end();
  return done;
}
