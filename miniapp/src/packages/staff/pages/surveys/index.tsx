import { useState } from 'react';
import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import type { TSurveyResults } from '@bianmin/shared';
import { addDays, chinaDate } from '@bianmin/shared/domain';
// Values from the zod-free domain file only: the schemas would pull zod (~100 KB) into the subpackage.
import { PageShell } from '../../../../components/page-shell';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { API_BASE } from '../../../../services/api-base';
import { messageOf } from '../../../../services/request';
import { readStored, STORAGE_KEYS, writeStored } from '../../../../services/storage';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { absoluteUrl } from '../../../../utils/absolute-url';
import { createSurvey, publishSurvey, surveyCards, surveyResults, type TQuestionKind, type TSurveyDraft } from '../../services/evaluation';
import { downloadFile } from '../../../../utils/download';
import '../../styles/evaluation.scss';
import { ActionButton } from '../../../../components/action-button';

interface Msg {
  tone: NoticeTone;
  text: string;
}

/** What this phone remembers of a questionnaire the admin created (the API has no list of them). */
interface TStoredSurvey {
  id: string;
  title: string;
  published: boolean;
}

interface QuestionForm {
  kind: TQuestionKind;
  text: string;
  options: string;
  required: boolean;
}

const KINDS: { kind: TQuestionKind; label: string }[] = [
  { kind: 'rating', label: '满意度（1–5分）' },
  { kind: 'single', label: '单选题' },
  { kind: 'multi', label: '多选题' },
  { kind: 'text', label: '文字题' },
];
const KIND_LABELS = Object.fromEntries(KINDS.map((k) => [k.kind, k.label])) as Record<TQuestionKind, string>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const hasOptions = (kind: TQuestionKind) => kind === 'single' || kind === 'multi';
const optionLines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** What is wrong with the form, in words, or '' when it can be saved. */
function formProblem(title: string, opensOn: string, closesOn: string, target: string, questions: QuestionForm[]): string {
  if (title.trim().length < 2) return '请填写问卷标题（至少2个字）';
  if (!DATE.test(opensOn) || !DATE.test(closesOn)) return '日期请按 2026-01-31 的格式填写';
  if (closesOn < opensOn) return '结束日期不能早于开始日期';
  const n = Number(target);
  if (!Number.isInteger(n) || n < 1) return '目标样本量请填写正整数';
  if (questions.length === 0) return '请至少添加一道题';
  for (const [i, q] of questions.entries()) {
    if (q.text.trim().length < 2) return `第${i + 1}题：请填写题目（至少2个字）`;
    if (hasOptions(q.kind) && optionLines(q.options).length < 2) return `第${i + 1}题：单选、多选题至少要两个选项，每行一个`;
  }
  return '';
}

/**
 * 群众评议问卷 (admin): build a questionnaire (title, intro, dates, 目标样本, questions one by one), save it as a draft,
 * publish it, print 评议卡 (a link and QR code each) and read the results. The API keeps no list of an admin's
 * questionnaires, so this phone remembers the ones created here.
 */
