import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import { RECTIFICATION_STEP_LABELS } from '@bianmin/shared/constants';
import { ActionButton } from '../../../../components/action-button';
import type { TRectAction } from '../../services/evaluation';

/** Runs one write for this rating; resolves true when it went through (the form then clears). */
export type RunWrite = (key: string, fn: () => Promise<unknown>, done: string) => Promise<boolean>;

interface FormProps {
  ratingId: string;
  busy: string;
  run: RunWrite;
}

/** 下一步 of the rectification (回访→核实→整改→答复): what was done, in at least 2 characters. */
export function StepForm({ ratingId, next, busy, run, submit }: FormProps & { next: TRectAction; submit: (note: string) => Promise<unknown> }) {
  const [note, setNote] = useState('');
  const key = `step-${ratingId}`;
  const label = RECTIFICATION_STEP_LABELS[next];
  return (
    <View className="step-form" data-testid="step-form" data-action={next}>
      <Text className="text strong block">下一步：{label}</Text>
      <Textarea className="textarea" data-testid="step-note" value={note} maxlength={500} placeholder="写明做了什么（至少2个字）" onInput={(e) => setNote(e.detail.value)} aria-label={`${label}情况`} />
      <ActionButton
        tone="primary"
        block
        data-testid="step-submit"
        loading={busy === key}
        disabled={busy === key || note.trim().length < 2}
        onClick={() => void run(key, () => submit(note.trim()), `已记录“${label}”`).then((ok) => ok && setNote(''))}
      >
        记录{label}
      </ActionButton>
    </View>
  );
}

/** 申诉: why the rating is wrong or malicious, in at least 5 characters. */
export function AppealForm({ ratingId, busy, run, submit, onClose }: FormProps & { submit: (reason: string) => Promise<unknown>; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const key = `appeal-${ratingId}`;
  return (
    <View className="step-form" data-testid="appeal-form">
      <Text className="text strong block">申诉理由</Text>
      <Textarea className="textarea" data-testid="appeal-reason" value={reason} maxlength={1000} placeholder="写明为什么是错评或恶意差评（至少5个字）" onInput={(e) => setReason(e.detail.value)} aria-label="申诉理由" />
      <View className="btn-row">
        <ActionButton onClick={onClose}>不申诉</ActionButton>
        <ActionButton
          tone="primary"
          data-testid="appeal-submit"
          loading={busy === key}
          disabled={busy === key || reason.trim().length < 5}
          onClick={() => void run(key, () => submit(reason.trim()), '申诉已提交，等待管理员复核').then((ok) => ok && onClose())}
        >
          提交申诉
        </ActionButton>
      </View>
    </View>
  );
}

/** 申诉复核 (admin, not the appellant): 成立 takes the rating out of the scorecards. */
export function DecisionForm({ ratingId, busy, run, submit }: FormProps & { submit: (d: 'upheld' | 'rejected', reason: string) => Promise<unknown> }) {
  const [reason, setReason] = useState('');
  return (
    <View className="step-form" data-testid="appeal-decision">
      <Text className="text strong block">申诉复核（申诉人本人不能复核）</Text>
      <Textarea className="textarea" data-testid="decision-reason" value={reason} maxlength={1000} placeholder="复核意见（至少5个字）" onInput={(e) => setReason(e.detail.value)} aria-label="复核意见" />
      <View className="btn-row">
        {(['upheld', 'rejected'] as const).map((d) => (
          <ActionButton
            key={d}
            tone={d === 'upheld' ? 'primary' : 'danger'}
            data-testid={`decision-${d}`}
            loading={busy === `decide-${ratingId}-${d}`}
            disabled={busy !== '' || reason.trim().length < 5}
            onClick={() => void run(`decide-${ratingId}-${d}`, () => submit(d, reason.trim()), d === 'upheld' ? '申诉成立：该评价不再计入考核' : '申诉不成立').then((ok) => ok && setReason(''))}
          >
            {d === 'upheld' ? '申诉成立' : '申诉不成立'}
          </ActionButton>
        ))}
      </View>
    </View>
  );
}
