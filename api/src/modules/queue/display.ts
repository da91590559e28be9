import { Types } from 'mongoose';
import { chinaDate, maskName, type THallDisplay } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { findCenter, settingsFor } from '../centers';
import { windowsOfCenter, type BookingService } from '../bookings';
import { QueueTicket } from './queue.model';
import { inCallOrder, type TicketRow } from './tickets';

/** Numbers shown as "being called" (the latest calls first) and next numbers shown per window. */
const CALLING_SHOWN = 8;
const NEXT_SHOWN = 5;

/**
 * The hall display (叫号屏) of a center: public, so it carries window names and numbers only, and a masked name
 * (张*) only when the center's settings.queue.displayNames is on. One query over the center's numbers of the day.
 */
export async function hallDisplay(bookings: BookingService, centerId: string, now = new Date()): Promise<THallDisplay> {
  const center = Types.ObjectId.isValid(centerId) ? await findCenter(centerId) : null;
  if (!center) throw AppError.notFound('服务中心');
  const [rows, windows, settings] = await Promise.all([
    QueueTicket.find({ centerId: new Types.ObjectId(center.id), date: chinaDate(now), status: { $in: ['waiting', 'called'] } }).lean() as Promise<TicketRow[]>,
    windowsOfCenter(center.id),
    settingsFor(center.id),
  ]);
  const names = new Map(windows.map((w) => [w.id, w.name]));
  const called = rows
    .filter((t) => t.status === 'called')
    .sort((a, b) => (b.lastCalledAt ?? b.calledAt ?? b.createdAt).getTime() - (a.lastCalledAt ?? a.calledAt ?? a.createdAt).getTime())
    .slice(0, CALLING_SHOWN);
  const people = settings.queue.displayNames ? new Map((await bookings.byIds(called.filter((t) => t.bookingId).map((t) => String(t.bookingId)))).map((b) => [b.id, b.personName])) : new Map<string, string>();
  return {
    center: { id: center.id, name: center.name },
    calling: called.map((t) => {
      const name = t.bookingId ? people.get(String(t.bookingId)) : undefined;
      return {
        key: `${t._id}:${t.requeued ? 'r' : ''}${t.callCount ?? 1}`,
        label: t.label,
        windowName: names.get(String(t.windowId)) ?? '',
        ...(name ? { name: maskName(name) } : {}),
        calledAt: (t.lastCalledAt ?? t.calledAt ?? t.createdAt).toISOString(),
      };
    }),
    windows: windows.map((w) => ({
      id: w.id,
      name: w.name,
      next: inCallOrder(rows.filter((t) => t.status === 'waiting' && String(t.windowId) === w.id)).slice(0, NEXT_SHOWN).map((t) => t.label),
    })),
    at: now.toISOString(),
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The full-screen page for a TV in the hall. It polls the JSON every 1.5 s (a call shows within 3 s, through any
 * proxy) and speaks each new call once with the browser's Chinese speech synthesis: "请A012号到3号窗口办理".
 */
export function renderHallPage(centerId: string, centerName: string): string {
  const api = `/api/display/${encodeURIComponent(centerId)}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(centerName)} 叫号屏</title>
<style>
html,body{margin:0;height:100%;background:#0b3a6e;color:#fff;font-family:"PingFang SC","Microsoft YaHei",sans-serif}
header{padding:16px 32px;font-size:40px;font-weight:bold;display:flex;justify-content:space-between;align-items:center;background:#082c54}
#clock{font-size:32px;font-weight:normal}
main{display:grid;grid-template-columns:3fr 2fr;gap:24px;padding:24px 32px}
h2{font-size:32px;margin:0 0 12px;color:#ffd54f}
#calling div{font-size:48px;padding:12px 20px;margin-bottom:12px;background:#144f8f;border-radius:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#calling div.new{background:#d84315}
#calling b{color:#ffd54f;margin-right:24px}
#windows table{width:100%;border-collapse:collapse;font-size:32px}
#windows td{padding:10px;border-bottom:1px solid #2e6bb0}
#empty{font-size:36px;opacity:.7}
#sound{position:fixed;bottom:16px;right:16px;font-size:20px;padding:8px 16px}
</style></head><body>
<header><span>${esc(centerName)}</span><span id="clock"></span></header>
<main><section><h2>正在叫号</h2><div id="calling" data-testid="calling"><p id="empty">暂无叫号</p></div></section>
<section id="windows"><h2>等候号码</h2><table id="next" data-testid="next"></table></section></main>
<button id="sound" type="button">开启语音播报</button>
<script>
(function(){
  var api=${JSON.stringify(api)};
  var spoken=null;
  var esc=function(s){return String(s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});};
  document.getElementById('sound').onclick=function(){this.style.display='none';say('语音播报已开启');};
  function say(text){
    try{ if(!('speechSynthesis' in window))return; var u=new SpeechSynthesisUtterance(text); u.lang='zh-CN'; u.rate=0.9; window.speechSynthesis.speak(u);}catch(e){}
  }
  function render(d){
    var c=document.getElementById('calling');
    c.innerHTML=d.calling.length?d.calling.map(function(x,i){return '<div class="'+(i===0?'new':'')+'" data-key="'+esc(x.key)+'"><b>'+esc(x.label)+'</b>请到'+esc(x.windowName)+'办理'+(x.name?' '+esc(x.name):'')+'</div>';}).join(''):'<p id="empty">暂无叫号</p>';
    document.getElementById('next').innerHTML=d.windows.map(function(w){return '<tr><td>'+esc(w.name)+'</td><td>'+(w.next.length?w.next.map(esc).join('　'):'—')+'</td></tr>';}).join('');
    var keys=d.calling.map(function(x){return x.key;});
    if(spoken===null){spoken={};keys.forEach(function(k){spoken[k]=1;});return;}
    d.calling.slice().reverse().forEach(function(x){ if(!spoken[x.key]){spoken[x.key]=1; say('请'+x.label+'号到'+x.windowName+'办理');} });
  }
  function tick(){
    fetch(api,{cache:'no-store'}).then(function(r){return r.ok?r.json():null;}).then(function(d){if(d)render(d);}).catch(function(){}).then(function(){setTimeout(tick,1500);});
  }
  setInterval(function(){var n=new Date();document.getElementById('clock').textContent=n.toLocaleTimeString('zh-CN',{hour12:false});},1000);
  tick();
})();
</script></body></html>`;
}
