import { useEffect, useState } from 'react';
import type { TBooking, TCalendarDay } from '@bianmin/shared';
import { addDays, chinaDate } from '@bianmin/shared/domain';
import { useData } from '../../../hooks/use-data';
import { getCalendar, getBooking, getSlots } from '../../../services/bookings';
import { getItem } from '../../../services/service-items';

/** Days offered: today and the next 13 (the default 预约 horizon is 14 days). */
export const DAYS_SHOWN = 14;

/** What is being booked: the item at its center (or, for 改约, the booking's). */
export interface Target {
  itemId: string;
  itemName: string;
  centerId: string;
  centerName: string;
  /** The item's consultation phone: what to call when it cannot be booked online. */
  phone?: string;
}

export interface BookingStart {
  target: Target;
  /** 改约: the booking being changed. */
  original: TBooking | null;
  /** The center's working calendar for the days offered. */
  days: TCalendarDay[];
}

async function loadStart(rescheduleId: string, itemId: string): Promise<BookingStart> {
  let target: Target;
  let original: TBooking | null = null;
  if (rescheduleId) {
    original = await getBooking(rescheduleId);
    target = { itemId: original.itemId, itemName: original.itemName, centerId: original.centerId, centerName: original.centerName };
  } else {
    const item = (await getItem(itemId)).data;
    target = { itemId: item.id, itemName: item.name, centerId: item.centerId, centerName: item.centerName, phone: item.consultPhone };
  }
  const today = chinaDate(new Date());
  const days = await getCalendar(target.centerId, today, addDays(today, DAYS_SHOWN - 1));
  return { target, original, days };
}

/** The item (or the booking to change) and the days its center works, loaded once per opened page. */
export function useBookingStart(rescheduleId: string, itemId: string) {
  return useData(`${rescheduleId}|${itemId}`, () => loadStart(rescheduleId, itemId));
}

/**
 * Whether each open day still has a free slot, asked day by day in the background (nearest first) so the grid says
 * 可预约 only where one is left and 已约满 where none is — today after its last slot included. A day whose answer
 * fails stays unknown (still pickable: the slot step then tells).
 */
export function useFreeDays(itemId: string, openDays: readonly TCalendarDay[]): Record<string, boolean> {
  const [free, setFree] = useState<Record<string, boolean>>({});
  const key = openDays.map((d) => d.date).join(',');
  useEffect(() => {
    let stopped = false;
    void (async () => {
      for (const d of openDays) {
        if (stopped) return;
        try {
          const answer = await getSlots(itemId, d.date);
          const left = answer.open && answer.slots.some((s) => s.seatsLeft > 0);
          if (!stopped) setFree((f) => ({ ...f, [d.date]: left }));
        } catch {
          // Unknown: leave the day pickable.
        }
      }
    })();
    return () => {
      stopped = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the dates, not the array's identity
  }, [itemId, key]);
  return free;
}
