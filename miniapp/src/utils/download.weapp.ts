import Taro from '@tarojs/taro';
import { API_BASE } from '../services/api-base';
import { loadTokens } from '../services/tokens';

export interface DownloadOptions {
  /** The name the browser saves it under (unused here: WeChat names its temporary files). */
  filename: string;
  /** What the mini-program's viewer opens it as. */
  fileType: 'pdf' | 'xlsx';
  /** Send the Bearer token (exports of staff and admins); public files (the monthly report) go without. */
  auth?: boolean;
}

/**
 * Fetch an API file and open it in WeChat's document viewer (mini-programs cannot follow links; downloadFile
 * takes the token header). Resolves to the sentence to show; rejects with a Chinese message.
 */
export async function downloadFile(path: string, opts: DownloadOptions): Promise<string> {
  const token = opts.auth === false ? undefined : loadTokens()?.accessToken;
  const res = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: token ? { Authorization: `Bearer ${token}` } : {} });
  if (res.statusCode !== 200) throw new Error(res.statusCode === 401 ? '登录已过期，请重新登录' : '下载失败，请稍后再试');
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: opts.fileType, showMenu: true });
  return '已打开文件，可从右上角菜单转发或保存';
}
