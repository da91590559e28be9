import { z } from 'zod';
import { ZObjectId } from './common';

/** 工号: letters, digits and dashes, as printed on the badge (胸牌) and on every slip. */
export const ZStaffNo = z.string().trim().regex(/^[A-Za-z0-9-]{1,16}$/, { message: '工号为1-16位字母、数字或短横线' });

/**
 * 挂牌上岗: the public card of one staff member or agent. No phone, no account data: what the badge shows.
 */
export const ZStaffCard = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['staff', 'agent', 'admin']),
    staffNo: z.string().nullable(),
    /** 岗位, e.g. 综合受理. */
    post: z.string(),
    /** The window the person serves at, when assigned. */
    window: z.object({ id: z.string(), code: z.string(), name: z.string() }).strict().nullable(),
    centerId: z.string(),
    centerName: z.string(),
    /** 岗位职责, one short paragraph. */
    duties: z.string(),
    /** Relative URL of the re-encoded photo, when one was uploaded. */
    photoUrl: z.string().nullable(),
  })
  .strict();
export type TStaffCard = z.infer<typeof ZStaffCard>;

/** GET /api/centers/:id/staff: who serves where today, by window then name. */
export const ZStaffDirectory = z.object({ centerId: z.string(), centerName: z.string(), items: z.array(ZStaffCard) }).strict();
export type TStaffDirectory = z.infer<typeof ZStaffDirectory>;

/** What an admin over the center sets on a card. */
export const ZStaffCardInput = z
  .object({
    staffNo: ZStaffNo.optional(),
    post: z.string().trim().min(1).max(30),
    windowId: ZObjectId.nullable(),
    duties: z.string().trim().max(300).default(''),
  })
  .strict();
export type TStaffCardInput = z.infer<typeof ZStaffCardInput>;

/** Photo upload limits: JPEG or PNG, at most 2 MB, at most 4000 px a side (re-encoded before it is stored). */
export const STAFF_PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const STAFF_PHOTO_MAX_SIDE = 4000;
