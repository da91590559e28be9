import { useCallback, useState } from 'react';
import { useData } from '../../../../hooks/use-data';
import { getQueue, todaysBookings } from '../../services/staff';
import type { RunAction } from './types';

/**
 * What the workbench shows for one window: its queue and today's bookings, reloaded together after every action
 * (a check-in changes both) and when the page comes back into view.
 */
export function useWorkbench(windowId: string) {
  const queue = useData(windowId || null, () => getQueue(windowId), { refreshOnShow: true });
  const bookings = useData(windowId || null, () => todaysBookings(windowId), { refreshOnShow: true });
  const [busy, setBusy] = useState('');
  const { reload: reloadQueue } = queue;
  const { reload: reloadBookings } = bookings;

  const refresh = useCallback(() => {
    void reloadQueue();
    void reloadBookings();
  }, [reloadQueue, reloadBookings]);

  const run: RunAction = useCallback(
    async (key, fn) => {
      setBusy(key);
      try {
        await fn();
      } finally {
        setBusy('');
        refresh();
      }
    },
    [refresh],
  );

  return { queue, bookings, busy, refresh, run };
}
