import { z } from 'zod';
import { ZObjectId, ZPhone } from './common';
import { COMPLAINT_STATUSES, COMPLAINT_TARGETS } from '../constants/complaint';


/** 投诉建议: anyone, real-name or anonymous; about a person, window, item, agent or the center. */
export const ZComplaintCreate = z
  .object({
    kind: z.enum(['complaint', 'suggestion']),
    /** Anonymous: nothing that identifies the filer is stored, not even when signed in. */
    anonymous: z.boolean(),
    centerId: ZObjectId,
    target: z.object({ kind: z.enum(COMPLAINT_TARGETS), id: ZObjectId.optional(), text: z.string().trim().max(100).optional() }).strict(),
    content: z.string().trim().min(5, { message: '请具体写明情况（至少5个字）' }).max(2000),
    /** Optional, for a reply by phone; real-name only (an anonymous complaint keeps nothing that identifies anyone). */
    contact: z.object({ name: z.string().trim().max(30).optional(), phone: ZPhone }).strict().optional(),
  })
  .strict()
  .refine((v) => !(v.anonymous && v.contact), { message: '匿名投诉不保存联系方式；如需电话答复，请选择实名', path: ['contact'] });
export type TComplaintCreate = z.infer<typeof ZComplaintCreate>;

export const ZComplaintRoute = z.object({ centerId: ZObjectId, note: z.string().trim().max(300).optional() }).strict();
export const ZComplaintAnswer = z.object({ answer: z.string().trim().min(5).max(2000) }).strict();
export const ZComplaintVerify = z.object({ verified: z.boolean(), finding: z.string().trim().min(5).max(1000) }).strict();

/** What anyone holding the code sees: no personal data. */
export interface TComplaintStatus {
  code: string;
  kind: 'complaint' | 'suggestion';
  status: (typeof COMPLAINT_STATUSES)[number];
  filedAt: string;
  answerDue: string;
  answer?: string;
  answeredAt?: string;
}
