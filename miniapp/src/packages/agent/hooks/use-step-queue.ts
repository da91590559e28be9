import { useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { flushQueue, onQueueEvent, pendingSteps, type TQueueEvent, type TQueuedStep } from '../services/step-queue';
import { watchNetwork } from '../utils/network';

/** While steps wait, try again this often even without a network event (a weak signal may never report one). */
const RETRY_MS = 20_000;

/**
 * The offline queue on a screen: its pending steps (of one case, or all), flushed when the page shows, when the
 * network comes back and every 20 s while something waits. `onEvent` hears each step sent or refused.
 */
export function useStepQueue(caseId: string | undefined, onEvent?: (e: TQueueEvent) => void) {
  const [pending, setPending] = useState<TQueuedStep[]>(() => pendingSteps(caseId));
  const [flushingNow, setFlushingNow] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  const flush = () => {
    if (!pendingSteps().length) return Promise.resolve();
    setFlushingNow(true);
    return flushQueue().finally(() => setFlushingNow(false));
  };

  useEffect(() => {
    const offEvents = onQueueEvent((e) => {
      setPending(pendingSteps(caseId));
      handler.current?.(e);
    });
    const offNetwork = watchNetwork(() => void flush());
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => {
      offEvents();
      offNetwork();
      clearInterval(timer);
    };
  }, [caseId]);

  useDidShow(() => {
    setPending(pendingSteps(caseId));
    void flush();
  });

  return { pending, flush, flushing: flushingNow };
}
