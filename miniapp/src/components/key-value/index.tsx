import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';

interface KeyValueProps {
  label: string;
  /** Bold value: the facts a person reads first (what, when). */
  strong?: boolean;
  testId?: string;
}

/**
 * One "label: value" row. In 长辈版 the label sits above the value (app.scss `.elder .kv`), so long values keep
 * the full width at large text sizes.
 */
export function KeyValue({ label, strong = false, testId, children }: PropsWithChildren<KeyValueProps>) {
  return (
    <View className="kv">
      <Text className="k">{label}</Text>
      <View className={strong ? 'v strong' : 'v'} data-testid={testId}>
        {children}
      </View>
    </View>
  );
}
