import { Text } from '@tarojs/components';
import { clockText } from '../../../utils/china-time';

/**
 * 数据截至: today's figures come from the rollup job's latest count (every half minute or so), so a case finished a
 * moment ago may not be in yet — said plainly rather than left as a puzzle. Nothing for a period that has ended.
 */
export function CountedAt({ at }: { at?: string }) {
  if (!at) return null;
  return (
    <Text className="text-2 block" data-testid="score-counted-at">
      今天的数据截至 {clockText(at)}，约每分钟更新；刚办完的件稍后计入。
    </Text>
  );
}
