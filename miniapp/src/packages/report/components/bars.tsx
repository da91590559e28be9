import { Text, View } from '@tarojs/components';

export interface BarRow {
  key: string;
  label: string;
  value: number;
}

/** A plain CSS bar chart: one row per figure, the bar's width relative to the largest, the number beside it. */
export function Bars({ rows, testId, unit = '件' }: { rows: BarRow[]; testId: string; unit?: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <View className="bars" data-testid={testId}>
      {rows.map((r) => (
        <View key={r.key} className="bar-row" data-testid="bar" data-key={r.key} data-value={String(r.value)}>
          <Text className="bar-label">{r.label}</Text>
          <View className="bar-track">
            <View className={r.value ? 'bar-fill' : 'bar-fill bar-zero'} style={{ width: `${Math.round((r.value / max) * 100)}%` }} />
          </View>
          <Text className="bar-value">
            {r.value}
            {unit}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** A rate as a big number; null (nothing to count this month) shows as a dash with a note. */
export function BigRate({ label, value, testId }: { label: string; value: number | null; testId: string }) {
  return (
    <View className="big-rate" data-testid={testId} data-value={value === null ? '' : String(value)}>
      <Text className="big-rate-value">{value === null ? '—' : `${value}%`}</Text>
      <Text className="big-rate-label">
        {label}
        {value === null ? '（本月无数据）' : ''}
      </Text>
    </View>
  );
}
