import { useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { addDays, chinaDate } from '@bianmin/shared/domain';
// Values from the zod-free domain file only: the schemas would pull zod (~100 KB) into the subpackage.
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { messageOf } from '../../../../services/request';
import { a11y } from '../../../../utils/a11y';
import { createSurvey, type TSurveyDraft } from '../../services/evaluation';
import { formProblem, hasOptions, KIND_LABELS, KINDS, optionLines, type Msg, type QuestionForm, type TStoredSurvey } from './survey-form';

/** 新建问卷: title, intro, dates, 目标样本 and the questions one by one, saved as a draft. */
export function SurveyBuilder({ centerId, onSaved }: { centerId: string; onSaved: (s: TStoredSurvey) => void }) {
  const today = chinaDate(new Date());
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [opensOn, setOpensOn] = useState(today);
  const [closesOn, setClosesOn] = useState(addDays(today, 30));
  const [target, setTarget] = useState('200');
  const [questions, setQuestions] = useState<QuestionForm[]>([]);
  const [formMsg, setFormMsg] = useState<Msg | null>(null);
  const [busy, setBusy] = useState('');
  const setQ = (i: number, patch: Partial<QuestionForm>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  const save = async () => {
    const problem = formProblem(title, opensOn, closesOn, target, questions);
    if (problem) {
      setFormMsg({ tone: 'error', text: problem });
      return;
    }
    const input: TSurveyDraft = {
      centerId,
      title: title.trim(),
      intro: intro.trim(),
      questions: questions.map((q, i) => ({
        key: `q${i + 1}`,
        kind: q.kind,
        text: q.text.trim(),
        ...(hasOptions(q.kind) ? { options: optionLines(q.options) } : {}),
        required: q.required,
      })),
      opensOn,
      closesOn,
      targetSample: Number(target),
    };
    setBusy('save');
    try {
      const { id } = await createSurvey(input);
      setTitle('');
      setIntro('');
      setQuestions([]);
      setFormMsg({ tone: 'success', text: '草稿已保存，可在上方“我建的问卷”里发布' });
      onSaved({ id, title: input.title, published: false });
    } catch (e) {
      setFormMsg({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="card" data-testid="survey-builder">
      <Text className="section-title">新建问卷</Text>
      <Text className="field-label block">标题</Text>
      <Input className="input" data-testid="survey-title" value={title} maxlength={60} placeholder="如 2026年第四季度群众满意度评议" onInput={(e) => setTitle(e.detail.value)} aria-label="问卷标题" />
      <Text className="field-label block">说明（可不填）</Text>
      <Textarea className="textarea" data-testid="survey-intro" value={intro} maxlength={500} placeholder="如 匿名填写，约1分钟" onInput={(e) => setIntro(e.detail.value)} aria-label="问卷说明" />
      <Text className="field-label block">开始日期</Text>
      <Input className="input" data-testid="survey-opens" value={opensOn} maxlength={10} placeholder="2026-01-31" onInput={(e) => setOpensOn(e.detail.value.trim())} aria-label="开始日期" />
      <Text className="field-label block">结束日期</Text>
      <Input className="input" data-testid="survey-closes" value={closesOn} maxlength={10} placeholder="2026-01-31" onInput={(e) => setClosesOn(e.detail.value.trim())} aria-label="结束日期" />
      <Text className="field-label block">目标样本量（份）</Text>
      <Input className="input" type="number" data-testid="survey-target" value={target} maxlength={6} onInput={(e) => setTarget(e.detail.value)} aria-label="目标样本量" />

      {questions.map((q, i) => (
        <View key={i} className="step-form" data-testid="question-form" data-key={`q${i + 1}`}>
          <Text className="text strong block">
            第{i + 1}题：{KIND_LABELS[q.kind]}
          </Text>
          <Textarea className="textarea" data-testid="question-text" value={q.text} maxlength={200} placeholder="题目（至少2个字）" onInput={(e) => setQ(i, { text: e.detail.value })} aria-label={`第${i + 1}题题目`} />
          {hasOptions(q.kind) ? (
            <Textarea
              className="textarea"
              data-testid="question-options"
              value={q.options}
              maxlength={800}
              placeholder={'选项，每行一个，如\n窗口\n村代办点'}
              onInput={(e) => setQ(i, { options: e.detail.value })}
              aria-label={`第${i + 1}题选项，每行一个`}
            />
          ) : null}
          <View className="choice-row">
            <View className={`btn${q.required ? ' choice-on' : ''}`} data-testid="question-required" onClick={() => setQ(i, { required: !q.required })} {...a11y('button', { pressed: q.required })}>
              {q.required ? '必答 ✓' : '选答（点此改为必答）'}
            </View>
            <View className="btn" data-testid="question-remove" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))} {...a11y('button')}>
              删除此题
            </View>
          </View>
        </View>
      ))}

      <View className="step-form">
        <Text className="text strong block">添加一道题</Text>
        <View className="choice-row">
          {KINDS.map((k) => (
            <View
              key={k.kind}
              className="btn"
              data-testid={`add-${k.kind}`}
              onClick={() => setQuestions((qs) => (qs.length >= 40 ? qs : [...qs, { kind: k.kind, text: '', options: '', required: k.kind !== 'text' }]))}
              {...a11y('button')}
            >
              + {k.label}
            </View>
          ))}
        </View>
      </View>

      {formMsg ? (
        <Notice tone={formMsg.tone} testId="survey-form-msg">
          {formMsg.text}
        </Notice>
      ) : null}
      <ActionButton tone="primary" block data-testid="survey-save" loading={busy === 'save'} disabled={busy !== ''} onClick={() => void save()}>
        保存草稿
      </ActionButton>
    </View>
  );
}
