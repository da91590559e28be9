import type { CSSProperties, PropsWithChildren } from 'react';
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { useElderMode } from '../../store/elder-mode';
import { TitleBar } from '../title-bar/title-bar';

/** The page's title as its config names it (`navigationBarTitleText`), read once when the page opens. */
function configuredTitle(): string {
  const config = (Taro.getCurrentInstance().page as { config?: { navigationBarTitleText?: string } } | null | undefined)?.config;
  return config?.navigationBarTitleText ?? (typeof document !== 'undefined' ? document.title : '');
}

/**
 * The root of every screen: the one `main` landmark, the title bar with the page's one h1 (H5; WeChat draws its
 * own) and 长辈版 — one class (`elder`) plus the size variables from the elder-mode store, so no page carries its
 * own large-text rules. `title` overrides the title from the page config.
 */
export function PageShell({ children, className, title }: PropsWithChildren<{ className?: string; title?: string }>) {
  const { elder, cssVars } = useElderMode();
  const [configTitle] = useState(configuredTitle);
  return (
    <View
      className={['page', elder ? 'elder' : 'standard', className].filter(Boolean).join(' ')}
      style={cssVars as CSSProperties}
      data-testid="page"
      data-elder={elder ? 'on' : 'off'}
      role="main"
    >
      <TitleBar title={title ?? configTitle} />
      {children}
    </View>
  );
}

/** The same wrapper under the name the pages are written against: `<Page title=…>`. */
export const Page = PageShell;
