import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItemSummary } from '@bianmin/shared';
import { CATEGORIES } from '@bianmin/shared/constants';
import { ActionButton } from '../../components/action-button';
import { ItemCard } from '../../components/item-card';
import { Notice } from '../../components/notice';
import { PageShell } from '../../components/page-shell';
import { SearchBox } from '../../components/search-box';
import { useData } from '../../hooks/use-data';
import { messageOf } from '../../services/request';
import { searchItems } from '../../services/service-items';
import { decodeParam } from '../../utils/format';

type Category = (typeof CATEGORIES)[number];
const PAGE_SIZE = 10;

function asCategory(v: string): Category | undefined {
  return (CATEGORIES as readonly string[]).includes(v) ? (v as Category) : undefined;
}

/** The pages read so far of one query. */
interface Found {
  items: TServiceItemSummary[];
  total: number;
  page: number;
  /** The answer is the copy saved on the phone. */
  offline: boolean;
}

async function findPage(q: string, category: Category | undefined, page: number): Promise<Found> {
  const r = await searchItems({ q: q || undefined, category, page, size: PAGE_SIZE });
  return { items: r.data.items, total: r.data.total, page, offline: r.offline };
}

/** Search results and category lists. The first query comes from the link; later ones from the search box. */
export default function Items() {
  const router = useRouter();
  const [q, setQ] = useState(() => decodeParam(router.params.q));
  const category = asCategory(decodeParam(router.params.category));
  const found = useData(`${q}|${category ?? ''}`, () => findPage(q, category, 1));
  const [moreLoading, setMoreLoading] = useState(false);
  const [moreError, setMoreError] = useState('');

  useEffect(() => {
    if (category) Taro.setNavigationBarTitle({ title: category }).catch(() => undefined);
  }, [category]);

  const more = async (prev: Found) => {
    setMoreLoading(true);
    setMoreError('');
    try {
      const next = await findPage(q, category, prev.page + 1);
      found.setData({ ...next, items: [...prev.items, ...next.items] });
    } catch (e) {
      setMoreError(messageOf(e));
    } finally {
      setMoreLoading(false);
    }
  };

  const heading = q ? `“${q}”的搜索结果` : category ? `${category}类事项` : '全部事项';
  const data = found.data;
  const items = data?.items ?? [];
  const loading = found.loading || moreLoading;
  const error = found.error || moreError;

  return (
    <PageShell>
      <SearchBox
        initial={q}
        onSearch={(text) => {
          setQ(text);
          if (text === q) void found.reload();
        }}
      />
      <Text className="title block" data-testid="result-heading">
        {heading}
      </Text>
      {data && (!loading || items.length) ? (
        <Text className="text-2 block" data-testid="result-count">
          共找到 {data.total} 个事项
        </Text>
      ) : null}
      {data?.offline ? <Notice tone="offline">网络不好，下面是上次的结果</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <View className="items-list">
        {items.map((it) => (
          <ItemCard key={it.id} item={it} />
        ))}
      </View>
      {loading ? <Notice>正在查找…</Notice> : null}
      {!loading && !error && data && items.length === 0 ? (
        <Notice testId="no-results">没有找到相关事项。可以换个说法，或拨打中心电话咨询（在“预约”页查看电话）。</Notice>
      ) : null}
      {!loading && data && items.length < data.total ? (
        <ActionButton block data-testid="load-more" onClick={() => void more(data)}>
          再看{Math.min(PAGE_SIZE, data.total - items.length)}个
        </ActionButton>
      ) : null}
    </PageShell>
  );
}
