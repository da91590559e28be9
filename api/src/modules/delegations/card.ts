import QRCode from 'qrcode';
import { CASE_STATE_LABELS, SERVICE_MODE_LABELS, STAGE_HOLDER_LABELS, h5Path, maskName } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { findUser } from '../auth';
import { findCenter } from '../centers';
import type { CaseRecord } from './case-store';
import { delegationPolicy } from './delegations.policy';
import { loadCase } from './load';

/**
 * 跟踪卡: the card a 代办 case's citizen keeps (A4 page or 80 mm receipt slip). It carries what the citizen needs to
 * follow the case without signing in anywhere: the case code, the matter, the agent and 工号, the 承诺办结日 and each
 * stage's due date, and a QR to the case page in the app. The applicant's name is masked (张*) because the card
 * leaves the office; no phone or ID number is printed.
 */

export type CardFormat = 'a4' | 'slip';

export interface CaseCard {
  code: string;
  modeLabel: string;
  stateLabel: string;
  itemName: string;
  applicantName: string;
  centerName: string;
  centerPhone: string;
  agentName: string | null;
  agentNo: string | null;
  promisedOn: string | null;
  promiseReason: string;
  stages: { name: string; holder: string; days: number; dueOn: string | null; completedOn: string | null }[];
  /** The case page in the app (H5 path, hash router); the QR holds it with the public origin in front. */
  pagePath: string;
}

/** The card's data for one viewer; the same 404 as the case for strangers, 403 for those who see it but may not print. */
export async function caseCard(actor: Actor, id: string): Promise<CaseCard> {
  const { c } = await loadCase(actor, id);
  delegationPolicy.authorize(actor, 'card', c, '跟踪卡由群众本人、经办代办员和中心工作人员打印');
  return cardOf(c);
}

async function cardOf(c: CaseRecord): Promise<CaseCard> {
  const [center, agent] = await Promise.all([findCenter(c.centerId), c.agentId ? findUser(c.agentId) : undefined]);
  return {
    code: c.code,
    modeLabel: SERVICE_MODE_LABELS[c.mode],
    stateLabel: CASE_STATE_LABELS[c.state],
    itemName: c.itemName,
    applicantName: maskName(c.personName),
    centerName: center?.name ?? '',
    centerPhone: center?.phone ?? '',
    agentName: agent?.name ?? null,
    agentNo: agent?.staffNo ?? null,
    promisedOn: c.promisedOn ?? null,
    promiseReason: c.promiseReason ?? '',
    stages: c.stages.map((s) => ({
      name: s.name,
      holder: s.holder ? STAGE_HOLDER_LABELS[s.holder] : '',
      days: s.days,
      dueOn: s.dueOn ?? null,
      completedOn: s.completedOn ?? null,
    })),
    pagePath: h5Path('delegationCase', { id: c.id }),
  };
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** 2026-10-09 → 2026年10月9日 */
function cnDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const STYLE: Record<CardFormat, string> = {
  a4: `@page{size:A4;margin:18mm 20mm}body{font:16px/1.7 "SimSun","Songti SC","Noto Serif CJK SC",serif;color:#000;max-width:170mm;margin:0 auto}
h1{font-size:26px;text-align:center;letter-spacing:4px;margin:8px 0}.no{text-align:right}.qr{width:130px;text-align:center;font-size:12px;margin-top:16px}
.qr svg{width:130px;height:130px}table{border-collapse:collapse;width:100%;margin-top:8px}td,th{border:1px solid #000;padding:4px 6px;text-align:left}`,
  slip: `@page{size:80mm auto;margin:3mm}body{font:12px/1.5 "SimHei","PingFang SC",sans-serif;color:#000;width:72mm;margin:0}
h1{font-size:16px;text-align:center;margin:4px 0}.no{text-align:center;font-size:11px}.qr{width:32mm;margin:6px auto 0;text-align:center;font-size:10px}
.qr svg{width:32mm;height:32mm}table{border-collapse:collapse;width:100%;margin-top:4px}td,th{border-top:1px dashed #000;padding:2px;text-align:left;font-size:11px}`,
};

function stageRows(card: CaseCard): string {
  if (!card.stages.length) return '';
  const due = (s: CaseCard['stages'][number]) => (s.completedOn ? `${cnDate(s.completedOn)}已完成` : s.dueOn ? cnDate(s.dueOn) : '受理后起算');
  return `<table data-testid="card-stages"><tr><th>环节</th><th>负责</th><th>时限</th><th>应完成日期</th></tr>${card.stages
    .map((s) => `<tr><td>${esc(s.name)}</td><td>${esc(s.holder)}</td><td>${s.days}个工作日</td><td>${esc(due(s))}</td></tr>`)
    .join('')}</table>`;
}

/** The card as a printable page: A4, or the 80 mm receipt slip. */
export async function renderCard(card: CaseCard, format: CardFormat, base: string): Promise<string> {
  const url = `${base}${card.pagePath}`;
  const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const promised = card.promisedOn
    ? `<b>${esc(cnDate(card.promisedOn))}</b>${card.promiseReason ? `（${esc(card.promiseReason)}）` : ''}`
    : '代办员受理后确定';
  const agent = card.agentName ? `${esc(card.agentName)}${card.agentNo ? `（工号 ${esc(card.agentNo)}）` : ''}` : '待分配';
  const body = `<div>${esc(card.centerName)}</div><h1>帮办代办跟踪卡</h1><p class="no">编号 ${esc(card.code)}</p>
<table><tr><th>事项</th><td>${esc(card.itemName)}</td></tr><tr><th>服务方式</th><td>${esc(card.modeLabel)}</td></tr>
<tr><th>申请人</th><td>${esc(card.applicantName)}</td></tr><tr><th>代办员</th><td>${agent}</td></tr>
<tr><th>当前状态</th><td>${esc(card.stateLabel)}</td></tr><tr><th>承诺办结日</th><td data-testid="card-promised">${promised}</td></tr></table>
${stageRows(card)}<p>时限按工作日计算，节假日顺延；补正、中止期间暂停计时，承诺办结日随之顺延并告知您。</p>
${card.centerPhone ? `<p>咨询电话：${esc(card.centerPhone)}</p>` : ''}
<div class="qr">${qr}<div>扫码查看办理进度<br><small>${esc(url)}</small></div></div>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>跟踪卡 ${esc(card.code)}</title><style>${STYLE[format]}@media print{.noprint{display:none}}</style></head><body>${body}
<p class="noprint"><button onclick="window.print()" style="font-size:18px;min-height:48px;min-width:120px">打印</button></p></body></html>`;
}
