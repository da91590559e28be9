/**
 * 窗口办件 (issue 9): the case a window opens for every citizen it serves. Requests and answers of these routes:
 *
 * Staff (roles staff, admin; a case belongs to the receiving staff member's center; admins see their subtree)
 * - POST /api/staff/cases                                   ZWindowCaseOpen → ZWindowCaseDetail (201)
 *     opens from a called ticket (`ticketId`), a booking (`bookingId`) or directly; one case per ticket.
 *     Materials incomplete → state `supplement` + 补正告知书; complete → `accepted` + 受理通知书 / 承诺件通知单.
 * - GET  /api/staff/cases?state=&mine=&due=                 ZWindowCaseListQuery → ZWindowCaseList
 * - GET  /api/staff/cases/:id                               → ZWindowCaseDetail (events, notices, actions)
 * - POST /api/staff/cases/:id/materials                     ZWindowCaseMaterials → ZWindowCaseDetail
 * - POST /api/staff/cases/:id/supplement                    ZWindowCaseSupplement → ZWindowCaseDetail
 * - POST /api/staff/cases/:id/stages/:index/complete        ZWindowCaseStageComplete → ZWindowCaseDetail
 * - POST /api/staff/cases/:id/refuse                        ZWindowCaseRefuse → ZWindowCaseDetail
 * - POST /api/staff/cases/:id/complete                      ZWindowCaseComplete → ZWindowCaseDetail
 * - GET  /api/staff/cases/:id/notices/:noticeId?format=a4|slip   printable text/html (A4 page or 80 mm slip)
 * Public progress (no sign-in; name masked 张*, no phone or ID)
 * - GET  /api/track/:code                                   → ZCaseTrack (404 in Chinese when unknown)
 * - GET  /track/:code                                       printable text/html page
 * Citizen (cases whose applicant phone is the signed-in citizen's)
 * - GET  /api/my/cases                                      → ZWindowCaseList
 * - GET  /api/my/cases/:id                                  → ZWindowCaseDetail
 *
 * Every transition is an append-only event; out-of-order actions answer 409; refusals write nothing.
 */
import { z } from 'zod';
import { CASE_TYPES } from '../constants/service-item';
import { DELIVERY_METHODS, NOTICE_KINDS, STAGE_LEVELS, WINDOW_CASE_ACTION_LIST, WINDOW_CASE_STATES } from '../domain/window-case';
import { ZObjectId, ZPhone } from './common';
import { ZIdNumber } from './booking';

const ZMaterialKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: '材料编号格式不正确' });
const text = (max: number, empty = '不能为空') => z.string().trim().min(1, { message: empty }).max(max, { message: `不能超过${max}字` });

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The applicant at the counter: a walk-in may give just a name. */
export const ZCaseApplicant = z
  .object({
    name: text(50, '请填写申请人姓名'),
    phone: ZPhone.optional(),
    idNumber: ZIdNumber.optional(),
  })
  .strict();

/** A stage of a 联办/上报 case as the window plans it (department, or level reported to, and its working days). */
export const ZCaseStageInput = z
  .object({
    name: text(60).optional(),
    department: text(100),
    level: z.enum(STAGE_LEVELS).optional(),
    days: z.number().int().min(1).max(365),
  })
  .strict();

/** 受理: open a case. The type comes from the item; materials are keys of the item's 一次性告知 list. */
export const ZWindowCaseOpen = z
  .object({
    itemId: ZObjectId,
    /** A called queue number (booked or walk-in): one case per ticket. */
    ticketId: ZObjectId.optional(),
    /** A booking (at check-in) when there is no ticket. */
    bookingId: ZObjectId.optional(),
    /** The window receiving the case when neither a ticket nor a booking names it. */
    windowId: ZObjectId.optional(),
    /** A 代办 case this window case belongs to. */
    delegationId: ZObjectId.optional(),
    applicant: ZCaseApplicant,
    receivedMaterials: z.array(ZMaterialKey).max(60),
    /** Answers to the checklist's conditional questions (question key → yes/no). */
    answers: z.record(ZMaterialKey, z.boolean()).optional(),
    /** 联办/上报 stages; when left out, the item's department (联办) or the level above (上报). */
    stages: z.array(ZCaseStageInput).min(1).max(10).optional(),
  })
  .strict()
  .refine((v) => !(v.ticketId && v.bookingId), { message: '号和预约只能选一个', path: ['bookingId'] });
