import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Skeleton } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css';
import { ActionButton } from '../action-button';
import { Notice } from '../notice';
import type { DataState } from '../../hooks/use-data';

interface LoadStateProps<T> {
  state: Pick<DataState<T>, 'data' | 'error' | 'loading' | 'reload'>;
  /** What the screen is waiting for, said while the placeholder shows ("正在查询…"). */
  loadingText?: string;
  /** Rendered once there is data (also while a refresh runs, so the screen does not flash). */
  children: (data: T) => ReactNode;
}

/**
 * The loading / error / retry part of every screen that fetches: a skeleton with a spoken text while the first
 * answer is awaited, the error inline with a 重试 button (长辈版 has no pop-ups), then the content. Once there is
 * something to show (an earlier answer, the copy saved on the phone), a failed refresh leaves it in place.
 */
export function LoadState<T>({ state, loadingText = '正在打开…', children }: LoadStateProps<T>) {
  const { data, error, loading, reload } = state;
  return (
    <>
      {error && data === null ? (
        <View data-testid="load-error">
          <Notice tone="error">{error}</Notice>
          <ActionButton block data-testid="load-retry" loading={loading} disabled={loading} onClick={() => void reload()}>
            重试
          </ActionButton>
        </View>
      ) : null}
      {data === null && !error ? (
        <View className="card" data-testid="loading">
          <Text className="text-2 block">{loadingText}</Text>
          <Skeleton rows={3} animated />
        </View>
      ) : null}
      {data !== null ? children(data) : null}
    </>
  );
}
