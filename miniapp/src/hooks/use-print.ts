import { useCallback, useState } from 'react';
import { openPrintPage } from '../utils/print-page';
import type { Feedback } from './use-feedback';

/**
 * Print a token-bearing API page (a numbered notice, a 跟踪卡, a window card) and keep the sentence to show: where
 * the page opened, or why it could not (a Chinese message). One place for the print buttons of every screen.
 */
export function usePrint() {
  const [message, setMessage] = useState<Feedback | null>(null);
  const print = useCallback((path: string) => {
    setMessage(null);
    openPrintPage(path).then(
      (text) => setMessage({ tone: 'success', text }),
      (e: unknown) => setMessage({ tone: 'error', text: e instanceof Error ? e.message : '打印页打不开，请稍后再试' }),
    );
  }, []);
  return { print, message };
}
