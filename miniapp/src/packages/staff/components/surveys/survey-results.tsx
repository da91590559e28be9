import { Text, View } from '@tarojs/components';
import type { TSurveyResults } from '@bianmin/shared';
import { KIND_LABELS } from './survey-form';

/** The answers of a questionnaire: bars for choices and ratings (with the average), the written opinions. */
export function SurveyResults({ results }: { results: TSurveyResults }) {
  return (
    <View data-testid="survey-result">
      {results.questions.map((q, i) => (
        <View key={q.key} className="step-form" data-testid="result-question" data-key={q.key}>
          <Text className="text strong block">
            {i + 1}. {q.text}（{KIND_LABELS[q.kind]}，{q.answered} 人作答）
          </Text>
          {q.average !== undefined ? <Text className="text block" data-testid="result-average">平均 {q.average} 分</Text> : null}
          {(q.counts ?? []).map((c) => (
            <View key={c.label} className="bar-row">
              <Text className="bar-label">{q.kind === 'rating' ? `${c.label}分` : c.label}</Text>
              <View className="bar-track">
                <View className="bar-fill" style={{ width: `${Math.min(100, c.share)}%` }} />
              </View>
              <Text className="bar-value">
                {c.count}人 {c.share}%
              </Text>
            </View>
          ))}
          {q.texts?.length ? q.texts.map((t, j) => <Text key={j} className="text block">“{t}”</Text>) : null}
          {q.kind === 'text' && !q.texts?.length ? <Text className="text-2 block">暂无文字意见</Text> : null}
        </View>
      ))}
    </View>
  );
}
