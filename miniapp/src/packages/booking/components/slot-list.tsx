import { Text, View } from '@tarojs/components';
import type { TSlot } from '@bianmin/shared';
import { a11y } from '../../../utils/a11y';
import { dayText, slotDate, spanText } from '../../../utils/china-time';

/**
 * Slots as full-width rows with the seats left. Full slots stay in the list (the person sees the day is busy)
 * but cannot be tapped. `withDate` for suggestions spanning several days.
 */
export function SlotList({ slots, selected, onPick, withDate, testId = 'slot' }: { slots: TSlot[]; selected?: string; onPick: (slot: TSlot) => void; withDate?: boolean; testId?: string }) {
  return (
    <View className="slot-list">
      {slots.map((s) => {
        const full = s.seatsLeft <= 0;
        const chosen = s.start === selected;
        const when = `${withDate ? `${dayText(slotDate(s.start))} ` : ''}${spanText(s.start, s.end)}`;
        return (
          <View
            key={s.start}
            className={['btn', 'slot', full ? 'slot-full' : '', chosen ? 'slot-chosen' : ''].filter(Boolean).join(' ')}
            data-testid={testId}
            data-start={s.start}
            data-full={full ? 'yes' : 'no'}
            aria-disabled={full ? 'true' : undefined}
            onClick={() => !full && onPick(s)}
            {...a11y('button', { label: `${when} ${full ? '已约满' : `剩${s.seatsLeft}个名额`}`, pressed: chosen })}
          >
            <Text className="slot-time">{when}</Text>
            <Text className="slot-seats">{full ? '已约满' : `剩 ${s.seatsLeft} 个名额`}</Text>
          </View>
        );
      })}
    </View>
  );
}
