import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { a11y } from '../../utils/a11y';

export type NoticeTone = 'info' | 'error' | 'success' | 'offline';

/** An inline message in the page flow: what 长辈版 uses instead of toasts and dialogs. */
export function Notice({ tone = 'info', testId, children }: PropsWithChildren<{ tone?: NoticeTone; testId?: string }>) {
  return (
    <View className={`notice notice-${tone}`} data-testid={testId ?? `notice-${tone}`} {...a11y(tone === 'error' ? 'alert' : 'status')}>
      {children}
    </View>
  );
}
