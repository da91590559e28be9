import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TServiceItem, TServiceItemSummary } from '@bianmin/shared';
import { WINDOW_CASE_TYPE_LABELS } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { SearchBox } from '../../../../components/search-box';
import { messageOf } from '../../../../services/request';
import { getItem, searchItems } from '../../../../services/service-items';
import { a11y } from '../../../../utils/a11y';

interface Props {
  centerId: string;
  item: TServiceItem | null;
  onChoose: (item: TServiceItem) => void;
  onClear: () => void;
}

/** 1. 办理事项: find the matter of this center (Chinese or pinyin, as citizens search) and load its full checklist. */
export function ItemPicker({ centerId, item, onChoose, onClear }: Props) {
  const [results, setResults] = useState<TServiceItemSummary[] | null>(null);
  const [searchMsg, setSearchMsg] = useState('');

  const search = async (q: string) => {
    setSearchMsg('');
    setResults(null);
    if (!q) {
      setSearchMsg('请输入事项名称或拼音');
      return;
    }
    try {
      const page = await searchItems({ q, centerId: centerId || undefined, size: 20 });
      setResults(page.data.items);
      if (!page.data.items.length) setSearchMsg('本中心没有找到这个事项，换个说法或拼音首字母试试');
    } catch (e) {
      setSearchMsg(messageOf(e));
    }
  };

  const choose = async (summary: TServiceItemSummary) => {
    setSearchMsg('');
    try {
      const full = await getItem(summary.id);
      onChoose(full.data);
      setResults(null);
    } catch (e) {
      setSearchMsg(messageOf(e));
    }
  };

  return (
    <View className="card" data-testid="accept-item">
      <Text className="section-title">1. 办理事项</Text>
      {item ? (
        <View className="pick-row pick-row-on" data-testid="chosen-item">
          <Text className="text strong block">{item.name}</Text>
          <Text className="text-2 block">{item.department}</Text>
        </View>
      ) : null}
      {item ? (
        <ActionButton block data-testid="change-item" onClick={onClear}>
          换一个事项
        </ActionButton>
      ) : (
        <View>
          <SearchBox onSearch={(q) => void search(q)} />
          {searchMsg ? <Notice tone="info">{searchMsg}</Notice> : null}
          {results?.map((r) => (
            <View key={r.id} className="pick-row" data-testid="item-result" onClick={() => void choose(r)} {...a11y('button', { label: r.name })}>
              <Text className="text strong block">{r.name}</Text>
              <Text className="text-2 block">
                {WINDOW_CASE_TYPE_LABELS[r.caseType]} · {r.department}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
