import {
  BOOKING_ACTION_FROM,
  BOOKING_ACTION_TYPES,
  BOOKING_STATUSES,
  chinaInstant,
  reduceBooking,
  type BookingAction,
  type BookingMachineContext,
  type BookingMachineState,
  type TBookingActionType,
  type TBookingStatus,
} from '@bianmin/shared';

const DAY = '2026-12-08';
const at = (date: string, hhmm: string) => chinaInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const rules = { horizonDays: 14, minNoticeMinutes: 60, cancelCutoffMinutes: 60 };
const slot = (date: string, hhmm: string) => ({ start: at(date, hhmm), end: new Date(at(date, hhmm).getTime() + 30 * 60_000) });
/** A booking at 10:00 on DAY. */
const stateIn = (status: TBookingStatus): BookingMachineState => ({ status, ...slotOf(slot(DAY, '10:00')), seq: 3, priority: false });
const slotOf = (s: { start: Date; end: Date }) => ({ slotStart: s.start, slotEnd: s.end });

/** For each action: a context in which it is legal from its start state, and the action itself. */
const LEGAL: Record<TBookingActionType, { action: BookingAction; ctx: BookingMachineContext; changes: object; event: string }> = {
  book: { action: { type: 'book', slot: slot(DAY, '10:00'), priority: false }, ctx: { now: at('2026-12-07', '09:00'), rules, actorRole: 'citizen' }, changes: { status: 'booked', priority: false }, event: 'booked' },
  reschedule: { action: { type: 'reschedule', slot: slot(DAY, '14:00') }, ctx: { now: at('2026-12-07', '09:00'), rules, actorRole: 'citizen' }, changes: { slotStart: at(DAY, '14:00') }, event: 'rescheduled' },
  move_window: { action: { type: 'move_window', fromWindowId: 'w1', windowId: 'w2', reason: 'AB岗' }, ctx: { now: at('2026-12-07', '09:00'), rules, actorRole: 'admin' }, changes: { windowId: 'w2' }, event: 'moved' },
  cancel: { action: { type: 'cancel' }, ctx: { now: at('2026-12-07', '09:00'), rules, actorRole: 'citizen' }, changes: { status: 'cancelled' }, event: 'cancelled' },
  check_in: { action: { type: 'check_in', ticketId: 't1', ticketLabel: 'A001' }, ctx: { now: at(DAY, '09:40'), rules, actorRole: 'staff' }, changes: { status: 'checked_in', ticketId: 't1' }, event: 'checked_in' },
  call: { action: { type: 'call', staffId: 's1' }, ctx: { now: at(DAY, '10:05'), rules, actorRole: 'staff' }, changes: { status: 'received', servedBy: 's1' }, event: 'received' },
  serve: { action: { type: 'serve' }, ctx: { now: at(DAY, '10:20'), rules, actorRole: 'staff' }, changes: { status: 'served' }, event: 'served' },
  no_show: { action: { type: 'no_show' }, ctx: { now: at(DAY, '10:40'), rules, actorRole: 'staff' }, changes: { status: 'no_show' }, event: 'no_show' },
};

const STATES: (TBookingStatus | null)[] = [null, ...BOOKING_STATUSES];

describe('reduceBooking: every state × action', () => {
  const table = STATES.flatMap((s) => BOOKING_ACTION_TYPES.map((a) => [s ?? '(none)', a, BOOKING_ACTION_FROM[a].includes(s)] as const));
  it.each(table)('from %s, %s → legal: %s', (from, actionType, legal) => {
    const { action, ctx, changes, event } = LEGAL[actionType];
    const state = from === '(none)' ? null : stateIn(from as TBookingStatus);
    const r = reduceBooking(state, action, ctx);
    if (legal) {
      expect(r).toMatchObject({ ok: true, changes, event: { seq: (state?.seq ?? 0) + 1, type: event } });
    } else {
      expect(r).toMatchObject({ ok: false, refusal: { code: 'ILLEGAL_STATE' } });
      if (!r.ok) expect(r.refusal.message).not.toMatch(/[a-z_]{4,}/);
    }
  });
});

