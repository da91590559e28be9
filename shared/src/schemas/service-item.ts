import { z } from 'zod';
import { CASE_TYPES, CATEGORIES, MATERIAL_FORMS } from '../constants/service-item';
import { ZObjectId, ZPaged } from './common';

const ZKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: '只能包含小写字母、数字和连字符' });
const text = (max: number) => z.string().trim().min(1, { message: '不能为空' }).max(max, { message: `不能超过${max}字` });

/**
 * A yes/no question whose answer decides whether conditional materials are needed
 * ("是否委托他人代办？" → 授权委托书).
 */
export const ZQuestion = z.object({ key: ZKey, text: text(200) }).strict();

/** One material of the 一次性告知 list. */
export const ZMaterial = z
  .object({
    /** Stable within the item, so saved checklists survive edits. */
    key: ZKey,
    name: text(100),
    form: z.enum(MATERIAL_FORMS),
    /** 份数; 0 when the original is only shown, not kept. */
    copies: z.number().int().min(0).max(20),
    /** conditional: needed only when the question `whenQuestion` is answered yes. */
    requirement: z.enum(['required', 'conditional', 'optional']),
    whenQuestion: ZKey.optional(),
    notes: text(500).optional(),
    /** 来源: where the citizen gets it (e.g. 村委会出具). */
    source: text(200).optional(),
  })
  .strict()
  .refine((m) => (m.requirement === 'conditional') === (m.whenQuestion !== undefined), {
    message: '条件性材料必须且只能填写触发问题',
    path: ['whenQuestion'],
  });

export const ZProcedureStep = z.object({ title: text(50), description: text(500) }).strict();
export const ZFaq = z.object({ q: text(200), a: text(1000) }).strict();

export const ZFee = z
  .object({
    free: z.boolean(),
    /** 收费标准, e.g. "工本费每证20元". */
    standard: text(300).optional(),
    /** 收费依据. */
    basis: text(300).optional(),
  })
  .strict()
  .refine((f) => f.free || (f.standard !== undefined && f.basis !== undefined), {
    message: '收费事项必须填写收费标准和依据',
    path: ['standard'],
  });


/** Every element of a 办事指南, as an administrator writes it. */
export const ZServiceItemFields = z
  .object({
    /** 事项编码. */
    code: z.string().regex(/^[A-Za-z0-9-]{2,40}$/, { message: '事项编码只能包含字母、数字和连字符' }),
    name: text(100),
    category: z.enum(CATEGORIES),
    /** 实施部门 and 办理窗口. */
    department: text(100),
    window: text(100),
    caseType: z.enum(CASE_TYPES),
    /** 设定依据: laws and documents. */
    legalBasis: z.array(text(300)).min(1, { message: '至少填写一条设定依据' }).max(20),
    /** 申请条件. */
    conditions: z.array(text(500)).max(30),
    questions: z.array(ZQuestion).max(20),
    materials: z.array(ZMaterial).max(60),
    procedure: z.array(ZProcedureStep).min(1, { message: '至少填写一个办理步骤' }).max(20),
    /** 法定办结时限, working days; 0 = 当场办结. */
    legalLimitDays: z.number().int().min(0).max(365),
    /** 承诺办结时限, working days; never longer than the legal one. */
    committedLimitDays: z.number().int().min(0).max(365),
    fee: ZFee,
    /** 到现场次数. */
    visits: z.number().int().min(0).max(5),
    place: text(200),
    hours: text(200),
    assistance: z.object({ help: z.boolean(), delegate: z.boolean(), homeVisit: z.boolean() }).strict(),
    consultPhone: text(40),
    complaintPhone: text(40),
    faqs: z.array(ZFaq).max(30),
    /** Extra search words (俗称), e.g. "老年证". */
    keywords: z.array(text(20)).max(20).default([]),
  })
  .strict();

