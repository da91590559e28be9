import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItemSummary } from '@bianmin/shared';
import { CATEGORIES } from '@bianmin/shared/constants';
import { PageShell } from '../../components/page-shell';
import { SearchBox } from '../../components/search-box';
import { ItemCard } from '../../components/item-card';
import { Notice } from '../../components/notice';
import { searchItems } from '../../services/service-items';
import { messageOf } from '../../services/request';
import { decodeParam } from '../../utils/format';
import { ActionButton } from '../../components/action-button';

type Category = (typeof CATEGORIES)[number];
const PAGE_SIZE = 10;

function asCategory(v: string): Category | undefined {
  return (CATEGORIES as readonly string[]).includes(v) ? (v as Category) : undefined;
}

/** Search results and category lists. */
export default function Items() {
  const router = useRouter();
  const [q, setQ] = useState(() => decodeParam(router.params.q));
  const category = asCategory(decodeParam(router.params.category));
  const [items, setItems] = useState<TServiceItemSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState('');

  const load = useCallback(
    async (query: string, pageNo: number) => {
      setLoading(true);
      setError('');
      try {
        const r = await searchItems({ q: query || undefined, category, page: pageNo, size: PAGE_SIZE });
        setItems((prev) => (pageNo === 1 ? r.data.items : [...prev, ...r.data.items]));
        setTotal(r.data.total);
        setPage(pageNo);
        setOffline(r.offline);
      } catch (e) {
        setError(messageOf(e));
      } finally {
        setLoading(false);
      }
    },
    [category],
  );

  useEffect(() => {
    if (category) Taro.setNavigationBarTitle({ title: category }).catch(() => undefined);
    void load(q, 1);
    // The first query comes from the link; later ones from the search box.
  }, []);

  const heading = q ? `“${q}”的搜索结果` : category ? `${category}类事项` : '全部事项';

  return (
    <PageShell>
      <SearchBox
        initial={q}
        onSearch={(text) => {
          setQ(text);
          void load(text, 1);
        }}
      />
      <Text className="title block" data-testid="result-heading">
        {heading}
      </Text>
      {!loading || items.length ? (
        <Text className="text-2 block" data-testid="result-count">
          共找到 {total} 个事项
        </Text>
      ) : null}
      {offline ? <Notice tone="offline">网络不好，下面是上次的结果</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <View className="items-list">
        {items.map((it) => (
          <ItemCard key={it.id} item={it} />
        ))}
      </View>
      {loading ? <Notice>正在查找…</Notice> : null}
      {!loading && !error && items.length === 0 ? (
        <Notice testId="no-results">
          没有找到相关事项。可以换个说法，或拨打中心电话咨询（在“预约”页查看电话）。
        </Notice>
      ) : null}
      {!loading && items.length < total ? (
        <ActionButton block data-testid="load-more" onClick={() => void load(q, page + 1)}>
          再看{Math.min(PAGE_SIZE, total - items.length)}个
        </ActionButton>
      ) : null}
    </PageShell>
  );
}