describe('reduceBooking: timing rules from the context', () => {
  const citizen = { rules, actorRole: 'citizen' } as const;
  const refusal = (state: BookingMachineState | null, action: BookingAction, ctx: BookingMachineContext) => {
    const r = reduceBooking(state, action, ctx);
    if (r.ok) throw new Error('expected a refusal');
    return r.refusal;
  };
  it.each([
    ['a slot in the past', at(DAY, '11:00'), { code: 'SLOT_PAST', field: 'slotStart', message: '该时段已过' }],
    ['within the minimum notice', at(DAY, '09:30'), { code: 'MIN_NOTICE', field: 'slotStart', message: '需至少提前60分钟预约' }],
    ['beyond the horizon', at('2026-11-20', '09:00'), { code: 'BEYOND_HORIZON', field: 'slotStart', message: '只能预约14天内的时段' }],
  ])('book refuses %s', (_name, now, expected) => {
    expect(refusal(null, LEGAL.book.action, { ...citizen, now })).toEqual(expected);
  });
  it('book: the horizon counts China dates, so the last day is bookable all day', () => {
    expect(reduceBooking(null, { type: 'book', slot: slot(DAY, '17:00'), priority: false }, { ...citizen, now: at('2026-11-24', '23:30') }).ok).toBe(true);
  });
  it('book: a citizen may not take a priority seat; staff may', () => {
    const action: BookingAction = { type: 'book', slot: slot(DAY, '10:00'), priority: true };
    expect(refusal(null, action, { ...citizen, now: at('2026-12-07', '09:00') })).toMatchObject({ code: 'PRIORITY_NOT_ALLOWED', field: 'priority' });
    expect(reduceBooking(null, action, { rules, actorRole: 'staff', now: at('2026-12-07', '09:00') })).toMatchObject({ ok: true, changes: { priority: true } });
  });
  it('book: a paused citizen is refused with the date it resumes; an agent booking for them is not', () => {
    const ctx = { ...citizen, now: at('2026-12-07', '09:00'), pausedUntil: at('2027-01-06', '10:00') };
    expect(refusal(null, LEGAL.book.action, ctx)).toMatchObject({ code: 'PAUSED', message: expect.stringContaining('暂停至2027-01-06'), data: { pausedUntil: at('2027-01-06', '10:00').toISOString() } });
    expect(reduceBooking(null, LEGAL.book.action, { ...ctx, actorRole: 'agent' }).ok).toBe(true);
    expect(reduceBooking(null, LEGAL.book.action, { ...ctx, pausedUntil: at('2026-12-01', '09:00') }).ok).toBe(true);
  });
  it('cancel and reschedule close at the cut-off before the slot (inclusive of the exact minute)', () => {
    const b = stateIn('booked');
    expect(reduceBooking(b, { type: 'cancel' }, { ...citizen, now: at(DAY, '09:00') }).ok).toBe(true);
    expect(refusal(b, { type: 'cancel' }, { ...citizen, now: at(DAY, '09:01') })).toMatchObject({ code: 'CUTOFF_PASSED', message: '已过取消截止时间（开始前60分钟）' });
    expect(refusal(b, LEGAL.reschedule.action, { ...citizen, now: at(DAY, '09:30') })).toMatchObject({ code: 'CUTOFF_PASSED', message: '已过改约截止时间（开始前60分钟）' });
    expect(reduceBooking(b, { type: 'cancel' }, { rules: { ...rules, cancelCutoffMinutes: 0 }, actorRole: 'citizen', now: at(DAY, '09:59') }).ok).toBe(true);
  });
  it('reschedule: the same slot is refused naming the slot; the new slot obeys the booking timing rules', () => {
    const b = stateIn('booked');
    expect(refusal(b, { type: 'reschedule', slot: slot(DAY, '10:00') }, { ...citizen, now: at('2026-12-07', '09:00') })).toMatchObject({ code: 'SAME_SLOT', field: 'slotStart' });
    expect(refusal(b, { type: 'reschedule', slot: slot('2026-12-31', '10:00') }, { ...citizen, now: at('2026-12-07', '09:00') })).toMatchObject({ code: 'BEYOND_HORIZON' });
    const r = reduceBooking(b, LEGAL.reschedule.action, { ...citizen, now: at('2026-12-07', '09:00') });
    expect(r).toMatchObject({ ok: true, event: { data: { from: at(DAY, '10:00'), to: at(DAY, '14:00') } } });
  });
  it('check-in only on the booking’s day; no-show only once the slot has started', () => {
    const b = stateIn('booked');
    expect(refusal(b, LEGAL.check_in.action, { ...LEGAL.check_in.ctx, now: at('2026-12-07', '09:40') })).toMatchObject({ code: 'NOT_TODAY', message: '该预约的日期是 2026-12-08，不是今天' });
    expect(refusal(b, { type: 'no_show' }, { ...LEGAL.no_show.ctx, now: at(DAY, '09:59') })).toMatchObject({ code: 'NOT_STARTED' });
    expect(reduceBooking(b, { type: 'no_show' }, { ...LEGAL.no_show.ctx, now: at(DAY, '10:00') }).ok).toBe(true);
  });
  it('an illegal transition names the current status in words and carries it as data', () => {
    expect(refusal(stateIn('served'), { type: 'cancel' }, LEGAL.cancel.ctx)).toEqual({ code: 'ILLEGAL_STATE', message: '预约当前状态为“已办结”，不能取消', data: { status: 'served' } });
  });
});
