import { z } from 'zod';
import { ZObjectId } from './common';
import { ZDate } from './calendar';

export const QUESTION_KINDS = ['single', 'multi', 'rating', 'text'] as const;

const ZQuestion = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,29}$/, { message: '只能包含小写字母、数字和连字符' }),
    kind: z.enum(QUESTION_KINDS),
    text: z.string().trim().min(2).max(200),
    options: z.array(z.string().trim().min(1).max(60)).max(12).optional(),
    required: z.boolean(),
  })
  .strict()
  .refine((q) => (q.kind === 'single' || q.kind === 'multi') === (q.options !== undefined && q.options.length >= 2), {
    message: '单选、多选题须有至少两个选项；其他题型不设选项',
    path: ['options'],
  });

/** A questionnaire (群众评议) as an admin builds it. */
export const ZSurveyInput = z
  .object({
    centerId: ZObjectId,
    title: z.string().trim().min(2).max(60),
    intro: z.string().trim().max(500).default(''),
    questions: z.array(ZQuestion).min(1).max(40),
    opensOn: ZDate,
    closesOn: ZDate,
    /** 目标样本量. */
    targetSample: z.number().int().min(1).max(100_000),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.closesOn < v.opensOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: '结束日期不能早于开始日期' });
    const keys = new Set<string>();
    v.questions.forEach((q, i) => {
      if (keys.has(q.key)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: '题目编号重复' });
      keys.add(q.key);
    });
  });
export type TSurveyInput = z.infer<typeof ZSurveyInput>;

/** Answers by question key: an option index (single, rating 1–5), option indexes (multi), or text. */
export const ZSurveyResponse = z
  .object({
    /** A printed 评议卡 token; without one the responder must be a signed-in citizen. */
    token: z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: '评议码无效' }).optional(),
    answers: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,29}$/), z.union([z.number().int().min(0).max(11), z.array(z.number().int().min(0).max(11)).max(12), z.string().trim().max(1000)])),
  })
  .strict();
export type TSurveyResponse = z.infer<typeof ZSurveyResponse>;

export interface TSurveyResults {
  surveyId: string;
  title: string;
  responses: number;
  targetSample: number;
  questions: {
    key: string;
    kind: (typeof QUESTION_KINDS)[number];
    text: string;
    answered: number;
    /** single/multi: per option; rating: per level 1–5. */
    counts?: { label: string; count: number; share: number }[];
    /** rating: mean of the levels given (computed from sums and counts). */
    average?: number;
    texts?: string[];
  }[];
}

/** What GET /api/surveys/:id gives a responder. */
export type TSurveyForResponder = Omit<TSurveyInput, 'centerId'> & { id: string; centerId: string };
