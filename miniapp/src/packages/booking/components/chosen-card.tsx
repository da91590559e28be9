import { Text, View } from '@tarojs/components';
import type { TSlot } from '@bianmin/shared';
import { a11y } from '../../../utils/a11y';
import { dayText, spanText } from '../../../utils/china-time';

interface Props {
  date: string;
  /** The chosen time, once on the confirm step. */
  slot: TSlot | null;
  /** The chosen slot filled up meanwhile. */
  slotFull: boolean;
  onChangeDate: () => void;
  onChangeSlot: () => void;
}

/** What was already chosen, shown above the current question and changeable. */
export function ChosenCard({ date, slot, slotFull, onChangeDate, onChangeSlot }: Props) {
  return (
    <View className="card" data-testid="chosen">
      <View className="chosen-row">
        <Text className="text">
          日期：<Text className="strong">{dayText(date)}</Text>
        </Text>
        <View className="btn" data-testid="change-date" onClick={onChangeDate} {...a11y('button')}>
          换日期
        </View>
      </View>
      {slot ? (
        <View className="chosen-row">
          <Text className="text">
            时间：<Text className="strong">{spanText(slot.start, slot.end)}</Text>
            {slotFull ? <Text className="strong slot-full-mark">（已约满）</Text> : null}
          </Text>
          <View className="btn" data-testid="change-slot" onClick={onChangeSlot} {...a11y('button')}>
            换时间
          </View>
        </View>
      ) : null}
    </View>
  );
}
