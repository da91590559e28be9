import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItemSummary } from '@bianmin/shared';
import { caseTypeText, limitText, visitsText } from '../../utils/format';
import { a11y } from '../../utils/a11y';
import { pageUrl } from '../../utils/page-url';
import './index.scss';

/** One matter in a list: the facts a person decides by (how long, how many trips, free, help offered). */
export function ItemCard({ item }: { item: TServiceItemSummary }) {
  const open = () => Taro.navigateTo({ url: pageUrl('item', { id: item.id }) });
  return (
    <View className="item-card card" data-testid="item-card" onClick={open} {...a11y('link', { focusable: true })}>
      <Text className="item-card-name title block">{item.name}</Text>
      <Text className="item-card-center text block">在 {item.centerName} 办理</Text>
      <Text className="text-2 block">{item.department}</Text>
      <View className="tags">
        <Text className="tag">{caseTypeText(item.caseType).label}</Text>
        <Text className="tag">{item.committedLimitDays === 0 ? '当场办结' : `${limitText(item.committedLimitDays)}办结`}</Text>
        <Text className="tag tag-green">{visitsText(item.visits)}</Text>
        {item.free ? <Text className="tag tag-green">免费</Text> : <Text className="tag tag-warn">收费</Text>}
        {item.assistance.delegate ? <Text className="tag">可代办</Text> : null}
        {item.assistance.homeVisit ? <Text className="tag">可上门</Text> : null}
      </View>
      <Text className="item-card-more text-2 block">需要 {item.materialCount} 项材料 · 查看详情 ›</Text>
    </View>
  );
}
