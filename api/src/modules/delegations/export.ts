import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import {
  CASE_STATE_LABELS,
  RATING_LEVEL_LABELS,
  SERVICE_MODE_LABELS,
  STAGE_HOLDER_LABELS,
  addDays,
  chinaDate,
  chinaInstant,
  maskPhone,
  type TCaseState,
  type TLedgerExport,
  type TRatingLevel,
  type TServiceMode,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { userNames } from '../auth';
import { assertManages, subtreeIds } from '../centers';
import { ratingFacts } from '../evaluations';
import { toRecord, type CaseRecord } from './case-store';
import { Delegation } from './delegation.model';
import { LedgerEntry } from './ledger.model';

export const LEDGER_COLUMNS = [
  '序号',
  '受理日期',
  '申请人',
  '联系电话',
  '事项名称',
  '办理方式',
  '代办员',
  '材料交接',
  '办理进度',
  '办结日期',
  '办理结果',
  '群众评价',
  '件号',
  '承诺办结日',
  '承诺变更原因',
  '规费（元）',
  '收据号',
  '超期合计（工作日）',
  '各环节经办',
  '各环节超期（工作日）',
] as const;

export interface ExportFilter {
  centerId: string;
  agentId?: string;
  from?: string;
  to?: string;
  state?: TCaseState;
}

/** Legal fees logged on each case (yuan, summed) and the receipt numbers, from the 台账's fee entries. */
async function feesOf(ids: string[]): Promise<Map<string, { fen: number; receipts: string[] }>> {
  const out = new Map<string, { fen: number; receipts: string[] }>();
  if (!ids.length) return out;
  // Fee entries by their type (a string equality the embedded engine filters in SQLite; fees are few, and a case
  // moved between centers keeps its earlier entries' center), then ours by a set: a `caseKey: {$in: ids}` over
  // 10,000 cases made the engine compare every entry with every id (44 s over 100,000 entries).
  const wanted = new Set(ids);
  const rows = await LedgerEntry.find({ type: 'fee' }, { caseKey: 1, seq: 1, data: 1 }).lean();
  rows.sort((a, b) => a.seq - b.seq);
  for (const r of rows) {
    if (!wanted.has(r.caseKey)) continue;
    const d = (r.data ?? {}) as { purpose?: string; amountFen?: number; receiptNo?: string };
    if (d.purpose !== 'legal_fee') continue;
    const f = out.get(r.caseKey) ?? { fen: 0, receipts: [] };
    f.fen += d.amountFen ?? 0;
    if (d.receiptNo) f.receipts.push(d.receiptNo);
    out.set(r.caseKey, f);
  }
  return out;
}

/** The citizen's rating of each case (ratings of 代办 cases are keyed `case:<id>`). */
async function ratingsOf(centerIds: string[]): Promise<Map<string, number>> {
  const facts = await ratingFacts(centerIds, new Date(0), new Date('2999-01-01T00:00:00Z'));
  return new Map(facts.filter((f) => f.id.startsWith('case:')).map((f) => [f.id.slice('case:'.length), f.level]));
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Who held a stage: the agent by name, else the center or department. */
const holderOf = (c: CaseRecord, holder: string | undefined, agent: string) => (!holder || holder === 'agent' ? `代办员${agent}` : (STAGE_HOLDER_LABELS[holder as keyof typeof STAGE_HOLDER_LABELS] ?? holder));

/**
 * The 台账 for a center and below, phones masked (an export leaves the system). The JSON, Excel and CSV exports
 * all come from these rows, so they are equal cell for cell.
 */
export async function ledgerRows(actor: Actor, f: ExportFilter): Promise<string[][]> {
  await assertManages(actor, f.centerId, { adminOnly: true });
  const centerIds = await subtreeIds(f.centerId);
  const q: Record<string, unknown> = { centerPath: { $in: centerIds.map((id) => new Types.ObjectId(id)) } };
  if (f.agentId) q.agentId = new Types.ObjectId(f.agentId);
  if (f.state) q.state = f.state;
  if (f.from || f.to) q.createdAt = { ...(f.from ? { $gte: chinaInstant(f.from) } : {}), ...(f.to ? { $lt: chinaInstant(addDays(f.to, 1)) } : {}) };
  const rows = await Delegation.find(q, { personIdEnc: 0, home: 0 }).sort({ createdAt: 1 }).lean();
  const cases = rows.map((r) => toRecord(r as unknown as Parameters<typeof toRecord>[0]));
  const [agents, fees, ratings] = await Promise.all([
    userNames(cases.map((c) => c.agentId).filter((x): x is string => !!x)),
    feesOf(cases.map((c) => c.id)),
    ratingsOf(centerIds),
  ]);
  return cases.map((c, i) => {
    const stage = c.stageIndex >= 0 ? c.stages[c.stageIndex] : undefined;
    const progress = c.state === 'in_progress' && stage ? `${CASE_STATE_LABELS.in_progress}：${stage.name}（${stage.dueOn}前）` : CASE_STATE_LABELS[c.state];
    const agent = c.agentId ? (agents.get(c.agentId) ?? '') : '';
    const fee = fees.get(c.id);
    const level = ratings.get(c.id);
    return [
      String(i + 1),
      chinaDate(c.createdAt),
      c.personName,
      maskPhone(c.personPhone),
      c.itemName,
      SERVICE_MODE_LABELS[c.mode as TServiceMode],
      agent,
      c.handover,
      progress,
      c.completedOn ?? '',
      c.result,
      level ? (RATING_LEVEL_LABELS[level as TRatingLevel] ?? String(level)) : '未评价',
      c.code,
      c.promisedOn ?? '',
      c.promiseReason ?? '',
      fee ? yuan(fee.fen) : '',
      fee ? fee.receipts.join('、') : '',
      String(c.stages.reduce((n, s) => n + (s.lateDays ?? 0), 0)),
      c.stages.map((s) => `${s.name}：${holderOf(c, s.holder, agent)}`).join('；'),
      c.stages.map((s) => `${s.name}：${s.lateDays ?? 0}`).join('；'),
    ];
  });
}

/** The 台账 as data (the API the files are checked against). */
export async function ledgerExport(actor: Actor, f: ExportFilter): Promise<TLedgerExport> {
  return { columns: [...LEDGER_COLUMNS], rows: await ledgerRows(actor, f) };
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
  ws.columns.forEach((col, i) => (col.width = [6, 12, 10, 14, 28, 10, 10, 30, 30, 12, 20, 10, 12, 12, 30, 10, 16, 10, 60, 50][i] ?? 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
