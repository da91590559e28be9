import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CATEGORIES } from '@bianmin/shared/constants';
import { PageShell } from '../../components/page-shell';
import { SearchBox } from '../../components/search-box';
import { ElderSwitch } from '../../components/elder-switch';
import { ItemCard } from '../../components/item-card';
import { Notice } from '../../components/notice';
import { searchItems } from '../../services/service-items';
import { useData } from '../../hooks/use-data';
import { a11y } from '../../utils/a11y';
import { pageUrl } from '../../utils/page-url';
import './index.scss';

/** 办事指南 home: search, the 长辈版 switch, categories and commonly handled matters. */
export default function Home() {
  const common = useData('common', () => searchItems({ size: 6 }));
  const items = common.data?.data.items ?? [];
  const offline = common.data?.offline ?? false;
  const error = common.error;

  return (
    <PageShell>
      <View className="home-head">
        <Text className="huge block">您要办什么事？</Text>
        <Text className="text-2 block">材料一次说清，少跑路</Text>
      </View>
      <SearchBox />
      <ElderSwitch />

      <Text className="section-title">按类别找</Text>
      <View className="home-categories">
        {CATEGORIES.map((c) => (
          <View
            key={c}
            className="btn home-category"
            data-testid="category"
            onClick={() => Taro.navigateTo({ url: `/pages/items/index?category=${encodeURIComponent(c)}` })}
            {...a11y('button', { label: c })}
          >
            {c}
          </View>
        ))}
      </View>

      <Text className="section-title">常办事项</Text>
      {offline ? <Notice tone="offline">网络不好，下面是上次看过的内容</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {items.map((it) => (
        <ItemCard key={it.id} item={it} />
      ))}

      <View className="home-footer">
        <View className="link" data-testid="home-complaint" onClick={() => void Taro.navigateTo({ url: '/packages/feedback/pages/complaint/index' })} {...a11y('link')}>
          投诉建议
        </View>
        <View className="link" data-testid="home-report" onClick={() => void Taro.navigateTo({ url: pageUrl('report') })} {...a11y('link')}>
          公开公告
        </View>
      </View>
    </PageShell>
  );
}
