import { API_BASE } from '../services/api-base';
import { loadTokens } from '../services/tokens';

export interface DownloadOptions {
  /** The name the browser saves it under. */
  filename: string;
  /** What the mini-program's viewer opens it as. */
  fileType: 'pdf' | 'xlsx';
  /** Send the Bearer token (exports of staff and admins); public files (the monthly report) go without. */
  auth?: boolean;
}

/**
 * Fetch an API file and hand it to the person. In the browser the blob becomes a download link (a plain link
 * could not carry the Bearer token). Resolves to the sentence to show; rejects with a Chinese message.
 */
export async function downloadFile(path: string, opts: DownloadOptions): Promise<string> {
  const token = opts.auth === false ? undefined : loadTokens()?.accessToken;
  const res = await fetch(`${API_BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message || (res.status === 401 ? '登录已过期，请重新登录' : '导出失败，请稍后再试'));
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = opts.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return '已开始下载，请在浏览器的下载里查看';
}
