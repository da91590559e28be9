import QRCode from 'qrcode';
import { z } from 'zod';
import { checkMaterials, MATERIAL_FORM_LABELS, CASE_TYPE_LABELS, type TCheckResponse, type TServiceItemInput } from '@bianmin/shared';
import { getPublished, getVersion } from './service-items.service';

const ZKeyList = z
  .string()
  .max(2000)
  .regex(/^([a-z0-9][a-z0-9-]{0,39})?(,[a-z0-9][a-z0-9-]{0,39})*$/, { message: '编号列表格式不正确' })
  .transform((s) => (s ? s.split(',') : []));

/** The share link's query: version, materials in hand, questions answered yes / no. */
export const ZNoticeQuery = z
  .object({
    v: z.coerce.number().int().min(1).optional(),
    has: ZKeyList.default([]),
    yes: ZKeyList.default([]),
    no: ZKeyList.default([]),
  })
  .strict();
export type TNoticeQuery = z.infer<typeof ZNoticeQuery>;

export function shareUrl(base: string, itemId: string, version: number, has: string[], answers: Record<string, boolean>): string {
  const yes = Object.keys(answers).filter((k) => answers[k]).sort();
  const no = Object.keys(answers).filter((k) => !answers[k]).sort();
  const qs = [`v=${version}`, has.length && `has=${[...has].sort().join(',')}`, yes.length && `yes=${yes.join(',')}`, no.length && `no=${no.join(',')}`]
    .filter(Boolean)
    .join('&');
  return `${base}/notice/${itemId}?${qs}`;
}

/** 补正告知 for the published item (or a given published version): everything still missing, at once. */
export async function checkItem(
  id: string,
  has: string[],
  answers: Record<string, boolean>,
  base: string,
  version?: number,
): Promise<TCheckResponse & { item: TServiceItemInput }> {
  const published = await getPublished(id);
  const v = version ?? published.version;
  const item = v === published.version ? published : await getVersion(id, v);
  return {
    ...checkMaterials(item, has, answers),
    itemId: id,
    itemName: item.name,
    version: v,
    shareUrl: shareUrl(base, id, v, has, answers),
    item,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable, large-type page a citizen can show, print or share; the QR code opens this same page. */
export async function renderNoticePage(id: string, q: TNoticeQuery, base: string): Promise<string> {
  const answers: Record<string, boolean> = {};
  q.yes.forEach((k) => (answers[k] = true));
  q.no.forEach((k) => (answers[k] = false));
  const r = await checkItem(id, q.has, answers, base, q.v);
  const item = r.item;
  const qr = await QRCode.toString(r.shareUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const mat = (m: { name: string; form: keyof typeof MATERIAL_FORM_LABELS; copies: number; notes?: string; source?: string; because?: string }) =>
    `<li><b>${esc(m.name)}</b>（${MATERIAL_FORM_LABELS[m.form]}${m.copies ? ` ${m.copies}份` : ''}）` +
    `${m.because ? `<br><small>因为：${esc(m.because)}</small>` : ''}${m.source ? `<br><small>来源：${esc(m.source)}</small>` : ''}` +
    `${m.notes ? `<br><small>${esc(m.notes)}</small>` : ''}</li>`;
  const missing = r.missing.length
    ? `<h2>还需准备以下 ${r.missing.length} 项材料</h2><ol class="missing">${r.missing.map(mat).join('')}</ol>`
    : `<h2 class="ok">所需材料已齐全</h2>`;
  const unanswered = r.unanswered.length
    ? `<p class="warn">以下问题尚未回答，回答“是”可能还需要其他材料：${r.unanswered.map((u) => esc(u.text)).join('；')}</p>`
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>一次性告知：${esc(item.name)}</title>
<style>
body{font:20px/1.6 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#111;margin:0 auto;max-width:720px;padding:16px}
h1{font-size:26px;margin:8px 0}h2{font-size:22px;margin:20px 0 8px}small{color:#333;font-size:17px}
.missing li{margin:8px 0}.ok{color:#0a6b2d}.warn{background:#fff4d6;padding:8px}
.meta{border-top:1px solid #999;margin-top:16px;padding-top:8px}.qr{width:180px;height:180px}
button{font-size:20px;min-height:60px;min-width:160px;margin-top:16px}
@media print{button{display:none}}
</style></head><body>
<p>${esc(CASE_TYPE_LABELS[item.caseType])} · 事项编码 ${esc(item.code)} · 第${r.version}版</p>
<h1>一次性告知：${esc(item.name)}</h1>
${missing}${unanswered}
<h2>全部材料清单</h2><ol>${item.materials
    .map((m) => `<li>${esc(m.name)}（${MATERIAL_FORM_LABELS[m.form]}${m.copies ? ` ${m.copies}份` : ''}）${m.requirement === 'conditional' ? '（特定情形）' : m.requirement === 'optional' ? '（可选）' : ''}</li>`)
    .join('')}</ol>
<div class="meta">
<p>办理地点：${esc(item.place)}</p><p>办理时间：${esc(item.hours)}</p>
<p>承诺时限：${item.committedLimitDays === 0 ? '当场办结' : `${item.committedLimitDays}个工作日`}；收费：${item.fee.free ? '免费' : esc(item.fee.standard ?? '')}</p>
<p>咨询电话：${esc(item.consultPhone)}　投诉电话：${esc(item.complaintPhone)}</p>
</div>
<div class="qr" aria-label="本告知的二维码">${qr}</div>
<button onclick="window.print()">打印</button>
</body></html>`;
}

export async function renderNoticeQr(id: string, q: TNoticeQuery, base: string): Promise<string> {
  const answers: Record<string, boolean> = {};
  q.yes.forEach((k) => (answers[k] = true));
  q.no.forEach((k) => (answers[k] = false));
  const v = q.v ?? (await getPublished(id)).version;
  return QRCode.toString(shareUrl(base, id, v, q.has, answers), { type: 'svg', margin: 1 });
}
