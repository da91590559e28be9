import { Text, View } from '@tarojs/components';
import type { TCalendarDay } from '@bianmin/shared';
import { a11y } from '../../../utils/a11y';
import { dayText } from '../../../utils/china-time';

/**
 * What a day is, in the words on its button: 休息 (with the holiday's name), 调休上班, 暂停办公… `free` is whether a
 * slot is left that day (undefined while still asking): 可预约 only when one is, 已约满 when none is.
 */
export function dayNote(d: TCalendarDay, free?: boolean): string {
  if (d.open && free === false) return '已约满';
  if (d.reason === 'holiday') return `${d.name ?? '节假日'} 休息`;
  if (d.reason === 'weekend') return '周末休息';
  if (d.reason === 'closed') return d.name ? `${d.name} 不办公` : '不办公';
  if (d.reason === 'makeup') return '调休上班';
  if (d.reason === 'extra') return d.name ? `${d.name} 办公` : '加开办公';
  if (!d.open) return '不办公';
  return free ? '可预约' : '办公';
}

/** The next days as big buttons; closed days stay visible (so the person sees why) but cannot be picked. */
export function DayPicker({
  days,
  selected,
  onPick,
  free = {},
}: {
  days: TCalendarDay[];
  selected?: string;
  onPick: (date: string) => void;
  /** Per date: a free slot is left (true), none is (false); missing while not yet known. */
  free?: Readonly<Record<string, boolean>>;
}) {
  return (
    <View className="day-grid" data-testid="day-picker">
      {days.map((d) => {
        const chosen = d.date === selected;
        const bookable = d.open && free[d.date] !== false;
        const cls = ['btn', 'day', bookable ? 'day-open' : 'day-closed', d.reason === 'makeup' || d.reason === 'extra' ? 'day-special' : '', chosen ? 'day-chosen' : '']
          .filter(Boolean)
          .join(' ');
        return (
          <View
            key={d.date}
            className={cls}
            data-testid={`day-${d.date}`}
            data-open={bookable ? 'yes' : 'no'}
            aria-disabled={bookable ? undefined : 'true'}
            onClick={() => bookable && onPick(d.date)}
            {...a11y('button', { label: `${dayText(d.date)} ${dayNote(d, free[d.date])}`, pressed: chosen })}
          >
            <Text className="day-date">{dayText(d.date).split(' ')[0]}</Text>
            <Text className="day-week">{dayText(d.date).split(' ')[1]}</Text>
            <Text className="day-note">{dayNote(d, free[d.date])}</Text>
          </View>
        );
      })}
    </View>
  );
}
