import { useState } from 'react';
import { Picker, Text, Textarea, View } from '@tarojs/components';
import type { TCenter } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';

/** Runs one write for this complaint; resolves true when it went through (the form then clears). */
export type RunWrite = (key: string, fn: () => Promise<unknown>, done: string) => Promise<boolean>;

interface FormProps {
  id: string;
  busy: string;
  run: RunWrite;
}

/** 答复 (within 5 working days), at least 5 characters. */
export function AnswerForm({ id, busy, run, submit }: FormProps & { submit: (text: string) => Promise<unknown> }) {
  const [text, setText] = useState('');
  return (
    <View className="step-form" data-testid="answer-form">
      <Textarea className="textarea" data-testid="answer-text" value={text} maxlength={2000} placeholder="答复内容（至少5个字）" onInput={(e) => setText(e.detail.value)} aria-label="答复内容" />
      <ActionButton
        tone="primary"
        block
        data-testid="answer-submit"
        loading={busy === `answer-${id}`}
        disabled={busy !== '' || text.trim().length < 5}
        onClick={() => void run(`answer-${id}`, () => submit(text.trim()), '已答复').then((ok) => ok && setText(''))}
      >
        答复
      </ActionButton>
    </View>
  );
}

/** 转办 to the responsible center (within 1 working day). */
export function RouteForm({ id, busy, run, others, submit }: FormProps & { others: TCenter[]; submit: (to: TCenter) => Promise<unknown> }) {
  const [pick, setPick] = useState<number | undefined>(undefined);
  const to = pick === undefined ? undefined : others[pick];
  return (
    <View className="step-form" data-testid="route-form">
      <Picker mode="selector" range={others.map((x) => x.name)} value={pick ?? 0} onChange={(e) => setPick(Number(e.detail.value))}>
        <View className="btn btn-block" data-testid="route-pick">
          {to ? `转办到：${to.name}` : pick === undefined ? '选择转办到哪个中心' : '转办到：'}
        </View>
      </Picker>
      <ActionButton block data-testid="route-submit" loading={busy === `route-${id}`} disabled={busy !== '' || pick === undefined} onClick={() => to && void run(`route-${id}`, () => submit(to), `已转办至${to.name}`)}>
        转办
      </ActionButton>
    </View>
  );
}

/** 核实 (admin): a complaint found true counts in the staff member's yearly record. */
export function VerifyForm({ id, busy, run, submit }: FormProps & { submit: (verified: boolean, finding: string) => Promise<unknown> }) {
  const [finding, setFinding] = useState('');
  return (
    <View className="step-form" data-testid="verify-form">
      <Text className="text strong block">核实（属实的投诉计入工作人员年度记录）</Text>
      <Textarea className="textarea" data-testid="verify-finding" value={finding} maxlength={1000} placeholder="核实情况（至少5个字）" onInput={(e) => setFinding(e.detail.value)} aria-label="核实情况" />
      <View className="btn-row">
        {[true, false].map((v) => (
          <ActionButton
            key={String(v)}
            tone={v ? 'danger' : 'default'}
            data-testid={v ? 'verify-yes' : 'verify-no'}
            loading={busy === `verify-${id}-${String(v)}`}
            disabled={busy !== '' || finding.trim().length < 5}
            onClick={() => void run(`verify-${id}-${String(v)}`, () => submit(v, finding.trim()), v ? '已记为属实' : '已记为不属实')}
          >
            {v ? '属实' : '不属实'}
          </ActionButton>
        ))}
      </View>
    </View>
  );
}
