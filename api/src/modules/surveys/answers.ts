import type { TSurveyInput, TSurveyResponse, TSurveyResults } from '@bianmin/shared';
import { AppError } from '../../http/errors';

/** A stored question: 必答 is always decided once saved. */
export type Question = TSurveyInput['questions'][number] & { required: boolean };
type Answer = TSurveyResponse['answers'][string];
type FieldError = { field: string; message: string };

const isBlank = (a: unknown) => a === undefined || a === '' || (Array.isArray(a) && a.length === 0);

/** What is wrong with one given answer (the message names no field: the field goes in `details`). */
function answerProblem(q: Question, a: Answer): string | null {
  const n = q.options?.length ?? 0;
  if (q.kind === 'single' && !(typeof a === 'number' && a < n)) return '请选择一个选项';
  if (q.kind === 'multi' && !(Array.isArray(a) && a.every((x) => x < n) && new Set(a).size === a.length)) return '选项不正确';
  if (q.kind === 'rating' && !(typeof a === 'number' && a >= 1 && a <= 5)) return '请选择1至5';
  if (q.kind === 'text' && typeof a !== 'string') return '请填写文字';
  return null;
}

/**
 * Check answers against the questions. Each message names the question by its number (第2题), as people see it;
 * the question key stays in `field` for programs.
 */
export function checkAnswers(questions: Question[], answers: TSurveyResponse['answers']): void {
  const errors: FieldError[] = [];
  for (const key of Object.keys(answers)) if (!questions.some((q) => q.key === key)) errors.push({ field: `answers.${key}`, message: '问卷中没有这道题' });
  questions.forEach((q, i) => {
    const a = answers[q.key];
    const field = `answers.${q.key}`;
    const problem = a === undefined || isBlank(a) ? (q.required ? '此题必答' : null) : answerProblem(q, a);
    if (problem) errors.push({ field, message: `第${i + 1}题：${problem}` });
  });
  if (errors.length) throw AppError.validation(errors);
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);

/** One question's result: counts and shares per option (or level), the mean of a rating, or the texts. */
export function questionResult(q: Question, rows: { answers: unknown }[]): TSurveyResults['questions'][number] {
  const given = rows.map((r) => (r.answers as Record<string, unknown>)[q.key]).filter((a) => !isBlank(a));
  const answered = given.length;
  if (q.kind === 'text') return { key: q.key, kind: q.kind, text: q.text, answered, texts: given as string[] };
  const labels = q.kind === 'rating' ? ['1', '2', '3', '4', '5'] : q.options!;
  const counts = labels.map((label, i) => {
    const v = q.kind === 'rating' ? i + 1 : i;
    const count = given.filter((a) => (Array.isArray(a) ? a.includes(v) : a === v)).length;
    return { label, count, share: share(count, answered) };
  });
  const sum = q.kind === 'rating' ? (given as number[]).reduce((x, y) => x + y, 0) : 0;
  return { key: q.key, kind: q.kind, text: q.text, answered, counts, ...(q.kind === 'rating' && answered ? { average: Math.round((sum / answered) * 100) / 100 } : {}) };
}
