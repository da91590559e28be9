import { API_BASE } from '../services/api-base';
import { loadTokens } from '../services/tokens';

/**
 * Open a printable API page that needs the signed-in person's Bearer token (a numbered notice, a 代办 跟踪卡, a window
 * card) in a new window. A plain link could not carry the token, so the page is fetched and written into a window
 * opened at the tap (before any wait, so pop-up blockers let it through); a `<base>` keeps its QR image and styles on
 * the API. Resolves to the sentence to show; rejects with a Chinese message.
 */
export async function openPrintPage(path: string): Promise<string> {
  const target = window.open('', '_blank');
  try {
    const token = loadTokens()?.accessToken;
    const res = await fetch(`${API_BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(body.error?.message || (res.status === 401 ? '登录已过期，请重新登录' : '打印页打不开，请稍后再试'));
    }
    const base = `${API_BASE || window.location.origin}/`;
    const html = (await res.text()).replace(/<head([^>]*)>/i, `<head$1><base href="${base}">`);
    if (!target) throw new Error('浏览器拦截了新窗口，请允许弹出窗口后再点打印');
    target.document.open();
    target.document.write(html);
    target.document.close();
    return '已在新窗口打开，请用浏览器的打印功能打印';
  } catch (e) {
    target?.close();
    throw e instanceof Error && e.message ? e : new Error('打印页打不开，请稍后再试');
  }
}

/** Whether this build can open print pages (the browser can; the mini-program cannot). */
export const CAN_PRINT = true;
