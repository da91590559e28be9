import ExcelJS from 'exceljs';
import type { TSurveyResults } from '@bianmin/shared';

/** The results as a workbook: the same numbers as the results endpoint. */
export async function resultsXlsx(r: TSurveyResults): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评议结果');
  ws.addRow([r.title]);
  ws.addRow([`有效问卷 ${r.responses} 份（目标样本 ${r.targetSample} 份）`]);
  for (const q of r.questions) {
    ws.addRow([]);
    ws.addRow([q.text, `作答 ${q.answered}`]).font = { bold: true };
    for (const c of q.counts ?? []) ws.addRow([c.label, c.count, `${c.share}%`]);
    if (q.average !== undefined) ws.addRow(['平均分', q.average]);
    for (const t of q.texts ?? []) ws.addRow([t]);
  }
  ws.getColumn(1).width = 50;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
