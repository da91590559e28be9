import Taro from '@tarojs/taro';
import { API_BASE } from '../../../services/api-base.weapp';

/** Download a public PDF and show it with the system viewer (mini-programs cannot open links). */
export async function openPdf(path: string): Promise<void> {
  const res = await Taro.downloadFile({ url: `${API_BASE}${path}` });
  if (res.statusCode !== 200) throw new Error(`download ${res.statusCode}`);
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true });
}
