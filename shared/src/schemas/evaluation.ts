import { z } from 'zod';
import { ZObjectId } from './common';
import { RATING_DIMENSIONS, RECTIFICATION_STEPS } from '../constants/evaluation';

const ZLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], { message: '评价等级为1至5' });
const ZDims = z.object(Object.fromEntries(RATING_DIMENSIONS.map((d) => [d, ZLevel])) as Record<(typeof RATING_DIMENSIONS)[number], typeof ZLevel>).strict();

/** What was served: a booking (一次一评 on site) or a finished 代办 case (一事一评). */
export const ZRatingSubject = z.object({ kind: z.enum(['booking', 'case']), id: ZObjectId }).strict();

export const ZRatingCreate = z
  .object({ subject: ZRatingSubject, level: ZLevel, dims: ZDims, comment: z.string().trim().max(500).optional() })
  .strict();
export type TRatingCreate = z.infer<typeof ZRatingCreate>;

/** From a printed or kiosk card: the single-use token stands in for sign-in. */
export const ZRatingByCard = z
  .object({ token: z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: '评价码无效' }), level: ZLevel, dims: ZDims, comment: z.string().trim().max(500).optional() })
  .strict();

export const ZRectificationStep = z.object({ action: z.enum(RECTIFICATION_STEPS), note: z.string().trim().min(2).max(500) }).strict();
export const ZRectificationFeedback = z.object({ satisfied: z.boolean(), note: z.string().trim().max(500).optional() }).strict();
export const ZAppeal = z.object({ reason: z.string().trim().min(5, { message: '请写明申诉理由' }).max(1000) }).strict();
export const ZAppealDecision = z.object({ decision: z.enum(['upheld', 'rejected']), reason: z.string().trim().min(5, { message: '请写明复核理由' }).max(1000) }).strict();

const ZRatingStatus = z.enum(['open', 'contact', 'verify', 'rectify', 'reply', 'closed']);

/** A rating as its rater (or, with `raterPhone`, the center's staff) sees it. */
export const ZRating = z
  .object({
    id: z.string(),
    subject: z.object({ kind: z.enum(['booking', 'case', 'window_case']), id: z.string() }).strict(),
    level: ZLevel,
    dims: z.record(z.enum(RATING_DIMENSIONS), z.number()),
    comment: z.string().optional(),
    channel: z.enum(['online', 'card']),
    itemName: z.string(),
    centerId: z.string(),
    ratedAt: z.string(),
    /** An upheld appeal keeps the rating on record but out of the scores. */
    excluded: z.boolean(),
    rectification: z
      .object({
        status: ZRatingStatus,
        contactDue: z.string(),
        rectifyDue: z.string(),
        steps: z.array(z.object({ action: z.string(), note: z.string(), at: z.string() }).strict()),
        citizenSatisfied: z.boolean().optional(),
      })
      .strict()
      .optional(),
    appeal: z.object({ status: z.enum(['pending', 'upheld', 'rejected']), reason: z.string(), decisionReason: z.string().optional() }).strict().optional(),
    /** Staff only, on a real-name 差评: the number to call for the 回访. */
    raterPhone: z.string().optional(),
  })
  .strict();
export type TRating = z.infer<typeof ZRating>;

export const ZRatingList = z.object({ items: z.array(ZRating) }).strict();
export type TRatingList = z.infer<typeof ZRatingList>;

/** A single-use rating card: the token and the mini-app page that opens it. */
export const ZRatingCard = z.object({ token: z.string(), path: z.string() }).strict();
export type TRatingCard = z.infer<typeof ZRatingCard>;

/** PUT /admin/centers/:id/evaluation-rules: a center's 差评 limits in working days. */
export const ZEvaluationRules = z
  .object({ contactDays: z.number().int().min(1).max(5), rectifyDays: z.number().int().min(1).max(30) })
  .strict()
  .refine((v) => v.rectifyDays >= v.contactDays, { message: '整改时限不能短于回访时限', path: ['rectifyDays'] });
export type TEvaluationRules = z.infer<typeof ZEvaluationRules>;
