import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { useElderMode } from '../store/elder-mode';
import type { NoticeTone } from '../components/notice';

export interface Feedback {
  tone: NoticeTone;
  text: string;
}

/**
 * Tell the person what happened. Errors always stay on the page. A success is a inline message too, with a
 * short toast on top in the standard version only (长辈版 has no pop-ups).
 */
export function useFeedback() {
  const { elder } = useElderMode();
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const show = useCallback(
    (tone: NoticeTone, text: string) => {
      setFeedback({ tone, text });
      if (tone === 'success' && !elder) {
        Taro.showToast({ title: text.slice(0, 7), icon: 'success', duration: 1500 }).catch(() => undefined);
      }
    },
    [elder],
  );
  const clear = useCallback(() => setFeedback(null), []);
  return { feedback, show, clear };
}
