import { z } from 'zod';
import { BOOKING_STATUSES } from '../constants/booking';
import { BOOKING_CODE_PATTERN, isValidIdNumber } from '../domain/id-number';
import { ZObjectId, ZPhone } from './common';
import { ZDate, ZWeekly } from './calendar';

/** 预约规则, per center. */
export const ZBookingRules = z
  .object({
    /** How many days ahead one may book. */
    horizonDays: z.number().int().min(1).max(90),
    /** Minimum notice before the slot starts. */
    minNoticeMinutes: z.number().int().min(0).max(7 * 24 * 60),
    /** Active (future, not cancelled) bookings one person may hold at once. */
    maxActivePerPerson: z.number().int().min(1).max(20),
    /** Cancelling or rescheduling closes this long before the slot. */
    cancelCutoffMinutes: z.number().int().min(0).max(7 * 24 * 60),
    /** This many no-shows within noShowWindowDays pause online booking for pauseDays. */
    noShowLimit: z.number().int().min(1).max(20),
    noShowWindowDays: z.number().int().min(1).max(365),
    pauseDays: z.number().int().min(1).max(365),
  })
  .strict();
export type TBookingRules = z.infer<typeof ZBookingRules>;
export const DEFAULT_BOOKING_RULES: TBookingRules = {
  horizonDays: 14,
  minNoticeMinutes: 60,
  maxActivePerPerson: 3,
  cancelCutoffMinutes: 60,
  noShowLimit: 3,
  noShowWindowDays: 90,
  pauseDays: 30,
};

/** A bookable window (窗口) of a center and the items it serves. */
export const ZWindowInput = z
  .object({
    centerId: ZObjectId,
    name: z.string().trim().min(1).max(50),
    /** One capital letter: the queue number prefix (A012). */
    code: z.string().regex(/^[A-Z]$/, { message: '窗口代码为一个大写字母' }),
    /** Item codes served here; empty = every item of the center not served by another window. */
    itemCodes: z.array(z.string().regex(/^[A-Za-z0-9-]{2,40}$/)).max(200),
    slotMinutes: z.number().int().min(5).max(240),
    capacity: z.number().int().min(1).max(200),
    /** Seats per slot held back for walk-ins and priority citizens (绿色通道): not bookable online. */
    heldBack: z.number().int().min(0).max(199),
    /** Window hours when they differ from the center's. */
    weekly: ZWeekly.optional(),
    /** AB岗: the A post (主岗) and the B post who covers while A is away; null clears. */
    staffA: ZObjectId.nullable().optional(),
    staffB: ZObjectId.nullable().optional(),
  })
  .strict()
  .refine((w) => !w.staffA || w.staffA !== w.staffB, { message: 'A岗和B岗不能是同一人', path: ['staffB'] })
  .refine((w) => w.heldBack < w.capacity, { message: '保留名额必须少于容量', path: ['heldBack'] });
export type TWindowInput = z.infer<typeof ZWindowInput>;

/** 18-digit resident ID number with its check digit (GB 11643). */
export const ZIdNumber = z
  .string()
  .regex(/^\d{17}[\dX]$/, { message: '身份证号格式不正确' })
  .refine(isValidIdNumber, { message: '身份证号校验位不正确' });

/** The person to be served when it is not the signed-in citizen (a family member, or an agent's client). */
export const ZPerson = z
  .object({
    name: z.string().trim().min(1).max(30),
    idNumber: ZIdNumber,
    phone: ZPhone.optional(),
    relation: z.string().trim().max(10).optional(),
  })
  .strict();

export const ZBookingCreate = z
  .object({
    itemId: ZObjectId,
    /** Slot start, ISO instant. */
    slotStart: z.iso.datetime({ offset: true, message: '时间格式不正确' }),
    person: ZPerson.optional(),
    /** 绿色通道: staff and agents may book held-back seats for elderly or disabled citizens. */
    priority: z.boolean().optional(),
  })
  .strict();
export type TBookingCreate = z.infer<typeof ZBookingCreate>;

export const ZBookingReschedule = z.object({ slotStart: z.iso.datetime({ offset: true, message: '时间格式不正确' }) }).strict();

export const ZSlotsQuery = z.object({ itemId: ZObjectId, date: ZDate }).strict();
export const ZBookingCode = z.string().trim().toUpperCase().regex(BOOKING_CODE_PATTERN, { message: '预约码为8位字母数字' });

/** One slot of a window's day and the seats online booking may still take. */
export const ZSlot = z.object({ start: z.string(), end: z.string(), seatsLeft: z.number().int() }).strict();
export type TSlot = z.infer<typeof ZSlot>;

export const ZSlotsAnswer = z
  .object({
    date: z.string(),
    open: z.boolean(),
    /** The center's rules that decide which days and slots can be booked or changed. */
    rules: ZBookingRules.pick({ horizonDays: true, minNoticeMinutes: true, cancelCutoffMinutes: true }).strict(),
    window: z.object({ id: z.string(), name: z.string() }).strict().nullable(),
    slots: z.array(ZSlot),
  })
  .strict();
