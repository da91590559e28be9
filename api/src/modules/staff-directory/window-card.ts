import { h5Path } from '@bianmin/shared/routes';
import { AppError } from '../../http/errors';
import { findUser } from '../auth';
import { getCenterOr404 } from '../centers';
import { findWindow } from '../bookings';
import { qrSvg } from '../qr';
import { StaffCard } from './staff-card.model';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `@page{size:A5 landscape;margin:10mm}body{font:18px/1.6 "SimHei","PingFang SC","Noto Sans CJK SC",sans-serif;color:#000;max-width:190mm;margin:0 auto}
h1{font-size:34px;text-align:center;margin:6px 0 12px;letter-spacing:2px}.center{text-align:center;font-size:16px}.posts{display:flex;gap:16px;justify-content:center}
.post{border:2px solid #000;border-radius:6px;padding:8px 12px;min-width:60mm;display:flex;gap:10px;align-items:center}.post img{width:24mm;height:32mm;object-fit:cover}
.role{font-size:14px}.name{font-size:24px;font-weight:bold}.no{font-size:18px}.qr{text-align:center;margin-top:12px;font-size:14px}.qr svg{width:40mm;height:40mm}`;

interface Post {
  role: 'A岗' | 'B岗';
  name: string;
  staffNo: string | null;
  photo: string | null;
}

async function postOf(role: Post['role'], userId: string | null, base: string): Promise<Post | null> {
  if (!userId) return null;
  const [u, card] = await Promise.all([findUser(userId), StaffCard.findById(userId, { photoType: 1, photoVersion: 1 }).lean()]);
  if (!u) return null;
  return { role, name: u.name, staffNo: u.staffNo ?? null, photo: card?.photoType ? `${base}/api/staff-photos/${u.id}?v=${card.photoVersion ?? 0}` : null };
}

const postHtml = (p: Post) =>
  `<div class="post" data-post="${p.role}">${p.photo ? `<img src="${esc(p.photo)}" alt="${esc(p.name)}照片">` : ''}<div><div class="role">${p.role}</div><div class="name">${esc(p.name)}</div><div class="no">工号 ${esc(p.staffNo ?? '未设')}</div></div></div>`;

/**
 * 挂牌上岗 card of one window, to print and put up at the window: its name, the A and B posts (name, 工号, photo)
 * and a QR code that opens the center's public directory (who serves where today). Everything on it is public.
 */
export async function renderWindowCard(centerId: string, windowId: string, base: string): Promise<string> {
  const center = await getCenterOr404(centerId);
  const w = await findWindow(windowId);
  if (!w || w.centerId !== center.id) throw AppError.notFound('窗口');
  const posts = (await Promise.all([postOf('A岗', w.staffA, base), postOf('B岗', w.staffB, base)])).filter((p): p is Post => !!p);
  const link = `${base}${h5Path('staffDirectory', { centerId: center.id })}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(w.name)} 窗口牌</title><style>${STYLE}@media print{.noprint{display:none}}</style></head><body><main>
<p class="center">${esc(center.name)}</p><h1>${esc(w.code)} · ${esc(w.name)}</h1>
<div class="posts">${posts.length ? posts.map(postHtml).join('') : '<p>尚未设置A岗、B岗</p>'}</div>
<div class="qr">${await qrSvg(link)}<div>扫码查看本中心挂牌上岗人员</div></div>
<p class="noprint"><button onclick="window.print()" style="font-size:18px;min-height:48px;min-width:120px">打印</button></p></main></body></html>`;
}