export type TWindowCaseOpen = z.infer<typeof ZWindowCaseOpen>;

export const ZWindowCaseListQuery = z
  .object({
    state: z.enum(WINDOW_CASE_STATES).optional(),
    /** Only cases I received. */
    mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    /** Running cases past (overdue) or within two working days of (soon) their promised date. */
    due: z.enum(['overdue', 'soon']).optional(),
  })
  .strict();
export type TWindowCaseListQuery = z.infer<typeof ZWindowCaseListQuery>;

/** More materials ticked as received (补办): when complete the clock (re)starts. */
export const ZWindowCaseMaterials = z
  .object({
    receivedMaterials: z.array(ZMaterialKey).min(1, { message: '请至少勾选一项收到的材料' }).max(60),
    answers: z.record(ZMaterialKey, z.boolean()).optional(),
  })
  .strict();

/** A later 补正: the materials asked for (material keys of the item). */
export const ZWindowCaseSupplement = z
  .object({
    missing: z.array(ZMaterialKey).min(1, { message: '请至少列出一项需补正的材料' }).max(60),
    note: z.string().trim().max(300).optional(),
  })
  .strict();

export const ZWindowCaseStageComplete = z.object({ note: z.string().trim().max(300).optional() }).strict();

/** 不予受理 / 退办: both the reason and the legal basis are required, in writing. */
export const ZWindowCaseRefuse = z
  .object({
    reason: text(500, '请填写不予受理的理由'),
    legalBasis: text(500, '请填写法律依据'),
  })
  .strict();

/** 办结: the result and how it reaches the applicant. */
export const ZWindowCaseComplete = z
  .object({
    result: text(500, '请填写办理结果'),
    delivery: z.enum(DELIVERY_METHODS),
  })
  .strict();

export const ZWindowCaseIdParams = z.object({ id: ZObjectId }).strict();
export const ZWindowCaseStageParams = z.object({ id: ZObjectId, index: z.coerce.number().int().min(0).max(9) }).strict();
export const ZWindowCaseNoticeParams = z.object({ id: ZObjectId, noticeId: ZObjectId }).strict();
export const ZNoticeFormatQuery = z.object({ format: z.enum(['a4', 'slip']).default('a4') }).strict();
/** Any text: an unknown or malformed code is the same Chinese 404. */
export const ZTrackParams = z.object({ code: z.string().max(40) }).strict();

// ── Answers ──────────────────────────────────────────────────────────────────────────────────────────────────

export const ZWindowCaseStage = z
  .object({
    name: z.string(),
    department: z.string(),
    level: z.enum(STAGE_LEVELS).optional(),
    days: z.number().int(),
    dueOn: z.string().optional(),
    completedOn: z.string().optional(),
    lateDays: z.number().int().optional(),
  })
  .strict();
export type TWindowCaseStage = z.infer<typeof ZWindowCaseStage>;

/** A material still missing, as the 补正告知书 prints it. */
export const ZCaseMissing = z.object({ key: z.string(), name: z.string() }).strict();

/** A numbered document (受理通知书, 承诺件通知单, 补正告知书, 不予受理告知书, 办结单). */
export const ZCaseNotice = z
  .object({
    id: z.string(),
    kind: z.enum(NOTICE_KINDS),
    /** 城关镇便民服务中心〔2026〕第0001号 */
    number: z.string(),
    year: z.number().int(),
    seq: z.number().int(),
    issuedAt: z.string(),
    staffName: z.string(),
    /** Printable page (A4; add ?format=slip for the 80 mm receipt printer). */
    printUrl: z.string(),
  })
  .strict();
export type TCaseNotice = z.infer<typeof ZCaseNotice>;

