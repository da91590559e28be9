import { Text, View } from '@tarojs/components';
import type { checkMaterials } from '@bianmin/shared/domain';
import { Notice } from '../../components/notice';
import { a11y } from '../../utils/a11y';
import { formText } from '../../utils/format';

/** 核对结果: everything still missing, told at once (一次性告知), with why and where to get it. */
export function ResultCard({ result }: { result: ReturnType<typeof checkMaterials> }) {
  return (
    <View className={`card result ${result.complete ? 'result-ok' : 'result-missing'}`} data-testid="missing-list" {...a11y('region', { label: '核对结果' })}>
      {result.missing.length === 0 && result.unanswered.length === 0 ? (
        <Text className="title block" data-testid="complete">
          材料已经齐全，可以去办理了
        </Text>
      ) : null}
      {result.missing.length ? (
        <View>
          <Text className="title block">还缺以下{result.missing.length}项材料：</Text>
          {result.missing.map((m, i) => (
            <View key={m.key} className="list-row" data-testid="missing-item" data-key={m.key}>
              <Text className="text strong block">
                {i + 1}. {m.name}
              </Text>
              <Text className="text-2 block">{formText(m.form, m.copies)}</Text>
              {m.because ? <Text className="text-2 block">因为：{m.because}</Text> : null}
              {m.source ? <Text className="text-2 block">从哪里开：{m.source}</Text> : null}
              {m.notes ? <Text className="text-2 block">注意：{m.notes}</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
      {result.unanswered.length ? (
        <Notice tone="info" testId="unanswered">
          还有{result.unanswered.length}个问题没回答，回答后可能还需要其他材料。
        </Notice>
      ) : null}
      <Text className="text-2 block">
        需要 {result.neededCount} 项，已有 {result.haveCount} 项
      </Text>
    </View>
  );
}
