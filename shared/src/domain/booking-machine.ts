/**
 * The booking (预约) state machine: every transition of a booking as one pure reducer. The API loads a booking,
 * authorizes, asks `reduceBooking` what changes, then claims (unique event seq) and projects; the mini-app can ask
 * the same question to decide what to offer. No I/O, no zod: timing rules and "now" come in through the context.
 *
 *   (none) ─book→ booked ─check_in→ checked_in ─call→ received ─serve→ served
 *                  │ ├─cancel→ cancelled
 *                  │ ├─no_show→ no_show
 *                  │ ├─move_window→ booked (another window, same slot: AB岗)
 *                  └─reschedule→ booked (another slot)
 */
import { BOOKING_STATUS_LABELS, type TBookingStatus } from '../constants/booking';
import { addDays, chinaDate } from './working-calendar';

/** What the machine needs of a booking. `null` stands for "no booking yet" (the only state `book` starts from). */
export interface BookingMachineState {
  status: TBookingStatus;
  slotStart: Date;
  slotEnd: Date;
  /** Number of transition events so far; the next event is seq + 1. */
  seq: number;
  priority: boolean;
}

export interface BookingSlot {
  start: Date;
  end: Date;
}

export type BookingAction =
  /** 预约: a slot already found on the window's grid; priority = 绿色通道 (a held-back seat). */
  | { type: 'book'; slot: BookingSlot; priority: boolean }
  /** 改约 to another slot of the same window. */
  | { type: 'reschedule'; slot: BookingSlot }
  /** 换窗口: the same slot at another window of the center (AB岗: nobody of the booked window is present). */
  | { type: 'move_window'; fromWindowId: string; windowId: string; reason: string }
  /** 取消 by the person who booked. */
  | { type: 'cancel' }
  /** 签到取号 on the day: the queue number issued for it. */
  | { type: 'check_in'; ticketId: string; ticketLabel: string }
  /** 叫号: the staff member who called the number receives the citizen (whom the service counts for). */
  | { type: 'call'; staffId: string }
  /** 办结. */
  | { type: 'serve' }
  /** 爽约: the citizen did not come. */
  | { type: 'no_show' };
export type TBookingActionType = BookingAction['type'];
export const BOOKING_ACTION_TYPES = ['book', 'reschedule', 'move_window', 'cancel', 'check_in', 'call', 'serve', 'no_show'] as const satisfies readonly TBookingActionType[];

/** The event appended for each transition (stored as BookingEvent.type). */
export const BOOKING_EVENT_OF = {
  book: 'booked',
  reschedule: 'rescheduled',
  move_window: 'moved',
  cancel: 'cancelled',
  check_in: 'checked_in',
  call: 'received',
  serve: 'served',
  no_show: 'no_show',
} as const satisfies Record<TBookingActionType, string>;
export type TBookingEventType = (typeof BOOKING_EVENT_OF)[TBookingActionType];

/** States each action may start from (`null`: no booking yet). */
export const BOOKING_ACTION_FROM: Record<TBookingActionType, readonly (TBookingStatus | null)[]> = {
  book: [null],
  reschedule: ['booked'],
  move_window: ['booked'],
  cancel: ['booked'],
  check_in: ['booked'],
  call: ['checked_in'],
  serve: ['received'],
  no_show: ['booked'],
};

export interface BookingMachineContext {
  now: Date;
  /** The center's booking rules (settings.booking). */
  rules: { horizonDays: number; minNoticeMinutes: number; cancelCutoffMinutes: number };
  /** Who acts: citizens may not take priority seats. */
  actorRole: string;
  /** Set when this person's online booking is paused for no-shows (checked for citizens booking). */
  pausedUntil?: Date | null;
}

export interface BookingChanges {
  status?: TBookingStatus;
  slotStart?: Date;
  slotEnd?: Date;
  priority?: boolean;
  /** The window it is now booked at (换窗口). */
  windowId?: string;
  ticketId?: string;
  servedBy?: string;
}

export interface BookingEventDraft {
  seq: number;
  type: TBookingEventType;
  data: Record<string, unknown> | null;
}

export type BookingRefusalCode =
  | 'ILLEGAL_STATE'
  | 'SLOT_PAST'
  | 'MIN_NOTICE'
  | 'BEYOND_HORIZON'
  | 'SAME_SLOT'
  | 'CUTOFF_PASSED'
  | 'PRIORITY_NOT_ALLOWED'
  | 'PAUSED'
  | 'NOT_TODAY'
  | 'NOT_STARTED';

export interface BookingRefusal {
  code: BookingRefusalCode;
  /** For the person, in Chinese; never names a field key. */
  message: string;
  /** The input field at fault, when the refusal is about what was sent. */
  field?: string;
  /** What a client can act on (the current status, when the pause ends). */
  data?: Record<string, unknown>;
}

export type BookingResult = { ok: true; changes: BookingChanges; event: BookingEventDraft } | { ok: false; refusal: BookingRefusal };

const MINUTE = 60_000;
const refuse = (code: BookingRefusalCode, message: string, more: Omit<BookingRefusal, 'code' | 'message'> = {}): BookingResult => ({ ok: false, refusal: { code, message, ...more } });

/** Why a slot cannot be booked now (in the past, too soon, too far ahead), or null. */
function slotTimingRefusal(slot: BookingSlot, ctx: BookingMachineContext): BookingResult | null {
  const { now, rules } = ctx;
  if (slot.start.getTime() <= now.getTime()) return refuse('SLOT_PAST', '该时段已过', { field: 'slotStart' });
  if (slot.start.getTime() < now.getTime() + rules.minNoticeMinutes * MINUTE) {
    return refuse('MIN_NOTICE', `需至少提前${rules.minNoticeMinutes}分钟预约`, { field: 'slotStart' });
  }
  if (chinaDate(slot.start) > addDays(chinaDate(now), rules.horizonDays)) {
    return refuse('BEYOND_HORIZON', `只能预约${rules.horizonDays}天内的时段`, { field: 'slotStart' });
  }
  return null;
}

