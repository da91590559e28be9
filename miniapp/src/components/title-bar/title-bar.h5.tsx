import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { TAB_PATHS } from './tabs';
import './index.scss';

/** Where the page came from: a deep link (no earlier page) goes back to 办事指南. */
function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: '/pages/home/index' });
}

/**
 * The browser has no navigation bar: this is the page's title (its one h1) and, on every page that is not a tab,
 * a 返回 control. Tab pages are reached from the tab bar, so they carry only the title.
 */
export function TitleBar({ title }: { title: string }) {
  const [isTab] = useState(() => {
    const path = Taro.getCurrentInstance().router?.path ?? '';
    return TAB_PATHS.some((p) => path.startsWith(p));
  });
  const ref = useRef<HTMLElement>(null);
  // Taro scrolls each page inside its own container: make it reachable by keyboard (arrow keys scroll it) and name it.
  useEffect(() => {
    const scroller = ref.current?.closest<HTMLElement>('.taro_page');
    if (!scroller) return;
    scroller.tabIndex = 0;
    scroller.setAttribute('aria-label', title);
  }, [title]);
  return (
    <header className="title-bar" data-testid="title-bar" ref={ref}>
      {isTab ? null : (
        <button type="button" className="title-bar-back" data-testid="back" aria-label="返回上一页" onClick={goBack}>
          ‹ 返回
        </button>
      )}
      <h1 className="title-bar-title">{title}</h1>
    </header>
  );
}
