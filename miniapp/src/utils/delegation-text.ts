import type { TDelegationCase, TLedgerEntry } from '@bianmin/shared';
import { MATERIAL_FORM_LABELS } from '@bianmin/shared/constants';
import { CASE_STATE_LABELS, SERVICE_MODE_LABELS, type TCaseState, chinaDate, chinaMinutes, formatMinutes } from '@bianmin/shared/domain';
// Values from the zod-free domain file only: the schemas would pull zod (~100 KB) into the subpackages.

export { CASE_STATE_LABELS, SERVICE_MODE_LABELS };

/** 上门服务 reasons; the same words as HOME_REASON_LABELS in shared/src/domain/delegation.ts. */
export const HOME_REASONS = [
  { key: 'elderly', label: '高龄' },
  { key: 'disabled', label: '残疾' },
  { key: 'illness', label: '患病' },
  { key: 'other', label: '其他特殊困难' },
] as const;
export type THomeReason = (typeof HOME_REASONS)[number]['key'];

export const DELIVER_METHODS = [
  { key: 'in_person', label: '当面交给本人' },
  { key: 'home', label: '送到家里' },
  { key: 'mail', label: '邮寄' },
  { key: 'window', label: '本人到窗口领取' },
] as const;
export type TDeliverMethod = (typeof DELIVER_METHODS)[number]['key'];

const homeReason = (k: string) => HOME_REASONS.find((r) => r.key === k)?.label ?? k;
const deliverMethod = (k: string) => DELIVER_METHODS.find((r) => r.key === k)?.label ?? k;

/** "11月25日" of a China date (YYYY-MM-DD). */
export function monthDay(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}

/** "11月25日 09:30" of an instant, China time. */
export function momentShort(iso: string): string {
  const at = new Date(iso);
  return `${monthDay(chinaDate(at))} ${formatMinutes(chinaMinutes(at))}`;
}

export function todayChina(): string {
  return chinaDate(new Date());
}

/** The StatusTag tone of a state: waiting on someone (warn), done (success), else running (info). */
export function stateTagTone(state: TCaseState): 'info' | 'success' | 'warn' {
  if (state === 'correction' || state === 'suspended' || state === 'refused' || state === 'withdrawn') return 'warn';
  if (state === 'delivered' || state === 'completed' || state === 'followed_up') return 'success';
  return 'info';
}

/** Words for a state as the citizen reads it. */
export function stateText(c: TDelegationCase): string {
  if (c.state === 'in_progress') return `办理中：${c.stages[c.stageIndex]?.name ?? ''}`;
  return CASE_STATE_LABELS[c.state];
}

export interface THandoverLine {
  key: string;
  name: string;
  form: keyof typeof MATERIAL_FORM_LABELS;
  count: number;
}

export function handoverLineText(l: THandoverLine): string {
  return `${l.name}（${MATERIAL_FORM_LABELS[l.form] ?? ''} ${l.count}份）`;
}