export type TSlotsAnswer = z.infer<typeof ZSlotsAnswer>;

/** skipped: 过号 (called three times or not shown within 5 minutes); transferred: moved to another window's queue. */
export const ZTicketStatus = z.enum(['waiting', 'called', 'done', 'skipped', 'transferred']);

export const ZBooking = z
  .object({
    id: z.string(),
    code: z.string(),
    status: z.enum(BOOKING_STATUSES),
    itemId: z.string(),
    itemName: z.string(),
    centerId: z.string(),
    centerName: z.string(),
    windowId: z.string(),
    windowName: z.string(),
    place: z.string(),
    slotStart: z.string(),
    slotEnd: z.string(),
    personName: z.string(),
    /** Masked unless the caller handles this booking at the window. */
    personPhone: z.string().optional(),
    bookedFor: z.enum(['self', 'family', 'client']),
    priority: z.boolean(),
    /** Cancelling or rescheduling is possible until then. */
    changeableUntil: z.string(),
    ticket: z.object({ label: z.string(), status: ZTicketStatus }).strict().optional(),
    /** From the citizen's latest saved checklist for this item: what they still lack (一次性告知). */
    missing: z.array(z.object({ key: z.string(), name: z.string() }).strict()).optional(),
    createdAt: z.string(),
  })
  .strict();
export type TBooking = z.infer<typeof ZBooking>;
export const ZBookingList = z.object({ items: z.array(ZBooking) }).strict();

/** A queue number (取号) as staff see it. */
export const ZQueueTicket = z
  .object({
    id: z.string(),
    label: z.string(),
    number: z.number().int(),
    kind: z.enum(['booking', 'walkin', 'priority']),
    status: ZTicketStatus,
    bookingId: z.string().optional(),
    personName: z.string().optional(),
    slotStart: z.string().optional(),
    issuedAt: z.string(),
    calledAt: z.string().optional(),
    /** Times this number has been called (过号 after three). */
    callCount: z.number().int().optional(),
    /** A skipped number may be put back in the queue once. */
    requeued: z.boolean().optional(),
    /** The window a transferred number now waits at (its new label there). */
    transferredTo: z.object({ windowId: z.string(), label: z.string() }).strict().optional(),
  })
  .strict();
export type TQueueTicket = z.infer<typeof ZQueueTicket>;

/** What a citizen holding a number sees: their place and the estimated wait (排队进度). */
export const ZQueuePlace = z
  .object({
    label: z.string(),
    status: ZTicketStatus,
    windowName: z.string(),
    /** Numbers to be called before this one (0 when it is next or already called). */
    ahead: z.number().int(),
    /** Minutes, from the window's service times today (or its slot length when none yet). */
    estimatedMinutes: z.number().int(),
    /** A skipped number that may still be put back once. */
    canRequeue: z.boolean(),
  })
  .strict();
export type TQueuePlace = z.infer<typeof ZQueuePlace>;

/** The hall display (叫号屏) of a center: numbers being called and the next ones per window. Public, no phone or ID. */
export const ZHallDisplay = z
  .object({
    center: z.object({ id: z.string(), name: z.string() }).strict(),
    calling: z.array(
      z
        .object({
          /** Changes with every (re)call, so the screen speaks each call once. */
          key: z.string(),
          label: z.string(),
          windowName: z.string(),
          /** 张*: only when the center turns on settings.queue.displayNames. */
          name: z.string().optional(),
          calledAt: z.string(),
        })
        .strict(),
    ),
    windows: z.array(z.object({ id: z.string(), name: z.string(), next: z.array(z.string()) }).strict()),
    at: z.string(),
  })
  .strict();
export type THallDisplay = z.infer<typeof ZHallDisplay>;

/** A window's queue of one day. */
export const ZQueue = z
  .object({
    window: z.object({ id: z.string(), name: z.string(), code: z.string() }).strict(),
    items: z.array(ZQueueTicket),
  })
  .strict();
export type TQueue = z.infer<typeof ZQueue>;

/** 签到 answer: the queue number and the booking it belongs to. */
export const ZCheckIn = z.object({ ticket: ZQueueTicket, booking: ZBooking }).strict();
export type TCheckIn = z.infer<typeof ZCheckIn>;

/** A bookable window (窗口) as stored; `weekly` is null when it keeps the center's hours. */
export const ZWindow = z
  .object({
    id: z.string(),
    centerId: z.string(),
    name: z.string(),
    /** The queue number prefix (A012). */
    code: z.string(),
    itemCodes: z.array(z.string()),
    slotMinutes: z.number().int(),
    capacity: z.number().int(),
    heldBack: z.number().int(),
    weekly: ZWeekly.nullable(),
    /** AB岗 posts (user ids), present when assigned. */
    staffA: z.string().optional(),
    staffB: z.string().optional(),
  })
  .strict();
export type TWindow = z.infer<typeof ZWindow>;
export const ZWindowList = z.object({ items: z.array(ZWindow) }).strict();
