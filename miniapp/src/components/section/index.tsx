import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';

/** A titled card of the 办事指南. */
export function Section({ title, testId, children }: PropsWithChildren<{ title: string; testId?: string }>) {
  return (
    <View className="card" data-testid={testId}>
      <Text className="section-title">{title}</Text>
      {children}
    </View>
  );
}
