import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { TSurveyForResponder } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { useData } from '../../../../hooks/use-data';
import { Notice } from '../../../../components/notice';
import { ApiError, messageOf, request } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { FacePicker } from '../../../../components/level-picker';
import '../../../../styles/feedback.scss';
import { ActionButton } from '../../../../components/action-button';

type TAnswer = number | number[] | string;

const NO_ENTRY = '请扫描评议卡上的二维码，或登录后参与';

/**
 * 群众评议 questionnaire, opened from a 评议卡 QR (`/s/<id>?t=<token>` redirects here) or by a signed-in citizen.
 * Answers keep no identity.
 */
export default function SurveyAnswer() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const token = params.t ?? '';
  const { user } = useSession();
  // With the card's token (or signed in) the server refuses a used card or a second answer at once, so nobody fills
  // in a form that cannot be sent.
  const found = useData(id ? `${id}|${token}|${user?.id ?? ''}` : null, () =>
    request<TSurveyForResponder>(`/api/surveys/${encodeURIComponent(id)}${token ? `?t=${encodeURIComponent(token)}` : ''}`, { auth: !token && user?.role === 'citizen' }),
  );
  const survey = found.data;
  const loadError = id ? found.error : '没有找到这份问卷';
  const [answers, setAnswers] = useState<Record<string, TAnswer>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const canAnswer = !!token || user?.role === 'citizen';

  if (!survey) {
    return <PageShell>{loadError ? <Notice tone="error" testId="survey-error">{loadError}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  if (done) {
    return (
      <PageShell>
        <Notice tone="success" testId="survey-thanks">
          提交成功，谢谢您的评议！您的意见会帮助我们改进服务。
        </Notice>
        <Text className="text-2 block">答卷不保存您的任何身份信息。</Text>
      </PageShell>
    );
  }

  const set = (key: string, v: TAnswer) => {
    setAnswers((a) => ({ ...a, [key]: v }));
    setMissing((m) => m.filter((k) => k !== key));
  };

  const isEmpty = (v: TAnswer | undefined) => v === undefined || (Array.isArray(v) && v.length === 0) || (typeof v === 'string' && !v.trim());

  const submit = async () => {
    const unanswered = survey.questions.filter((q) => q.required && isEmpty(answers[q.key])).map((q) => q.key);
    setMissing(unanswered);
    if (unanswered.length) {
      setError(`还有 ${unanswered.length} 道必答题没有回答（标 * 的题）`);
      return;
    }
    const body: Record<string, TAnswer> = {};
    for (const [k, v] of Object.entries(answers)) if (!isEmpty(v)) body[k] = typeof v === 'string' ? v.trim() : v;
    setBusy(true);
    setError('');
    try {
      await request(`/api/surveys/${encodeURIComponent(id)}/responses`, { method: 'POST', body: { ...(token ? { token } : {}), answers: body }, auth: !token });
      setDone(true);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'UNAUTHENTICATED' ? NO_ENTRY : messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <View className="card">
        <Text className="title block" data-testid="survey-title">
          {survey.title}
        </Text>
        {survey.intro ? <Text className="text block">{survey.intro}</Text> : null}
        <Text className="text-2 block">匿名填写，标 * 的题必答。</Text>
      </View>

      {!canAnswer ? (
        <View>
          <Notice tone="info" testId="survey-no-entry">
            {NO_ENTRY}
          </Notice>
          <ActionButton tone="primary" block data-testid="survey-login" onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
            登录
          </ActionButton>
        </View>
      ) : null}

      {survey.questions.map((q, i) => {
        const v = answers[q.key];
        return (
          <View key={q.key} className="card" data-testid={`question-${q.key}`} data-kind={q.kind}>
            <Text className="text strong block">
              {i + 1}. {q.text}
              {q.required ? <Text className="required-mark"> *</Text> : <Text className="text-2">（选答）</Text>}
            </Text>
            {q.kind === 'rating' ? <FacePicker value={typeof v === 'number' ? (v as 1 | 2 | 3 | 4 | 5) : null} onChange={(l) => set(q.key, l)} /> : null}
            {q.kind === 'single' ? (
              <View className="choice-col" {...a11y('radiogroup', { label: q.text })}>
                {(q.options ?? []).map((o, oi) => (
                  <View key={oi} className={`btn choice${v === oi ? ' chosen' : ''}`} data-testid={`option-${q.key}-${oi}`} onClick={() => set(q.key, oi)} {...a11y('radio', { checked: v === oi, label: o })}>
                    {o}
                  </View>
                ))}
              </View>
            ) : null}
            {q.kind === 'multi' ? (
              <View className="choice-col">
                <Text className="text-2 block">可以选多项</Text>
                {(q.options ?? []).map((o, oi) => {
                  const list = Array.isArray(v) ? v : [];
                  const on = list.includes(oi);
                  return (
                    <View key={oi} className={`btn choice${on ? ' chosen' : ''}`} data-testid={`option-${q.key}-${oi}`} onClick={() => set(q.key, on ? list.filter((x) => x !== oi) : [...list, oi].sort((a, b) => a - b))} {...a11y('checkbox', { checked: on, label: o })}>
                      {on ? `✓ ${o}` : o}
                    </View>
                  );
                })}
              </View>
            ) : null}
            {q.kind === 'text' ? <Textarea className="textarea" data-testid={`text-${q.key}`} value={typeof v === 'string' ? v : ''} maxlength={1000} onInput={(e) => set(q.key, e.detail.value)} aria-label={q.text} /> : null}
            {missing.includes(q.key) ? <Text className="field-error">这道题必答</Text> : null}
          </View>
        );
      })}

      {error ? (
        <Notice tone="error" testId="survey-submit-error">
          {error}
        </Notice>
      ) : null}
      {canAnswer ? (
        <ActionButton tone="primary" block data-testid="survey-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
          提交
        </ActionButton>
      ) : null}
    </PageShell>
  );
}