function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2).replace(/\.00$/, '')}元`;
}

type D = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * One ledger entry in plain words (what happened, not the field names). `stageName` turns a stage key into
 * its name on this case.
 */
export function ledgerText(e: TLedgerEntry, stageName: (key: string) => string): string {
  const d = (e.data ?? {}) as D;
  const note = str(d.note) ? `（${str(d.note)}）` : '';
  // 补正、续办 or a calendar change that moved the 承诺办结日 says so, with why.
  const moved = str(d.promisedOn) && d.promisedBefore !== undefined ? `；承诺办结日改为${monthDay(str(d.promisedOn))}（${str(d.promiseReason) || str(d.reason)}）` : '';
  switch (e.type) {
    case 'request': {
      const home = d.home as { reason?: string; address?: string; preferredTime?: string } | undefined;
      const mode = SERVICE_MODE_LABELS[d.mode as keyof typeof SERVICE_MODE_LABELS] ?? '';
      return `提交${mode}申请：${str(d.itemName)}${home ? `，上门原因：${homeReason(home.reason ?? '')}，希望${home.preferredTime ?? ''}上门` : ''}`;
    }
    case 'accept':
      return `代办员已受理${str(d.promisedOn) ? `，承诺${monthDay(str(d.promisedOn))}前办结` : ''}${str(d.paper) ? `，已签纸质委托书（编号 ${str(d.paper)}）` : ''}`;
    case 'recompute':
      return `工作日历调整，时限重新计算${str(d.promisedOn) ? `：承诺办结日改为${monthDay(str(d.promisedOn))}` : ''}`;
    case 'authorize':
      return d.paper ? `已签纸质委托书（编号 ${str(d.paper)}）` : '群众已在手机上确认委托';
    case 'handover': {
      const lines = (d.lines as THandoverLine[] | undefined) ?? [];
      return `材料交接 ${lines.length} 项${d.signedOnPaper ? '，已在纸质交接单上签字' : ''}：${lines.map(handoverLineText).join('、')}`;
    }
    case 'confirm_handover':
      return '群众已确认材料交接清单';
    case 'advance':
      return `${d.from ? `「${stageName(str(d.from))}」已完成，` : '开始办理，'}进入「${stageName(str(d.to))}」${d.dueOn ? `，${monthDay(str(d.dueOn))}前完成` : ''}${note}`;
    case 'request_correction':
      return `需要补充材料：${((d.missing as string[] | undefined) ?? []).join('、')}${note}`;
    case 'complete_correction':
      return `材料已补齐，继续办理${note}${moved}`;
    case 'suspend':
      return `暂停办理（中止）：${str(d.reason)}`;
    case 'resume':
      return `恢复办理（续办）${note}${moved}`;
    case 'fee':
      return `登记规费 ${yuan(Number(d.amountFen) || 0)}，${d.method === 'cash_to_agent' ? `现金交代办员，收据号 ${str(d.receiptNo)}` : '申请人直接缴入部门账户'}`;
    case 'deliver':
      return `办理结果已送达：${deliverMethod(str(d.method))}${note}`;
    case 'confirm_delivery':
      return '群众已确认收到';
    case 'complete':
      return `办结：${str(d.result)}`;
    case 'follow_up':
      return `回访：${d.satisfied ? '满意' : '不满意'}${note}`;
    case 'refuse':
      return `退办：${str(d.reason)}`;
    case 'withdraw':
      return `群众撤回了申请${str(d.reason) ? `：${str(d.reason)}` : ''}`;
    case 'note':
      return `备注：${str(d.text)}`;
    case 'correct_entry':
      return `更正第${String(d.seq)}条记录：${str(d.text)}`;
    case 'reassign':
      return `改派给其他代办员：${str(d.reason)}`;
    default:
      return e.type;
  }
}

/** The handover waiting for the citizen's confirmation: the last handover entry with no confirmation after it. */
export function unconfirmedHandover(ledger: TLedgerEntry[]): { seq: number; lines: THandoverLine[]; signedOnPaper: boolean } | null {
  const last = [...ledger].reverse().find((e) => e.type === 'handover');
  if (!last) return null;
  const confirmed = ledger.some((e) => e.type === 'confirm_handover' && e.seq > last.seq);
  if (confirmed) return null;
  const d = (last.data ?? {}) as D;
  return { seq: last.seq, lines: (d.lines as THandoverLine[] | undefined) ?? [], signedOnPaper: d.signedOnPaper === true };
}

/** Whether an entry of `type` was logged after the last entry of `after` (e.g. confirm_delivery after deliver). */
export function loggedAfter(ledger: TLedgerEntry[], type: string, after: string): boolean {
  const last = [...ledger].reverse().find((e) => e.type === after);
  return ledger.some((e) => e.type === type && (!last || e.seq > last.seq));
}
