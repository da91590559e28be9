import { Text, View } from '@tarojs/components';
import { RATING_LEVEL_LABELS, RATING_LEVELS, type TRatingLevel } from '@bianmin/shared/constants';
import { a11y } from '../../utils/a11y';

/** The five big face buttons, 非常满意 at the top. */
export function FacePicker({ value, onChange }: { value: TRatingLevel | null; onChange: (l: TRatingLevel) => void }) {
  return (
    <View className="faces" {...a11y('radiogroup', { label: '总体评价' })}>
      {RATING_LEVELS.map((l) => (
        <View key={l} className={`btn face-btn${value === l ? ' chosen' : ''}`} data-testid={`level-${l}`} onClick={() => onChange(l)} {...a11y('radio', { checked: value === l, label: RATING_LEVEL_LABELS[l] })}>
          <View className={`face face-${l}`} aria-hidden="true">
            <View className="mouth" />
          </View>
          <Text className="face-label">{RATING_LEVEL_LABELS[l]}</Text>
        </View>
      ))}
    </View>
  );
}

/** Five equal buttons in a row (a dimension of the rating, or a 1–5 survey question). */
export function LevelRow({ value, onChange, testId, label }: { value: number | null; onChange: (l: TRatingLevel) => void; testId: string; label: string }) {
  return (
    <View className="choice-row" {...a11y('radiogroup', { label })}>
      {RATING_LEVELS.map((l) => (
        <View key={l} className={`btn choice${value === l ? ' chosen' : ''}`} data-testid={`${testId}-${l}`} onClick={() => onChange(l)} {...a11y('radio', { checked: value === l, label: RATING_LEVEL_LABELS[l] })}>
          {RATING_LEVEL_LABELS[l]}
        </View>
      ))}
    </View>
  );
}
