import QRCode from 'qrcode';
import {
  DELIVERY_LABELS,
  MATERIAL_FORM_LABELS,
  NOTICE_KIND_LABELS,
  STAGE_LEVEL_LABELS,
  WINDOW_CASE_TYPE_LABELS,
  type TCaseTrack,
  type TCaseType,
  type TDeliveryMethod,
  type TStageState,
} from '@bianmin/shared';
import type { NoticeRow } from './numbering';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const qr = (text: string) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/** 2026-10-09 → 2026年10月9日 */
function cnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = iso.length > 10 ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : iso;
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}

function cnDateTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return `${cnDate(iso)} ${t.slice(11, 16)}`;
}

const STYLE = {
  a4: `@page{size:A4;margin:18mm 20mm}body{font:16px/1.7 "SimSun","Songti SC","Noto Serif CJK SC",serif;color:#000;max-width:170mm;margin:0 auto}
h1{font-size:26px;text-align:center;letter-spacing:4px;margin:8px 0}.no{text-align:right}.qrs{display:flex;gap:24px;margin-top:16px}
.qr{width:120px;text-align:center;font-size:12px}.qr svg{width:120px;height:120px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:4px 6px;text-align:left}
.sign{margin-top:24px;text-align:right}`,
  slip: `@page{size:80mm auto;margin:3mm}body{font:12px/1.5 "SimHei","PingFang SC",sans-serif;color:#000;width:72mm;margin:0}
h1{font-size:16px;text-align:center;margin:4px 0}.no{text-align:center;font-size:11px}.qrs{display:flex;justify-content:space-around;margin-top:6px}
.qr{width:30mm;text-align:center;font-size:10px}.qr svg{width:30mm;height:30mm}table{border-collapse:collapse;width:100%}td,th{border-top:1px dashed #000;padding:2px;text-align:left;font-size:11px}
.sign{margin-top:6px}`,
};

function page(title: string, format: 'a4' | 'slip', body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE[format]}@media print{.noprint{display:none}}</style></head><body>${body}
<p class="noprint"><button onclick="window.print()" style="font-size:18px;min-height:48px;min-width:120px">打印</button></p></body></html>`;
}

function stagesTable(stages: TStageState[]): string {
  if (!stages?.length) return '';
  return `<table><tr><th>环节</th><th>责任部门/层级</th><th>时限</th><th>应完成日期</th></tr>${stages
    .map((s) => `<tr><td>${esc(s.name)}</td><td>${esc(s.department)}${s.level ? `（${STAGE_LEVEL_LABELS[s.level]}）` : ''}</td><td>${s.days}个工作日</td><td>${esc(cnDate(s.dueOn))}</td></tr>`)
    .join('')}</table>`;
}

type Body = {
  code: string;
  itemName: string;
  itemCode: string;
  type: TCaseType;
  applicantName: string;
  centerName: string;
  centerPhone?: string;
  centerAddress?: string;
  windowName: string | null;
  received?: string[];
  promisedOn?: string | null;
  committedDays?: number;
  stages?: TStageState[];
  missing?: { name: string; form: keyof typeof MATERIAL_FORM_LABELS; copies: number; notes?: string }[];
  reason?: string;
  legalBasis?: string;
  result?: string;
  delivery?: TDeliveryMethod;
  onTime?: boolean;
  ratingPath?: string;
};

function mainText(kind: NoticeRow['kind'], b: Body): string {
  const matter = `您申请办理的“${esc(b.itemName)}”（事项编码 ${esc(b.itemCode)}，${WINDOW_CASE_TYPE_LABELS[b.type]}）`;
  switch (kind) {
    case 'acceptance':
      return `<p>${matter}，申请材料齐全、符合法定形式，本中心决定予以受理${b.type === 'immediate' ? '，当场办结' : ''}。</p>${
        b.received?.length ? `<p>已收材料：${b.received.map(esc).join('；')}</p>` : ''
      }`;
    case 'commitment':
      return `<p>${matter}，申请材料齐全，本中心已予受理，承诺于<b>${esc(cnDate(b.promisedOn))}</b>前办结（承诺时限${b.committedDays ?? ''}个工作日，节假日顺延）。</p>${
        b.received?.length ? `<p>已收材料：${b.received.map(esc).join('；')}</p>` : ''
      }${stagesTable(b.stages ?? [])}`;
    case 'supplement':
      return `<p>${matter}，申请材料不齐全。现一次性告知您需补正的全部材料如下：</p><ol>${(b.missing ?? [])
        .map((m) => `<li>${esc(m.name)}（${MATERIAL_FORM_LABELS[m.form] ?? ''}${m.copies ? ` ${m.copies}份` : ''}）${m.notes ? `：${esc(m.notes)}` : ''}</li>`)
        .join('')}</ol><p>材料补齐之日起重新计算办理时限。</p>`;
    case 'refusal':
      return `<p>${matter}，经审查，决定不予受理。</p><p>理由：${esc(b.reason)}</p><p>依据：${esc(b.legalBasis)}</p><p>如对本决定不服，可依法申请行政复议或者提起行政诉讼。</p>`;
    case 'completion':
      return `<p>${matter}已办结。</p><p>办理结果：${esc(b.result)}</p><p>送达方式：${b.delivery ? DELIVERY_LABELS[b.delivery] : ''}</p>`;
  }
}

/** A numbered notice as an A4 page or an 80 mm receipt slip, with QR codes to the progress page (and the rating). */
export async function renderNotice(n: NoticeRow, format: 'a4' | 'slip', base: string): Promise<string> {
  const b = n.body as unknown as Body;
  const trackUrl = `${base}/track/${b.code}`;
  const codes = [`<div class="qr">${await qr(trackUrl)}<div>扫码查询办理进度<br>查询码 ${esc(b.code)}<br><small>${esc(trackUrl)}</small></div></div>`];
  if (b.ratingPath) codes.push(`<div class="qr">${await qr(`${base}${b.ratingPath}`)}<div>扫码评价本次服务</div></div>`);
  const title = NOTICE_KIND_LABELS[n.kind];
  const body = `<div class="center">${esc(b.centerName)}</div><h1>${esc(title)}</h1><p class="no">${esc(n.number)}</p>
