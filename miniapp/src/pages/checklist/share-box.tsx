import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { NoticeTone } from '../../components/notice';
import { a11y } from '../../utils/a11y';
import { openLink, OPEN_LINK_LABEL } from '../../utils/open-link';

/** The share link of the checklist's state, to copy or open (and print). */
export function ShareBox({ url, show }: { url: string; show: (tone: NoticeTone, text: string) => void }) {
  return (
    <View className="card share" data-testid="share">
      <Text className="text-2 block">把这个链接发给家人或代办员，打开后可打印：</Text>
      <Text className="text share-url block" data-testid="share-url" selectable>
        {url}
      </Text>
      <View className="btn-row">
        <View
          className="btn"
          data-testid="copy-share-url"
          onClick={() => {
            Taro.setClipboardData({ data: url })
              .then(() => show('success', '链接已复制'))
              .catch(() => show('error', '复制没有成功，请长按链接复制'));
          }}
          {...a11y('button')}
        >
          复制链接
        </View>
        <View className="btn" onClick={() => void openLink(url)} {...a11y('button')}>
          {OPEN_LINK_LABEL}
        </View>
      </View>
    </View>
  );
}
