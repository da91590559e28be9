import Taro from '@tarojs/taro';

/** A mini-program cannot open outside pages; the link is copied so it can be sent or opened in a browser. */
export async function openLink(url: string): Promise<void> {
  await Taro.setClipboardData({ data: url });
}

export const OPEN_LINK_LABEL = '复制打印版链接';
