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
    /**
     * Who or what: a staff member or agent picked from the center's directory (by id or 工号; neither = 不清楚),
     * optionally the window.
     */
    target: z
      .object({
        kind: z.enum(COMPLAINT_TARGETS),
        id: ZObjectId.optional(),
        staffNo: z.string().trim().regex(/^[A-Za-z0-9-]{1,16}$/, { message: '工号格式不正确' }).optional(),
        windowId: ZObjectId.optional(),
        text: z.string().trim().max(100).optional(),
      })
      .strict(),
    /** A case (办件) or booking code the complaint is about, as printed on the slip. */
    reference: z.string().trim().regex(/^[A-Za-z0-9-]{4,40}$/, { message: '办件编号或预约码格式不正确' }).optional(),
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
export const ZComplaintStatus = z
  .object({
    code: z.string(),
    kind: z.enum(['complaint', 'suggestion']),
    status: z.enum(COMPLAINT_STATUSES),
    filedAt: z.string(),
    answerDue: z.string(),
    answer: z.string().optional(),
    answeredAt: z.string().optional(),
  })
  .strict();
export type TComplaintStatus = z.infer<typeof ZComplaintStatus>;

/** What the handling center's staff see of a 投诉建议. */
export const ZStaffComplaint = ZComplaintStatus.extend({
  id: z.string(),
  anonymous: z.boolean(),
  centerId: z.string(),
  target: z.object({ kind: z.enum(COMPLAINT_TARGETS), id: z.string().optional(), staffNo: z.string().optional(), windowId: z.string().optional(), text: z.string().optional() }).strict(),
  /** The named person, resolved from the directory (id or 工号). */
  staff: z.object({ id: z.string(), name: z.string(), staffNo: z.string().nullable() }).strict().nullable(),
  reference: z.string().optional(),
  content: z.string(),
  routeDue: z.string(),
  /** Only when a real-name filer left a number for the answer. */
  contact: z.object({ name: z.string().optional(), phone: z.string() }).strict().optional(),
  /** null until a supervisor (or an admin of a center above) has checked a complaint. */
  verified: z.boolean().nullable(),
  /** What the viewer may do with it. */
  actions: z.array(z.enum(['route', 'answer', 'verify'])),
}).strict();
export type TStaffComplaint = z.infer<typeof ZStaffComplaint>;

export const ZStaffComplaintList = z.object({ items: z.array(ZStaffComplaint) }).strict();
export type TStaffComplaintList = z.infer<typeof ZStaffComplaintList>;

/** Verified complaints per staff member in a year (admins only). */
export const ZComplaintStaffRecord = z
  .object({
    year: z.number().int(),
    items: z.array(z.object({ staffId: z.string(), name: z.string(), verifiedComplaints: z.number().int(), consequence: z.string() }).strict()),
  })
  .strict();
export type TComplaintStaffRecord = z.infer<typeof ZComplaintStaffRecord>;
