import { z } from 'zod';
import { ZObjectId } from './common';

export const ZDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: '日期格式应为 YYYY-MM-DD' });
export const ZHHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '时间格式应为 HH:MM' });
export const ZSpan = z
  .object({ start: ZHHMM, end: ZHHMM })
  .strict()
  .refine((s) => s.start < s.end, { message: '结束时间应晚于开始时间', path: ['end'] });

/** Opening hours per ISO weekday ("1" = Monday … "7" = Sunday); a missing day is closed. */
export const ZWeekly = z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(ZSpan).max(4));

/**
 * One calendar rule. scope "national" (county admins: next year's State Council schedule) or a center id
 * (closures, extra service days, 延时服务 hours).
 */
export const ZCalendarDayPut = z
  .object({
    scope: z.union([z.literal('national'), ZObjectId]),
    date: ZDate,
    kind: z.enum(['holiday', 'workday', 'closed', 'open']),
    name: z.string().trim().max(50).optional(),
    hours: z.array(ZSpan).min(1).max(4).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const nationalKinds = ['holiday', 'workday'];
    if ((v.scope === 'national') !== nationalKinds.includes(v.kind)) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: v.scope === 'national' ? '全国日历只能设为节假日或调休上班' : '中心日历只能设为闭馆或开放' });
    }
    if ((v.kind === 'holiday' || v.kind === 'closed') && v.hours) {
      ctx.addIssue({ code: 'custom', path: ['hours'], message: '休息日不能设置办公时间' });
    }
  });
export type TCalendarDayPut = z.infer<typeof ZCalendarDayPut>;

export const ZCalendarQuery = z
  .object({ centerId: ZObjectId, from: ZDate, to: ZDate })
  .strict()
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { message: '一次最多查询400天', path: ['to'] });

export const ZCalendarDay = z
  .object({
    date: z.string(),
    open: z.boolean(),
    reason: z.enum(['weekday', 'weekend', 'holiday', 'makeup', 'closed', 'extra']),
    name: z.string().optional(),
    /** "08:30-12:00" spans. */
    hours: z.array(z.string()),
  })
  .strict();
export type TCalendarDay = z.infer<typeof ZCalendarDay>;
export const ZCalendarDays = z.object({ items: z.array(ZCalendarDay) }).strict();

/** A stored calendar rule as admins see it; hours as "08:30-12:00" spans. */
export const ZCalendarRule = z
  .object({
    scope: z.string(),
    date: z.string(),
    kind: z.enum(['holiday', 'workday', 'closed', 'open']),
    name: z.string(),
    hours: z.array(z.string()),
  })
  .strict();
export type TCalendarRule = z.infer<typeof ZCalendarRule>;
export const ZCalendarRules = z.object({ items: z.array(ZCalendarRule) }).strict();

/** A center's week as written. */
export const ZWeeklyAnswer = z.object({ centerId: z.string(), weekly: ZWeekly }).strict();
