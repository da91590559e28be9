import { z } from 'zod';
import { MEASURES, OUTCOME_STATUSES } from '../constants/supervision';

const ZDecision = z.object({ measure: z.enum(MEASURES), reason: z.string(), byName: z.string(), at: z.string() }).strict();

/** One accountability case about one person: proposed by the rule, decided by a supervisor, appealable once. */
export const ZOutcome = z
  .object({
    id: z.string(),
    personId: z.string(),
    personName: z.string(),
    staffNo: z.string().nullable(),
    centerId: z.string(),
    centerName: z.string(),
    /** The verified complaint that triggered it and the person's verified complaints that year at that moment. */
    complaintCode: z.string(),
    verifiedThisYear: z.number().int(),
    proposed: z.enum(MEASURES),
    status: z.enum(OUTCOME_STATUSES),
    decision: ZDecision.nullable(),
    appeal: z.object({ reason: z.string(), at: z.string() }).strict().nullable(),
    appealDecision: ZDecision.extend({ upheld: z.boolean() }).strict().nullable(),
    createdAt: z.string(),
    actions: z.array(z.enum(['decide', 'appeal', 'decideAppeal'])),
  })
  .strict();
export type TOutcome = z.infer<typeof ZOutcome>;
export const ZOutcomeList = z.object({ items: z.array(ZOutcome) }).strict();
export type TOutcomeList = z.infer<typeof ZOutcomeList>;

export const ZOutcomeDecide = z.object({ measure: z.enum(MEASURES), reason: z.string().trim().min(2, { message: '请写明决定理由' }).max(500) }).strict();
export const ZOutcomeAppeal = z.object({ reason: z.string().trim().min(5, { message: '请写明申诉理由（至少5个字）' }).max(1000) }).strict();
export const ZOutcomeAppealDecide = z
  .object({ upheld: z.boolean(), measure: z.enum(MEASURES).optional(), reason: z.string().trim().min(2, { message: '请写明复核理由' }).max(500) })
  .strict()
  .refine((v) => v.upheld || !!v.measure, { message: '改变处理须选定新的处理方式', path: ['measure'] });

/** A lapse (失误) as a supervisor reviews it: pending until confirmed or dismissed, within 5 working days. */
export const ZLapseReview = z
  .object({
    id: z.string(),
    kind: z.string(),
    centerId: z.string(),
    centerName: z.string(),
    staffId: z.string().nullable(),
    staffName: z.string().nullable(),
    date: z.string(),
    detail: z.string(),
    /** Review due (China date): 5 working days after the lapse. */
    reviewDue: z.string(),
    status: z.enum(['pending', 'confirmed', 'dismissed']),
    reason: z.string().optional(),
  })
  .strict();
export type TLapseReview = z.infer<typeof ZLapseReview>;
export const ZLapseReviewList = z.object({ items: z.array(ZLapseReview) }).strict();
export const ZLapseDecide = z
  .object({ decision: z.enum(['confirmed', 'dismissed']), reason: z.string().trim().max(500).optional() })
  .strict()
  .refine((v) => v.decision === 'confirmed' || (v.reason ?? '').length >= 2, { message: '不予认定须写明理由', path: ['reason'] });

/** A person's record: visible to them, the admins over their center and the county's supervisors. */
export const ZPersonRecord = z
  .object({
    person: z.object({ id: z.string(), name: z.string(), staffNo: z.string().nullable(), centerId: z.string(), centerName: z.string() }).strict(),
    outcomes: z.array(ZOutcome),
    lapses: z.array(ZLapseReview),
  })
  .strict();
export type TPersonRecord = z.infer<typeof ZPersonRecord>;
