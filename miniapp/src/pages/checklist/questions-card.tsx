import { Text, View } from '@tarojs/components';
import type { TServiceItem } from '@bianmin/shared';
import { a11y } from '../../utils/a11y';

interface Props {
  questions: TServiceItem['questions'];
  answers: Record<string, boolean>;
  onAnswer: (key: string, yes: boolean) => void;
}

/** The item's yes/no questions: each answer can bring in conditional materials. */
export function QuestionsCard({ questions, answers, onAnswer }: Props) {
  if (!questions.length) return null;
  return (
    <View className="card" data-testid="questions">
      <Text className="section-title">先回答{questions.length}个问题</Text>
      {questions.map((q) => {
        const a = answers[q.key];
        return (
          <View key={q.key} className="question list-row" data-testid={`question-${q.key}`}>
            <Text className="text block">{q.text}</Text>
            <View className="btn-row">
              <View className={`btn ${a === true ? 'btn-primary' : ''}`} data-testid={`question-${q.key}-yes`} onClick={() => onAnswer(q.key, true)} {...a11y('button', { label: `${q.text} 是`, pressed: a === true })}>
                是
              </View>
              <View className={`btn ${a === false ? 'btn-primary' : ''}`} data-testid={`question-${q.key}-no`} onClick={() => onAnswer(q.key, false)} {...a11y('button', { label: `${q.text} 否`, pressed: a === false })}>
                否
              </View>
            </View>
          </View>
        );
      })}
    </View>
  );
}
