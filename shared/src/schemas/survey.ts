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
    /** 必答. Left out: text questions are optional (选答), the others required. */
    required: z.boolean().optional(),
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

const ZQuestionResult = z
  .object({
    key: z.string(),
    kind: z.enum(QUESTION_KINDS),
    text: z.string(),
    answered: z.number().int(),
    /** single/multi: per option; rating: per level 1–5. */
    counts: z.array(z.object({ label: z.string(), count: z.number().int(), share: z.number() }).strict()).optional(),
    /** rating: mean of the levels given (computed from sums and counts). */
    average: z.number().optional(),
    texts: z.array(z.string()).optional(),
  })
  .strict();

export const ZSurveyResults = z
  .object({ surveyId: z.string(), title: z.string(), responses: z.number().int(), targetSample: z.number().int(), questions: z.array(ZQuestionResult) })
  .strict();
export type TSurveyResults = z.infer<typeof ZSurveyResults>;

/** A stored question, as given back (the input rules were checked when it was saved). */
const ZQuestionOut = z
  .object({ key: z.string(), kind: z.enum(QUESTION_KINDS), text: z.string(), options: z.array(z.string()).optional(), required: z.boolean() })
  .strict();

/** What GET /api/surveys/:id gives a responder. */
export const ZSurveyForResponder = z
  .object({
    id: z.string(),
    centerId: z.string(),
    title: z.string(),
    intro: z.string(),
    questions: z.array(ZQuestionOut),
    opensOn: z.string(),
    closesOn: z.string(),
    targetSample: z.number().int(),
  })
  .strict();
export type TSurveyForResponder = z.infer<typeof ZSurveyForResponder>;

/** A questionnaire as its admin sees it: a draft can still change, a published one cannot. */
export const ZSurvey = ZSurveyForResponder.extend({ status: z.enum(['draft', 'published']) }).strict();
export type TSurvey = z.infer<typeof ZSurvey>;

/** Printed 评议卡: each token with the short link its QR code carries. */
export const ZSurveyTokens = z.object({ tokens: z.array(z.object({ token: z.string(), path: z.string() }).strict()) }).strict();
export type TSurveyTokens = z.infer<typeof ZSurveyTokens>;

export const ZSurveyThanks = z.object({ thanks: z.literal(true) }).strict();
