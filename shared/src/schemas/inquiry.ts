import { z } from 'zod';
import { ZPhone } from './common';
import { INQUIRY_OUTCOMES } from '../constants/supervision';

export const ZInquiryCreate = z
  .object({
    /** Optional: only when the citizen wants a call back. */
    phone: ZPhone.optional(),
    question: z.string().trim().min(2, { message: '请填写咨询的问题' }).max(500),
    matter: z.string().trim().max(100).optional(),
    /** How the question was asked. */
    channel: z.enum(['window', 'phone']).default('window'),
    outcome: z.enum(INQUIRY_OUTCOMES),
    /** What was answered on the spot. */
    answer: z.string().trim().max(500).optional(),
    /** Where it was referred: the window or department and the person who took it over. */
    referral: z.object({ to: z.string().trim().min(1).max(50), receiver: z.string().trim().min(1).max(30) }).strict().optional(),
  })
  .strict()
  .refine((v) => v.outcome !== 'referred' || !!v.referral, { message: '转交办理须写明转交的窗口或部门及接收人', path: ['referral'] });
export type TInquiryCreate = z.infer<typeof ZInquiryCreate>;

export const ZInquiryClose = z.object({ note: z.string().trim().min(2, { message: '请写明答复情况' }).max(300) }).strict();

export const ZInquiryListQuery = z.object({ status: z.enum(['open', 'overdue', 'all']).default('open') }).strict();

/** One 首问 entry as the center's staff see it. */
export const ZInquiry = z
  .object({
    id: z.string(),
    centerId: z.string(),
    holderId: z.string(),
    holderName: z.string(),
    channel: z.enum(['window', 'phone']),
    phone: z.string().optional(),
    question: z.string(),
    matter: z.string().optional(),
    outcome: z.enum(INQUIRY_OUTCOMES),
    answer: z.string().optional(),
    referral: z.object({ to: z.string(), receiver: z.string() }).strict().optional(),
    /** China date the referred question must be closed by; null when answered on the spot. */
    followUpDue: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    overdue: z.boolean(),
    createdAt: z.string(),
    closedAt: z.string().optional(),
    closeNote: z.string().optional(),
    /** What the viewer may do: only the holder closes. */
    actions: z.array(z.enum(['close'])),
  })
  .strict();
export type TInquiry = z.infer<typeof ZInquiry>;
export const ZInquiryList = z.object({ items: z.array(ZInquiry) }).strict();
export type TInquiryList = z.infer<typeof ZInquiryList>;
