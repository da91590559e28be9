import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, View } from '@tarojs/components';
import './index.scss';
import { ActionButton } from '../action-button';

/** Search by Chinese, full pinyin or initials (ylbx → 养老保险); opens the result list. */
export function SearchBox({ initial = '', onSearch }: { initial?: string; onSearch?: (q: string) => void }) {
  const [q, setQ] = useState(initial);
  const go = () => {
    const text = q.trim();
    if (onSearch) onSearch(text);
    else Taro.navigateTo({ url: `/pages/items/index?q=${encodeURIComponent(text)}` });
  };
  return (
    <View className="search-box" data-testid="search-box">
      <Input
        className="input search-input"
        data-testid="search-input"
        type="text"
        value={q}
        placeholder="搜事项，如：养老保险 或 ylbx"
        placeholderClass="search-placeholder"
        confirmType="search"
        maxlength={50}
        onInput={(e) => setQ(e.detail.value)}
        onConfirm={go}
        aria-label="搜索办事事项"
      />
      <ActionButton tone="primary" className="search-button" data-testid="search-button" onClick={go}>
        搜索
      </ActionButton>
    </View>
  );
}
