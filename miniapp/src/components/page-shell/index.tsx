import type { CSSProperties, PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { useElderMode } from '../../store/elder-mode';

/**
 * The root of every screen. 长辈版 is one class (`elder`) plus the size variables from the elder-mode
 * store, so no page carries its own large-text rules.
 */
export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  const { elder, cssVars } = useElderMode();
  return (
    <View
      className={['page', elder ? 'elder' : 'standard', className].filter(Boolean).join(' ')}
      style={cssVars as CSSProperties}
      data-testid="page"
      data-elder={elder ? 'on' : 'off'}
    >
      {children}
    </View>
  );
}
