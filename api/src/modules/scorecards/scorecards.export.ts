import ExcelJS from 'exceljs';
import type { TScoreLine, TScorecards } from '@bianmin/shared';

const SHEETS: [keyof Pick<TScorecards, 'centers' | 'windows' | 'staff' | 'agents'>, string][] = [
  ['centers', '中心'],
  ['windows', '窗口'],
  ['staff', '工作人员'],
  ['agents', '代办员'],
];
const COLUMNS: [keyof TScoreLine, string][] = [
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
export async function scorecardsXlsx(data: TScorecards): Promise<Buffer> {
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
