import { Text, View } from '@tarojs/components';
import type { TServiceItem } from '@bianmin/shared';
import type { checkMaterials } from '@bianmin/shared/domain';
import { TickRow } from '../../../../components/tick-row';
import { a11y } from '../../../../utils/a11y';
import { formText } from '../../../../utils/format';

/** 4. 问申请人: the checklist's yes/no questions that decide which conditional materials are needed. */
export function QuestionsCard({ item, answers, onAnswer }: { item: TServiceItem; answers: Record<string, boolean>; onAnswer: (key: string, yes: boolean) => void }) {
  if (!item.questions.length) return null;
  return (
    <View className="card" data-testid="accept-questions">
      <Text className="section-title">4. 问申请人</Text>
      {item.questions.map((q) => (
        <View key={q.key} className="list-row" data-testid={`question-${q.key}`}>
          <Text className="text block">{q.text}</Text>
          <View className="choice-row">
            {[true, false].map((yes) => (
              <View
                key={String(yes)}
                className={`btn ${answers[q.key] === yes ? 'choice-on' : ''}`}
                data-testid={`question-${q.key}-${yes ? 'yes' : 'no'}`}
                onClick={() => onAnswer(q.key, yes)}
                {...a11y('radio', { checked: answers[q.key] === yes, label: `${q.text} ${yes ? '是' : '否'}` })}
              >
                {yes ? '是' : '否'}
              </View>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}

interface MaterialsProps {
  item: TServiceItem;
  answers: Record<string, boolean>;
  has: string[];
  check: ReturnType<typeof checkMaterials> | null;
  onToggle: (key: string) => void;
}

/** 收到的材料: big tick boxes, conditional materials only when their question says so (the shared 一次性告知 rule). */
export function MaterialsCard({ item, answers, has, check, onToggle }: MaterialsProps) {
  const shown = item.materials.filter((m) => m.requirement !== 'conditional' || answers[m.whenQuestion ?? ''] === true);
  return (
    <View className="card" data-testid="accept-materials">
      <Text className="section-title">{item.questions.length ? '5' : '4'}. 收到的材料</Text>
      <Text className="text-2 block">逐项核对，收到一项勾一项。</Text>
      {shown.map((m) => (
        <TickRow key={m.key} checked={has.includes(m.key)} onToggle={() => onToggle(m.key)} label={m.name} testId={`material-${m.key}`}>
          <Text className="text block">{m.name}</Text>
          <Text className="text-2 block">
            {formText(m.form, m.copies)}
            {m.requirement === 'optional' ? ' · 选交' : ''}
          </Text>
        </TickRow>
      ))}
      {check ? (
        <Text className="text block" data-testid="material-count">
          需要 {check.neededCount} 项，已收 {check.haveCount} 项
        </Text>
      ) : null}
    </View>
  );
}
