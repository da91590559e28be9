import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { a11y } from '../../utils/a11y';
import './index.scss';

/** A big checkbox row: the whole row toggles, the box shows a clear ✓. */
export function TickRow({
  checked,
  onToggle,
  label,
  testId,
  children,
}: PropsWithChildren<{ checked: boolean; onToggle: () => void; label: string; testId?: string }>) {
  return (
    <View
      className={`tick-row ${checked ? 'tick-row-on' : ''}`}
      data-testid={testId}
      data-checked={checked ? 'true' : 'false'}
      onClick={onToggle}
      {...a11y('checkbox', { checked, label })}
    >
      <View className="tick-box">{checked ? '✓' : ''}</View>
      <View className="tick-body">{children}</View>
    </View>
  );
}
