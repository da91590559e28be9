import { z } from 'zod';
import { DEFAULT_BOOKING_RULES, ZBookingRules } from './booking';
import { ZSpan } from './calendar';

/**
 * A center's settings (中心设置): every rule the seeds call "a configurable default", in one typed document.
 * Defaults live here and nowhere else. A center stores only what it overrides; `settingsFor(centerId)` in the API
 * resolves county → town → village and says where each value came from.
 */

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type TWeekday = (typeof WEEKDAYS)[number];

/** Opening hours per ISO weekday ("1" = Monday … "7" = Sunday), "HH:MM" spans; a missing day is closed. */
export const ZWeeklyHours = z.partialRecord(z.enum(WEEKDAYS), z.array(ZSpan).max(4));
export type TWeeklyHours = z.infer<typeof ZWeeklyHours>;

export const CHAIN_STAGE_KEYS = ['village-to-town', 'town-to-county', 'county-to-dept', 'town-to-dept', 'dept', 'back', 'deliver'] as const;
export type TChainStageKey = (typeof CHAIN_STAGE_KEYS)[number];
const ZStageDays = z.partialRecord(z.enum(CHAIN_STAGE_KEYS), z.number().int().min(1).max(60));

export const ZChainSettings = z
  .object({
    /** 三级代理 (a county department handles): stage limits in working days. */
    three: ZStageDays,
    /** 两级代理 (a town department handles). */
    two: ZStageDays,
  })
  .strict();

export const ZEvaluationSettings = z
  .object({
    /** Days after service during which a rating may be given; later it counts as 未评价. */
    ratingPeriodDays: z.number().int().min(1).max(30),
    /** 差评 回访 within this many working days. */
    contactDays: z.number().int().min(1).max(5),
    /** 差评 整改 reply within this many working days. */
    rectifyDays: z.number().int().min(1).max(30),
  })
  .strict();

export const ZComplaintSettings = z
  .object({
    /** A complaint is routed to its handler within this many working days. */
    routeDays: z.number().int().min(1).max(5),
    /** …and answered within this many (seed 004: 5). */
    answerDays: z.number().int().min(1).max(30),
  })
  .strict();

export const ZQueueSettings = z
  .object({
    /** A queued citizen not received within this many opening-hours minutes counts one lapse (seeds: 30). */
    receptionLapseMinutes: z.number().int().min(5).max(240),
    /** The hall display shows the masked name (张*) next to a booked number. */
    displayNames: z.boolean(),
  })
  .strict();

export const ZInquirySettings = z
  .object({
    /** 首问登记: a referred question is followed up within this many working days (seeds: 1). */
    followUpDays: z.number().int().min(1).max(10),
  })
  .strict();

export const ZCenterSettings = z
  .object({
    booking: ZBookingRules,
    hours: z.object({ weekly: ZWeeklyHours }).strict(),
    chain: ZChainSettings,
    evaluation: ZEvaluationSettings,
    complaints: ZComplaintSettings,
    queue: ZQueueSettings,
    inquiries: ZInquirySettings,
  })
  .strict();
export type TCenterSettings = z.infer<typeof ZCenterSettings>;
export type TSettingsSection = keyof TCenterSettings;

const WORKDAY_HOURS = [
  { start: '08:30', end: '12:00' },
  { start: '13:00', end: '17:30' },
];

/** The seeds' defaults; a center that overrides nothing has exactly these. */
export const DEFAULT_CENTER_SETTINGS: TCenterSettings = {
  booking: DEFAULT_BOOKING_RULES,
  hours: { weekly: { '1': WORKDAY_HOURS, '2': WORKDAY_HOURS, '3': WORKDAY_HOURS, '4': WORKDAY_HOURS, '5': WORKDAY_HOURS } },
  chain: {
    three: { 'village-to-town': 5, 'town-to-county': 5, 'county-to-dept': 2, dept: 7, back: 7, deliver: 2 },
    two: { 'village-to-town': 5, 'town-to-dept': 2, dept: 5, back: 5, deliver: 2 },
  },
  evaluation: { ratingPeriodDays: 7, contactDays: 1, rectifyDays: 5 },
  complaints: { routeDays: 1, answerDays: 5 },
  queue: { receptionLapseMinutes: 30, displayNames: false },
  inquiries: { followUpDays: 1 },
};

/**
 * What an admin writes: any subset, field by field. `null` removes this center's override so the value is
 * inherited again. `hours.weekly` is replaced whole (a week is one decision).
 */
export const ZCenterSettingsPatch = z
  .object({
    booking: z
      .object(Object.fromEntries(Object.entries(ZBookingRules.shape).map(([k, s]) => [k, s.nullable().optional()])) as {
        [K in keyof typeof ZBookingRules.shape]: z.ZodOptional<z.ZodNullable<(typeof ZBookingRules.shape)[K]>>;
      })
      .strict()
      .optional(),
    hours: z.object({ weekly: ZWeeklyHours.nullable().optional() }).strict().optional(),
    chain: z.object({ three: ZStageDays.nullable().optional(), two: ZStageDays.nullable().optional() }).strict().optional(),
    evaluation: z
      .object({
        ratingPeriodDays: ZEvaluationSettings.shape.ratingPeriodDays.nullable().optional(),
        contactDays: ZEvaluationSettings.shape.contactDays.nullable().optional(),
        rectifyDays: ZEvaluationSettings.shape.rectifyDays.nullable().optional(),
      })
      .strict()
      .optional(),
    complaints: z
      .object({
        routeDays: ZComplaintSettings.shape.routeDays.nullable().optional(),
        answerDays: ZComplaintSettings.shape.answerDays.nullable().optional(),
      })
      .strict()
      .optional(),
    queue: z
      .object({
        receptionLapseMinutes: ZQueueSettings.shape.receptionLapseMinutes.nullable().optional(),
        displayNames: ZQueueSettings.shape.displayNames.nullable().optional(),
      })
      .strict()
      .optional(),
    inquiries: z.object({ followUpDays: ZInquirySettings.shape.followUpDays.nullable().optional() }).strict().optional(),
  })
  .strict();
export type TCenterSettingsPatch = z.infer<typeof ZCenterSettingsPatch>;

/** What this center stores: only its overrides. Same shape as the patch without nulls. */
export type TStoredSettings = {
  [S in TSettingsSection]?: S extends 'hours' ? { weekly?: TWeeklyHours } : Partial<TCenterSettings[S]>;
};

/** Where a value came from: the seeds' default, or the center (id) whose override won. */
export type TSettingSource = 'default' | { centerId: string; centerName: string };

/** The answer of GET /api/admin/centers/:id/settings. */
export const ZCenterSettingsView = z
  .object({
    centerId: z.string(),
    settings: ZCenterSettings,
    /** Overrides stored on this center. */
    own: z.record(z.string(), z.unknown()),
    /** Per leaf path ("booking.horizonDays", "hours.weekly", "chain.three.dept"): where the value came from. */
    sources: z.record(z.string(), z.union([z.literal('default'), z.object({ centerId: z.string(), centerName: z.string() })])),
  })
  .strict();
export type TCenterSettingsView = z.infer<typeof ZCenterSettingsView>;

/** Integrity rules across fields, checked on the resolved settings after a write. */
export function settingsProblems(s: TCenterSettings): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  if (s.evaluation.rectifyDays < s.evaluation.contactDays) out.push({ field: 'evaluation.rectifyDays', message: '整改时限不能短于回访时限' });
  if (s.complaints.answerDays < s.complaints.routeDays) out.push({ field: 'complaints.answerDays', message: '答复时限不能短于转办时限' });
  return out;
}
