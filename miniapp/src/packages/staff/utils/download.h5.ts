import { API_BASE } from '../../../services/api-base';
import { loadTokens } from '../../../services/tokens';

/** Download a file that needs the Bearer token: fetch it, then hand the blob to the browser as a link. */
export async function downloadWithToken(path: string, filename: string): Promise<string> {
  const token = loadTokens()?.accessToken;
  const res = await fetch(`${API_BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message || (res.status === 401 ? '登录已过期，请重新登录' : '导出失败，请稍后再试'));
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return '已开始下载，请在浏览器的下载里查看';
}
