import Taro from '@tarojs/taro';
import { API_BASE } from '../../../services/api-base';
import { loadTokens } from '../../../services/tokens';

/** Download a file that needs the Bearer token (downloadFile takes the header), then open it in WeChat's viewer. */
export async function downloadWithToken(path: string, _filename: string): Promise<string> {
  const token = loadTokens()?.accessToken;
  const res = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: token ? { Authorization: `Bearer ${token}` } : {} });
  if (res.statusCode !== 200) throw new Error(res.statusCode === 401 ? '登录已过期，请重新登录' : '导出失败，请稍后再试');
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
  return '已打开文件，可从右上角菜单转发或保存';
}