/** Cancelling and rescheduling close `cancelCutoffMinutes` before the slot. */
export function changeableUntil(slotStart: Date, cancelCutoffMinutes: number): Date {
  return new Date(slotStart.getTime() - cancelCutoffMinutes * MINUTE);
}

const VERB: Record<TBookingActionType, string> = {
  book: '预约',
  reschedule: '改约',
  move_window: '换窗口',
  cancel: '取消',
  check_in: '签到',
  call: '叫号',
  serve: '办结',
  no_show: '标记爽约',
};

function illegal(state: BookingMachineState | null, action: TBookingActionType): BookingResult {
  if (!state) return refuse('ILLEGAL_STATE', '没有这条预约');
  return refuse('ILLEGAL_STATE', `预约当前状态为“${BOOKING_STATUS_LABELS[state.status]}”，不能${VERB[action]}`, { data: { status: state.status } });
}

function ok(state: BookingMachineState | null, action: TBookingActionType, changes: BookingChanges, data: Record<string, unknown> | null = null): BookingResult {
  return { ok: true, changes, event: { seq: (state?.seq ?? 0) + 1, type: BOOKING_EVENT_OF[action], data } };
}

function book(action: Extract<BookingAction, { type: 'book' }>, ctx: BookingMachineContext): BookingResult {
  if (action.priority && ctx.actorRole === 'citizen') return refuse('PRIORITY_NOT_ALLOWED', '绿色通道预约由工作人员或代办员办理', { field: 'priority' });
  const timing = slotTimingRefusal(action.slot, ctx);
  if (timing) return timing;
  if (ctx.actorRole === 'citizen' && ctx.pausedUntil && ctx.pausedUntil > ctx.now) {
    const until = chinaDate(ctx.pausedUntil);
    return refuse('PAUSED', `因多次预约未到，网上预约已暂停至${until}，可到窗口现场办理`, { data: { pausedUntil: ctx.pausedUntil.toISOString() } });
  }
  return ok(null, 'book', { status: 'booked', slotStart: action.slot.start, slotEnd: action.slot.end, priority: action.priority }, { slotStart: action.slot.start });
}

function reschedule(state: BookingMachineState, action: Extract<BookingAction, { type: 'reschedule' }>, ctx: BookingMachineContext): BookingResult {
  if (ctx.now > changeableUntil(state.slotStart, ctx.rules.cancelCutoffMinutes)) {
    return refuse('CUTOFF_PASSED', `已过改约截止时间（开始前${ctx.rules.cancelCutoffMinutes}分钟）`);
  }
  if (action.slot.start.getTime() === state.slotStart.getTime()) return refuse('SAME_SLOT', '新时段与原时段相同', { field: 'slotStart' });
  const timing = slotTimingRefusal(action.slot, ctx);
  if (timing) return timing;
  return ok(state, 'reschedule', { slotStart: action.slot.start, slotEnd: action.slot.end }, { from: state.slotStart, to: action.slot.start });
}

/**
 * Decide one transition. Refusals carry a stable code, a message for the person and, when the input is at fault,
 * the field; a legal transition gives the projection changes and the event to append (seq = state.seq + 1).
 */
export function reduceBooking(state: BookingMachineState | null, action: BookingAction, ctx: BookingMachineContext): BookingResult {
  if (!BOOKING_ACTION_FROM[action.type].includes(state ? state.status : null)) return illegal(state, action.type);
  switch (action.type) {
    case 'book':
      return book(action, ctx);
    case 'reschedule':
      return reschedule(state!, action, ctx);
    case 'move_window':
      if (action.windowId === action.fromWindowId) return refuse('SAME_SLOT', '新窗口与原窗口相同', { field: 'windowId' });
      if (state!.slotStart.getTime() <= ctx.now.getTime()) return refuse('SLOT_PAST', '该时段已过');
      return ok(state, 'move_window', { windowId: action.windowId }, { fromWindow: action.fromWindowId, toWindow: action.windowId, reason: action.reason });
    case 'cancel':
      if (ctx.now > changeableUntil(state!.slotStart, ctx.rules.cancelCutoffMinutes)) {
        return refuse('CUTOFF_PASSED', `已过取消截止时间（开始前${ctx.rules.cancelCutoffMinutes}分钟）`);
      }
      return ok(state, 'cancel', { status: 'cancelled' });
    case 'check_in':
      if (chinaDate(state!.slotStart) !== chinaDate(ctx.now)) {
        return refuse('NOT_TODAY', `该预约的日期是 ${chinaDate(state!.slotStart)}，不是今天`, { data: { date: chinaDate(state!.slotStart) } });
      }
      return ok(state, 'check_in', { status: 'checked_in', ticketId: action.ticketId }, { ticket: action.ticketLabel });
    case 'call':
      return ok(state, 'call', { status: 'received', servedBy: action.staffId });
    case 'serve':
      return ok(state, 'serve', { status: 'served' });
    case 'no_show':
      if (ctx.now < state!.slotStart) return refuse('NOT_STARTED', '预约时段尚未开始，不能标记爽约');
      return ok(state, 'no_show', { status: 'no_show' });
  }
}

/** Statuses in which a booking no longer holds a seat or a lock. */
export const BOOKING_ENDED: readonly TBookingStatus[] = ['cancelled', 'served', 'no_show'];