/** The fields plus the rules that tie them together. */
export const ZServiceItemInput = ZServiceItemFields.superRefine((v, ctx) => {
    if (v.committedLimitDays > v.legalLimitDays) {
      ctx.addIssue({ code: 'custom', path: ['committedLimitDays'], message: '承诺时限不能超过法定时限' });
    }
    const keys = new Set<string>();
    v.materials.forEach((m, i) => {
      if (keys.has(m.key)) ctx.addIssue({ code: 'custom', path: ['materials', i, 'key'], message: '材料编号重复' });
      keys.add(m.key);
      if (m.whenQuestion && !v.questions.some((q) => q.key === m.whenQuestion)) {
        ctx.addIssue({ code: 'custom', path: ['materials', i, 'whenQuestion'], message: '触发问题不存在' });
      }
    });
    const qkeys = new Set<string>();
    v.questions.forEach((q, i) => {
      if (qkeys.has(q.key)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: '问题编号重复' });
      qkeys.add(q.key);
    });
  });
export type TServiceItemInput = z.infer<typeof ZServiceItemInput>;

/** The published guide as citizens read it. */
export const ZServiceItem = ZServiceItemFields.extend({
  id: z.string(),
  centerId: z.string(),
  centerName: z.string(),
  /** Published version number. */
  version: z.number().int(),
  publishedAt: z.string(),
}).strict();
export type TServiceItem = z.infer<typeof ZServiceItem>;

/** One line of the public catalog list. */
export const ZServiceItemSummary = ZServiceItem.pick({
  id: true,
  code: true,
  name: true,
  category: true,
  department: true,
  caseType: true,
  committedLimitDays: true,
  visits: true,
  centerId: true,
  centerName: true,
  assistance: true,
})
  .extend({ free: z.boolean(), materialCount: z.number().int() })
  .strict();
export type TServiceItemSummary = z.infer<typeof ZServiceItemSummary>;

export const ZServiceItemPage = ZPaged(ZServiceItemSummary);

export const SERVICE_ITEM_STATUSES = ['draft', 'published', 'unpublished'] as const;

/** What an administrator sees: the latest draft, and where publishing stands. */
export const ZAdminServiceItem = z
  .object({
    id: z.string(),
    centerId: z.string(),
    code: z.string(),
    status: z.enum(SERVICE_ITEM_STATUSES),
    latestVersion: z.number().int(),
    publishedVersion: z.number().int().nullable(),
    publishedAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
    /** The guide of latestVersion. */
    item: ZServiceItemFields,
  })
  .strict();
export type TAdminServiceItem = z.infer<typeof ZAdminServiceItem>;
export const ZAdminServiceItemPage = ZPaged(ZAdminServiceItem);

/** Edit history of one item, newest first. */
export const ZServiceItemHistory = z
  .object({
    items: z.array(
      z
        .object({
          type: z.enum(['created', 'edited', 'published', 'unpublished']),
          version: z.number().int(),
          actorId: z.string().nullable(),
          note: z.string(),
          at: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type TServiceItemHistory = z.infer<typeof ZServiceItemHistory>;

/** One saved version, whole. */
export const ZServiceItemVersion = z.object({ version: z.number().int(), note: z.string(), at: z.string(), item: ZServiceItemFields }).strict();
export type TServiceItemVersion = z.infer<typeof ZServiceItemVersion>;

export const ZServiceItemListQuery = z
  .object({
    q: z.string().trim().max(50, { message: '搜索词不能超过50字' }).optional(),
    category: z.enum(CATEGORIES).optional(),
    department: z.string().trim().max(100).optional(),
    centerId: ZObjectId.optional(),
    caseType: z.enum(CASE_TYPES).optional(),
    page: z.coerce.number().int().min(1).max(1000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type TServiceItemListQuery = z.infer<typeof ZServiceItemListQuery>;

/** Admin writes: create with the full guide; edits name the version they started from (optimistic concurrency). */
export const ZServiceItemCreate = z.object({ centerId: ZObjectId, item: ZServiceItemInput }).strict();
export const ZServiceItemUpdate = z
  .object({ baseVersion: z.number().int().min(1), item: ZServiceItemInput, note: z.string().trim().max(200).optional() })
  .strict();
export const ZServiceItemPublish = z.object({ version: z.number().int().min(1) }).strict();