<p>${esc(b.applicantName)}：</p>${mainText(n.kind, b)}
<div class="sign"><p>受理窗口：${esc(b.windowName ?? '')}　经办人：${esc(n.staffName)}${n.staffNo ? `（工号 ${esc(n.staffNo)}）` : ''}</p>
<p>${esc(b.centerName)}　${esc(cnDateTime(n.createdAt.toISOString()))}</p>${b.centerPhone ? `<p>咨询电话：${esc(b.centerPhone)}</p>` : ''}</div>
<div class="qrs">${codes.join('')}</div>`;
  return page(`${title} ${n.number}`, format, body);
}

/** The public progress page behind a slip's QR: large type, printable, nothing personal. */
export async function renderTrackPage(t: TCaseTrack, base: string): Promise<string> {
  const body = `<h1>办件进度</h1><p class="no">查询码 ${esc(t.code)}</p>
<table><tr><th>事项</th><td>${esc(t.itemName)}</td></tr><tr><th>类型</th><td>${esc(t.typeLabel)}</td></tr>
<tr><th>状态</th><td><b>${esc(t.stateLabel)}</b></td></tr><tr><th>申请人</th><td>${esc(t.applicantName)}</td></tr>
<tr><th>受理单位</th><td>${esc(t.centerName)}${t.windowName ? ` · ${esc(t.windowName)}` : ''}</td></tr>
<tr><th>受理时间</th><td>${esc(cnDateTime(t.receivedAt))}</td></tr>
${t.promisedOn ? `<tr><th>承诺办结日期</th><td>${esc(cnDate(t.promisedOn))}</td></tr>` : ''}
${t.completedAt ? `<tr><th>办结时间</th><td>${esc(cnDateTime(t.completedAt))}${t.delivery ? `（${DELIVERY_LABELS[t.delivery]}）` : ''}</td></tr>` : ''}
</table>${t.missing.length ? `<h2>还需补正的材料</h2><ol>${t.missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ol>` : ''}
${t.stages.length ? `<h2>办理环节</h2>${stagesTable(t.stages)}<p>${t.stages.map((s) => `${esc(s.name)}：${s.completedOn ? `${esc(cnDate(s.completedOn))}完成` : '办理中'}`).join('；')}</p>` : ''}
<div class="qrs"><div class="qr">${await qr(`${base}/track/${t.code}`)}<div>本页二维码</div></div></div>`;
  // Large type for phones and elderly readers (长辈版: ≥ 18 px).
  return page(`办件进度 ${t.code}`, 'a4', `<style>body{font-size:20px;padding:0 12px}h1{font-size:28px}</style>${body}`);
}

export function renderTrackNotFound(): string {
  return page('没有找到该办件', 'a4', '<h1>没有找到该办件</h1><p>请核对办件单据上的查询码（8位字母和数字）后重试，或拨打服务中心电话咨询。</p>');
}
