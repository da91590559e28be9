import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { CASE_STATE_LABELS, SERVICE_MODE_LABELS, chinaDate, chinaInstant, addDays, maskPhone, type TCaseState, type TServiceMode } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { userNames } from '../auth';
import { assertManages, subtreeIds } from '../centers';
import { Delegation } from './delegation.model';

export const LEDGER_COLUMNS = ['序号', '受理日期', '申请人', '联系电话', '事项名称', '办理方式', '代办员', '材料交接', '办理进度', '办结日期', '办理结果', '群众评价'] as const;

export interface ExportFilter {
  centerId: string;
  agentId?: string;
  from?: string;
  to?: string;
  state?: TCaseState;
}

/** The 台账 rows for a center and below, phones masked (an export leaves the system). */
export async function ledgerRows(actor: Actor, f: ExportFilter): Promise<string[][]> {
  await assertManages(actor, f.centerId, { adminOnly: true });
  const q: Record<string, unknown> = { centerPath: { $in: (await subtreeIds(f.centerId)).map((id) => new Types.ObjectId(id)) } };
  if (f.agentId) q.agentId = new Types.ObjectId(f.agentId);
  if (f.state) q.state = f.state;
  if (f.from || f.to) q.createdAt = { ...(f.from ? { $gte: chinaInstant(f.from) } : {}), ...(f.to ? { $lt: chinaInstant(addDays(f.to, 1)) } : {}) };
  const cases = await Delegation.find(q, { personIdEnc: 0, home: 0 }).sort({ createdAt: 1 }).lean();
  const agents = await userNames(cases.map((c) => c.agentId).filter(Boolean));
  return cases.map((c, i) => {
    const stage = c.stageIndex >= 0 ? c.stages[c.stageIndex] : undefined;
    const progress = c.state === 'in_progress' && stage ? `${CASE_STATE_LABELS.in_progress}：${stage.name}（${stage.dueOn}前）` : CASE_STATE_LABELS[c.state as TCaseState];
    return [
      String(i + 1),
      chinaDate(c.createdAt),
      c.personName,
      maskPhone(c.personPhone),
      c.itemName,
      SERVICE_MODE_LABELS[c.mode as TServiceMode],
      c.agentId ? (agents.get(String(c.agentId)) ?? '') : '',
      c.handover ?? '',
      progress,
      c.completedOn ?? '',
      c.result ?? '',
      '未评价',
    ];
  });
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s);

/** CSV with a BOM so Excel opens the Chinese correctly; cells that look like formulas are defused. */
export function toCsv(rows: string[][]): string {
  return '\uFEFF' + [LEDGER_COLUMNS as readonly string[], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(rows: string[][], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代办台账');
  ws.addRow([title]);
  ws.addRow([...LEDGER_COLUMNS]);
  ws.getRow(2).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col, i) => (col.width = [6, 12, 10, 14, 28, 10, 10, 30, 30, 12, 20, 10][i] ?? 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
