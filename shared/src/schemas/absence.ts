/**
 * AB岗 for windows (issue 10 part 3): staff record leave or absence as a date range with a reason — never clock-in,
 * 打卡 or online time. While the A post is away, the B post covers the window; a window with neither present is
 * closed for booking on those days and citizens already booked there are told in advance.
 *
 * - POST /api/staff/absences            ZAbsenceCreate → ZAbsence (201); overlapping ranges → 400 naming `from`
 * - GET  /api/staff/absences?userId=    → ZAbsenceList (own; admins: any of their center's staff)
 * - GET  /api/staff/absences/cover?date= → ZCoverList: the windows the signed-in staff member covers that day
 */
import { z } from 'zod';
import { ZObjectId } from './common';
import { ZDate } from './calendar';

/** The longest range recorded at once (a longer leave is recorded in parts). */
export const MAX_ABSENCE_DAYS = 92;

export const ZAbsenceCreate = z
  .object({
    /** Whose absence: left out for one's own; an admin records it for their center's staff. */
    userId: ZObjectId.optional(),
    /** First and last day away (China dates, inclusive). */
    from: ZDate,
    to: ZDate,
    reason: z.string().trim().min(1, { message: '请填写请假或外出事由' }).max(200, { message: '不能超过200字' }),
  })
  .strict()
  .refine((a) => a.from <= a.to, { message: '结束日期不能早于开始日期', path: ['to'] })
  .refine((a) => (Date.parse(a.to) - Date.parse(a.from)) / 86_400_000 < MAX_ABSENCE_DAYS, { message: `一次最多登记${MAX_ABSENCE_DAYS}天`, path: ['to'] });
export type TAbsenceCreate = z.infer<typeof ZAbsenceCreate>;

export const ZAbsenceListQuery = z.object({ userId: ZObjectId.optional() }).strict();
export const ZCoverQuery = z.object({ date: ZDate.optional() }).strict();

export const ZAbsence = z
  .object({
    id: z.string(),
    userId: z.string(),
    userName: z.string(),
    centerId: z.string(),
    from: z.string(),
    to: z.string(),
    reason: z.string(),
    recordedBy: z.string(),
    createdAt: z.string(),
    /** Windows left with nobody present on some of these days (closed for booking; booked citizens told). */
    closedWindows: z.array(z.object({ windowId: z.string(), windowName: z.string(), dates: z.array(z.string()) }).strict()),
  })
  .strict();
export type TAbsence = z.infer<typeof ZAbsence>;
export const ZAbsenceList = z.object({ items: z.array(ZAbsence) }).strict();

/** A window the signed-in staff member covers on a date because its A (or B) post is away. */
export const ZCover = z.object({ windowId: z.string(), windowName: z.string(), forUserId: z.string(), forUserName: z.string(), date: z.string() }).strict();
export const ZCoverList = z.object({ items: z.array(ZCover) }).strict();
export type TCoverList = z.infer<typeof ZCoverList>;
