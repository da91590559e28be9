import ExcelJS from 'exceljs';
import type { TScoreLine, TScorecards } from '@bianmin/shared';

const SHEETS: [keyof Pick<TScorecards, 'centers' | 'windows' | 'staff' | 'agents'>, string][] = [
  ['centers', '中心'],
  ['windows', '窗口'],
  ['staff', '工作人员'],
  ['agents', '代办员'],
];

/**
 * The columns, in order: 办件 (window cases) first, then bookings and 代办 on their own columns, then lapses,
 * ratings and complaints. Each cell is read from the API's line, so the workbook holds the very same numbers.
 */
export const SCORECARD_COLUMNS: [string, (l: TScoreLine) => string | number | null][] = [
  ['名称', (l) => l.name],
  ['受理办件', (l) => l.windowCases.received],
  ['即办件', (l) => l.windowCases.immediate],
  ['承诺件', (l) => l.windowCases.committed],
  ['联办件', (l) => l.windowCases.joint],
  ['上报件', (l) => l.windowCases.reported],
  ['补办件', (l) => l.windowCases.supplemented],
  ['退办件', (l) => l.windowCases.refused],
  ['办结', (l) => l.windowCases.completed],
  ['按时办结', (l) => l.windowCases.onTime],
  ['办件按时办结率%', (l) => l.windowCases.onTimeRate],
  ['超期（工作日）', (l) => l.windowCases.overdue],
  ['违反一次性告知', (l) => l.windowCases.breaches],
  ['办件评价数', (l) => l.windowCases.rated],
  ['办件好评率%', (l) => l.windowCases.goodRate],
  ['预约接待', (l) => l.served],
  ['代办办结', (l) => l.casesFinished],
  ['代办限时办结率%', (l) => l.onTimeRate],
  ['失误', (l) => l.lapses],
  ['评价数', (l) => l.ratings],
  ['好评率%', (l) => l.goodRate],
  ['主动评价好评率%', (l) => l.activeGoodRate],
  ['差评', (l) => l.badCount],
  ['差评整改率%', (l) => l.rectifiedRate],
  ['回访率%', (l) => l.followUpRate],
  ['未评价率%', (l) => l.unratedRate],
  ['投诉', (l) => l.complaints],
];

/** The scorecards as a workbook: one sheet per kind, the very numbers the API answers ('—' where a rate is null). */
export async function scorecardsXlsx(data: TScorecards): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [key, title] of SHEETS) {
    const ws = wb.addWorksheet(title);
    ws.addRow([`${data.from} 至 ${data.to}（不含）`]);
    ws.addRow(SCORECARD_COLUMNS.map(([label]) => label)).font = { bold: true };
    for (const line of data[key]) ws.addRow(SCORECARD_COLUMNS.map(([, cell]) => cell(line) ?? '—'));
    ws.getColumn(1).width = 24;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