export default function StaffSurveys() {
  const { user } = useSession();
  const isAdmin = user?.role === 'admin' && !!user.centerId;
  const storeKey = `${STORAGE_KEYS.adminSurveysPrefix}${user?.id ?? ''}`;
  const today = chinaDate(new Date());

  const [mine, setMine] = useState<TStoredSurvey[]>(() => readStored<TStoredSurvey[]>(storeKey) ?? []);
  const [selected, setSelected] = useState('');
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [opensOn, setOpensOn] = useState(today);
  const [closesOn, setClosesOn] = useState(addDays(today, 30));
  const [target, setTarget] = useState('200');
  const [questions, setQuestions] = useState<QuestionForm[]>([]);
  const [formMsg, setFormMsg] = useState<Msg | null>(null);
  const [msg, setMsg] = useState<Msg | null>(null);
  const [busy, setBusy] = useState('');
  const [cardCount, setCardCount] = useState('10');
  const [cards, setCards] = useState<{ token: string; url: string }[]>([]);
  const [results, setResults] = useState<TSurveyResults | null>(null);

  if (!isAdmin) {
    return (
      <PageShell>
        <Notice tone="error">群众评议问卷只供中心管理员使用。</Notice>
      </PageShell>
    );
  }

  const remember = (list: TStoredSurvey[]) => {
    setMine(list);
    writeStored(storeKey, list);
  };
  const select = (id: string) => {
    setSelected(id);
    setCards([]);
    setResults(null);
    setMsg(null);
  };
  const setQ = (i: number, patch: Partial<QuestionForm>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const current = mine.find((s) => s.id === selected);

  const save = async () => {
    const problem = formProblem(title, opensOn, closesOn, target, questions);
    if (problem) {
      setFormMsg({ tone: 'error', text: problem });
      return;
    }
    const input: TSurveyDraft = {
      centerId: user.centerId ?? '',
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
      remember([{ id, title: input.title, published: false }, ...mine.filter((s) => s.id !== id)]);
      setTitle('');
      setIntro('');
      setQuestions([]);
      setFormMsg({ tone: 'success', text: '草稿已保存，可在上方“我建的问卷”里发布' });
      select(id);
    } catch (e) {
      setFormMsg({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy('');
    }
  };

  const act = async (key: string, fn: () => Promise<string>) => {
    setBusy(key);
    setMsg(null);
    try {
      setMsg({ tone: 'success', text: await fn() });
    } catch (e) {
      setMsg({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy('');
    }
  };
  const publish = (s: TStoredSurvey) =>
    act('publish', async () => {
      await publishSurvey(s.id);
      remember(mine.map((x) => (x.id === s.id ? { ...x, published: true } : x)));
      return '问卷已发布，群众可以填写了';
    });
  const makeCards = (s: TStoredSurvey) =>
    act('cards', async () => {
      const n = Number(cardCount);
      if (!Number.isInteger(n) || n < 1) throw new Error('评议卡张数请填写正整数');
      const list = await surveyCards(s.id, n);
      setCards(list.map((c) => ({ token: c.token, url: absoluteUrl(c.path) })));
      return `已生成 ${list.length} 张评议卡`;
    });
  const loadResults = (s: TStoredSurvey) =>
    act('results', async () => {
      const r = await surveyResults(s.id);
      setResults(r);
      return `有效问卷 ${r.responses} 份（目标样本 ${r.targetSample} 份）`;
    });
  const exportXlsx = (s: TStoredSurvey) => act('xlsx', () => downloadFile(`/api/admin/surveys/${encodeURIComponent(s.id)}/results.xlsx`, { filename: `评议结果-${s.title}.xlsx`, fileType: 'xlsx' }));

  return (
    <PageShell>
      <View className="card" data-testid="my-surveys">
        <Text className="section-title">我建的问卷</Text>
        {mine.length === 0 ? <Text className="text-2 block">还没有问卷。在下面新建一份。</Text> : null}
        <View className="choice-row">
          {mine.map((s) => (
            <View
              key={s.id}
              className={`btn${s.id === selected ? ' choice-on' : ''}`}
              data-testid="survey-item"
              data-id={s.id}
              onClick={() => select(s.id === selected ? '' : s.id)}
              {...a11y('button', { pressed: s.id === selected })}
            >
              {s.title}（{s.published ? '已发布' : '草稿'}）
            </View>
          ))}
        </View>
      </View>

      {current ? (
        <View className="card" data-testid="survey-actions" data-id={current.id} data-published={current.published ? 'yes' : 'no'}>
          <Text className="title block">{current.title}</Text>
          <Text className="text-2 block">{current.published ? '已发布：可以生成评议卡、查看结果' : '草稿：发布后群众才能填写，发布后不能再修改'}</Text>
          {msg ? (
            <Notice tone={msg.tone} testId="survey-msg">
              {msg.text}
            </Notice>
          ) : null}
          {!current.published ? (
            <ActionButton tone="primary" block data-testid="survey-publish" loading={busy === 'publish'} disabled={busy !== ''} onClick={() => void publish(current)}>
              发布
            </ActionButton>
          ) : null}
          <View className="step-form">
            <Text className="field-label block">评议卡张数</Text>
            <Input className="input" type="number" data-testid="card-count" value={cardCount} maxlength={4} onInput={(e) => setCardCount(e.detail.value)} aria-label="评议卡张数" />
            <ActionButton block data-testid="survey-cards" loading={busy === 'cards'} disabled={busy !== ''} onClick={() => void makeCards(current)}>
              生成评议卡
            </ActionButton>
          </View>
          {cards.map((c, i) => (
            <View key={c.token} className="survey-card" data-testid="survey-card">
              <Text className="text strong block">评议卡 {i + 1}</Text>
              <Text className="text block survey-link" data-testid="survey-card-link" userSelect>
                {c.url}
              </Text>
              <Image className="survey-qr" src={`${API_BASE}/api/qr.svg?text=${encodeURIComponent(c.url)}`} mode="aspectFit" aria-label={`评议卡 ${i + 1} 的二维码`} />
            </View>
          ))}
          <View className="btn-row">
            <ActionButton data-testid="survey-results" loading={busy === 'results'} disabled={busy !== ''} onClick={() => void loadResults(current)}>
              查看结果
            </ActionButton>
            <ActionButton data-testid="survey-xlsx" loading={busy === 'xlsx'} disabled={busy !== ''} onClick={() => void exportXlsx(current)}>
              导出Excel
            </ActionButton>
          </View>
          {results ? (
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
          ) : null}
        </View>
      ) : null}

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
                onClick={() => setQuestions((qs) => (qs.length >= 40 ? qs : [...qs, { kind: k.kind, text: '', options: '', required: true }]))}
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
    </PageShell>
  );
}