export const ZCaseEvent = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: z.string(),
    actorName: z.string().optional(),
    data: z.record(z.string(), z.unknown()),
  })
  .strict();

/** The rating card issued at 办结 (single use): its link is printed as a QR on the 办结单. */
export const ZCaseRatingCard = z
  .object({
    /** Where the citizen rates (H5 page); present for the handling staff and the citizen. */
    url: z.string().optional(),
    rated: z.boolean(),
    /** Last day a rating is accepted (7-day period). */
    until: z.string(),
  })
  .strict();

/** A case as staff lists show it (phones masked) and, with the extra fields of the detail, as it is handled. */
export const ZWindowCase = z
  .object({
    id: z.string(),
    /** Short progress code printed on every slip (GET /track/:code). */
    code: z.string(),
    type: z.enum(CASE_TYPES),
    state: z.enum(WINDOW_CASE_STATES),
    itemId: z.string(),
    itemCode: z.string(),
    itemName: z.string(),
    centerId: z.string(),
    centerName: z.string(),
    windowId: z.string().nullable(),
    windowName: z.string().nullable(),
    ticketId: z.string().nullable(),
    bookingId: z.string().nullable(),
    delegationId: z.string().nullable(),
    applicantName: z.string(),
    /** Masked except for the handling staff and the citizen themself; null for a phone-less walk-in. */
    applicantPhone: z.string().nullable(),
    /** In full only for the handling staff; masked for others; null when none was given. */
    applicantIdNumber: z.string().nullable(),
    staffId: z.string(),
    staffName: z.string(),
    receivedMaterials: z.array(z.string()),
    missing: z.array(ZCaseMissing),
    /** When the clock (re)started: materials complete. */
    clockFrom: z.string().nullable(),
    /** 即办: the instant 30 opening-hours minutes after the clock started. */
    dueAt: z.string().nullable(),
    /** 承诺/联办/上报: the promised date (承诺办结日期). */
    promisedOn: z.string().nullable(),
    stages: z.array(ZWindowCaseStage),
    result: z.string().nullable(),
    delivery: z.enum(DELIVERY_METHODS).nullable(),
    refusal: z.object({ reason: z.string(), legalBasis: z.string() }).strict().nullable(),
    /** 办结 on time (即办 ≤ 30 opening minutes; others by the promised date); null while open. */
    onTime: z.boolean().nullable(),
    /** Opening minutes an 即办件 took. */
    minutes: z.number().nullable(),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
    /** What this viewer may do next (policy × state machine). */
    actions: z.array(z.enum(WINDOW_CASE_ACTION_LIST)),
  })
  .strict();
export type TWindowCase = z.infer<typeof ZWindowCase>;

export const ZWindowCaseDetail = ZWindowCase.extend({
  events: z.array(ZCaseEvent),
  notices: z.array(ZCaseNotice),
  /** Materials asked for in a later 补正 that the first notice did not list (一次性告知 breaches). */
  breaches: z.array(z.string()),
  rating: ZCaseRatingCard.nullable(),
}).strict();
export type TWindowCaseDetail = z.infer<typeof ZWindowCaseDetail>;

export const ZWindowCaseList = z.object({ items: z.array(ZWindowCase) }).strict();
export type TWindowCaseList = z.infer<typeof ZWindowCaseList>;

/** The public progress of a case: no phone, no ID, the name masked. */
export const ZCaseTrack = z
  .object({
    code: z.string(),
    type: z.enum(CASE_TYPES),
    typeLabel: z.string(),
    state: z.enum(WINDOW_CASE_STATES),
    stateLabel: z.string(),
    itemName: z.string(),
    centerName: z.string(),
    windowName: z.string().nullable(),
    /** 张* */
    applicantName: z.string(),
    receivedAt: z.string(),
    promisedOn: z.string().nullable(),
    missing: z.array(z.string()),
    stages: z.array(ZWindowCaseStage),
    completedAt: z.string().nullable(),
    delivery: z.enum(DELIVERY_METHODS).nullable(),
  })
  .strict();
export type TCaseTrack = z.infer<typeof ZCaseTrack>;
