import type { NoticeTone } from '../../../../components/notice';
import type { TQuestionKind } from '../../services/evaluation';

export interface Msg {
  tone: NoticeTone;
  text: string;
}

/** What this phone remembers of a questionnaire the admin created (the API has no list of them). */
export interface TStoredSurvey {
  id: string;
  title: string;
  published: boolean;
}

export interface QuestionForm {
  kind: TQuestionKind;
  text: string;
  options: string;
  required: boolean;
}

export const KINDS: { kind: TQuestionKind; label: string }[] = [
  { kind: 'rating', label: '满意度（1–5分）' },
  { kind: 'single', label: '单选题' },
  { kind: 'multi', label: '多选题' },
  { kind: 'text', label: '文字题' },
];
export const KIND_LABELS = Object.fromEntries(KINDS.map((k) => [k.kind, k.label])) as Record<TQuestionKind, string>;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const hasOptions = (kind: TQuestionKind) => kind === 'single' || kind === 'multi';
export const optionLines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** What is wrong with the form, in words, or '' when it can be saved. */
export function formProblem(title: string, opensOn: string, closesOn: string, target: string, questions: QuestionForm[]): string {
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
