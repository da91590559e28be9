/**
 * 窗口办件: the case a window opens for every citizen it serves (五件制, seed 002). Pure rules shared by the API
 * (which enforces them) and the mini-app (which shows what can happen next and when a case is due):
 * the state machine, the 即办 30-minute clock counted in opening hours, and promised dates on the working calendar.
 *
 * Case types come from the catalog item (即办/承诺/联办/上报); 补办 and 退办 are what happens to a case:
 * `supplement` (补办: waiting for materials, the clock stopped) and `refused` (不予受理/退办, in writing).
 */
import type { TCaseType } from '../constants/service-item';
import { addDays, chinaDate, chinaInstant, chinaMinutes, type WorkingCalendar } from './working-calendar';

export const WINDOW_CASE_STATES = [
  'supplement', // 补办: materials incomplete, a 补正告知书 lists them all; the clock does not run
  'accepted', // 受理: materials complete, the clock runs (即办 minutes, or working days to the promised date)
  'completed', // 办结
  'refused', // 不予受理 / 退办 (reason and legal basis in writing)
] as const;
export type TWindowCaseState = (typeof WINDOW_CASE_STATES)[number];
export const WINDOW_CASE_STATE_LABELS: Record<TWindowCaseState, string> = {
  supplement: '待补正',
  accepted: '办理中',
  completed: '已办结',
  refused: '不予受理',
};

/** 即办件, 承诺件, 联办件, 上报件 (the item's type) as printed on notices. */
export const WINDOW_CASE_TYPE_LABELS: Record<TCaseType, string> = {
  immediate: '即办件',
  committed: '承诺件',
  joint: '联办件',
  reported: '上报件',
};

/** Actions on an open case and the states each may start from (anything else is a 409). */
export const WINDOW_CASE_ACTIONS = {
  /** Tick more materials received; complete → accepted and the clock (re)starts. */
  receive_materials: ['supplement'],
  /** A later 补正 (asking for materials again); a material not in the first notice is a 一次性告知 breach. */
  request_supplement: ['supplement', 'accepted'],
  /** 联办/上报: the next stage (department or level) is done. */
  complete_stage: ['accepted'],
  /** 不予受理 / 退办. */
  refuse: ['supplement', 'accepted'],
  /** 办结: result and delivery; every stage done first. */
  complete: ['accepted'],
} as const satisfies Record<string, readonly TWindowCaseState[]>;
export type TWindowCaseAction = keyof typeof WINDOW_CASE_ACTIONS;
export const WINDOW_CASE_ACTION_LIST = Object.keys(WINDOW_CASE_ACTIONS) as TWindowCaseAction[];

export function windowCaseCan(action: TWindowCaseAction, state: TWindowCaseState): boolean {
  return (WINDOW_CASE_ACTIONS[action] as readonly TWindowCaseState[]).includes(state);
}

/** How a result reaches the applicant. */
export const DELIVERY_METHODS = ['window', 'post', 'agent'] as const;
export type TDeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_LABELS: Record<TDeliveryMethod, string> = { window: '窗口领取', post: '邮寄送达', agent: '代办员送达' };

/** The numbered documents a window issues (each numbered per center per year). */
export const NOTICE_KINDS = ['acceptance', 'commitment', 'supplement', 'refusal', 'completion'] as const;
export type TNoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_KIND_LABELS: Record<TNoticeKind, string> = {
  acceptance: '受理通知书',
  commitment: '承诺件通知单',
  supplement: '补正告知书',
  refusal: '不予受理告知书',
  completion: '办结单',
};

/** Seeds 000/002: an 即办件 is finished within 30 minutes of opening time. */
export const IMMEDIATE_LIMIT_MINUTES = 30;

/** 城关镇便民服务中心〔2026〕第0001号 */
export function noticeNumberText(centerName: string, year: number, seq: number): string {
  return `${centerName}〔${year}〕第${String(seq).padStart(4, '0')}号`;
}

/** 张* / 欧阳** : the applicant as the public progress page shows them. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('') || '*';
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

// ── Clocks ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Minutes the center was open between two instants: lunch breaks, evenings, weekends and holidays do not count
 * (a citizen received at 11:50 and finished at 13:20 took 20 minutes). Bounded to a year of days.
 */
export function openMinutesBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  const fromDate = chinaDate(from);
  const toDate = chinaDate(to);
  let total = 0;
  for (let d = fromDate, i = 0; d <= toDate && i < 366; d = addDays(d, 1), i++) {
    const day = cal.day(d);
    if (!day.open) continue;
    const lo = d === fromDate ? chinaMinutes(from) + (from.getTime() % 60_000) / 60_000 : 0;
    const hi = d === toDate ? chinaMinutes(to) + (to.getTime() % 60_000) / 60_000 : 24 * 60;
    for (const s of day.hours) total += Math.max(0, Math.min(s.end, hi) - Math.max(s.start, lo));
  }
  return Math.round(total * 100) / 100;
}

/** The instant at which `minutes` of opening time have passed since `from` (null when the center stays closed). */
export function addOpenMinutes(cal: WorkingCalendar, from: Date, minutes: number, maxDays = 60): Date | null {
  let left = minutes;
  const start = chinaDate(from);
  for (let i = 0; i <= maxDays; i++) {
    const d = addDays(start, i);
    const day = cal.day(d);
    if (!day.open) continue;
    const lo = i === 0 ? chinaMinutes(from) + (from.getTime() % 60_000) / 60_000 : 0;
    for (const s of day.hours) {
      const a = Math.max(s.start, lo);
      if (a >= s.end) continue;
      if (a + left <= s.end) return new Date(chinaInstant(d, 0).getTime() + Math.round((a + left) * 60_000));
      left -= s.end - a;
    }
  }
  return null;
}

/** 即办 on time: finished within 30 minutes of opening time after the clock started. */
export function immediateOnTime(cal: WorkingCalendar, clockFrom: Date, doneAt: Date, limit = IMMEDIATE_LIMIT_MINUTES): boolean {
  return openMinutesBetween(cal, clockFrom, doneAt) <= limit;
}

/**
 * Promised date (承诺办结日期) of a case whose clock starts at `clockFrom`: the item's committed working days on the
 * legal working calendar, counted from the day after.
 */
export function promisedDate(cal: WorkingCalendar, clockFrom: Date, days: number): string {
  return cal.addWorkingDays(chinaDate(clockFrom), days);
}

// ── Stages (联办/上报) ──────────────────────────────────────────────────────────────────────────────────────────

export const STAGE_LEVELS = ['village', 'town', 'county', 'city', 'province'] as const;
export type TStageLevel = (typeof STAGE_LEVELS)[number];
export const STAGE_LEVEL_LABELS: Record<TStageLevel, string> = { village: '村级', town: '乡镇级', county: '县级', city: '市级', province: '省级' };

/** One department (联办) or level (上报) a case passes through, with its share of working days. */
export interface TStagePlan {
  name: string;
  department: string;
  level?: TStageLevel;
  days: number;
}
export interface TStageState extends TStagePlan {
  /** Due date, set when the clock starts (stage due dates follow one another). */
  dueOn?: string;
  completedOn?: string;
  /** Working days late when completed. */
  lateDays?: number;
}

/**
 * The stages of a 联办/上报 case when the window does not name them: 联办 goes through the item's department;
 * 上报 is reported to the level above the receiving center. The days fill the committed limit.
 */
export function defaultStages(type: TCaseType, opts: { department: string; committedDays: number; centerLevel: 'county' | 'town' | 'village' }): TStagePlan[] {
  const days = Math.max(1, opts.committedDays);
  if (type === 'joint') return [{ name: `${opts.department}联合办理`, department: opts.department, days }];
  if (type === 'reported') {
    const level: TStageLevel = opts.centerLevel === 'village' ? 'town' : opts.centerLevel === 'town' ? 'county' : 'city';
    return [{ name: `上报${STAGE_LEVEL_LABELS[level]}${opts.department}审批`, department: opts.department, level, days }];
  }
  return [];
}

/** Due dates for stages that run one after another from `startDate`. */
export function scheduleStages(cal: WorkingCalendar, startDate: string, stages: readonly TStagePlan[]): TStageState[] {
  let acc = 0;
  return stages.map((s) => {
    acc += s.days;
    return { ...s, dueOn: cal.addWorkingDays(startDate, acc) };
  });
}

// ── The machine ──────────────────────────────────────────────────────────────────────────────────────────────

/** What the reducer needs of a case (the API's projection; the mini-app can build it from the detail). */
export interface TWindowCaseSnapshot {
  type: TCaseType;
  state: TWindowCaseState;
  /** Material keys ticked as received. */
  received: string[];
  /** Material keys still missing (as last told). */
  missing: string[];
  /** Material keys listed in the first 补正告知书 (empty when none was issued). */
  firstNotice: string[];
  /** When the clock (re)started: materials complete. Null while waiting for materials. */
  clockFrom: string | null;
  /** Committed working days of the item (承诺时限). */
  committedDays: number;
  promisedOn: string | null;
  stages: TStageState[];
}

export type TWindowCaseCommand =
  | { action: 'receive_materials'; received: string[]; missingAfter: string[] }
  | { action: 'request_supplement'; missing: string[] }
  | { action: 'complete_stage'; index: number; note?: string }
  | { action: 'refuse'; reason: string; legalBasis: string }
  | { action: 'complete'; result: string; delivery: TDeliveryMethod };

/** What one transition changes, which event records it and which numbered notice (if any) it issues. */
export interface TWindowCaseChange {
  next: TWindowCaseSnapshot;
  event: { type: TWindowCaseAction; data: Record<string, unknown> };
  notice: TNoticeKind | null;
  /** Materials asked for in a later 补正 that the first notice did not list (一次性告知 breach). */
  breach: string[];
  /** For 办结: on time (即办 by opening minutes, others by the promised date). */
  onTime?: boolean;
  /** For 办结 of an 即办件: opening minutes used. */
  minutes?: number;
}

export type TWindowCaseRefusal =
  | { ok: false; code: 'CONFLICT'; message: string }
  | { ok: false; code: 'VALIDATION'; field: string; message: string };
export type TWindowCaseResult = ({ ok: true } & TWindowCaseChange) | TWindowCaseRefusal;

/** The notice issued when a case is accepted: 承诺件通知单 when a promised date is given in writing, else 受理通知书. */
export function acceptanceNotice(type: TCaseType): TNoticeKind {
  return type === 'immediate' ? 'acceptance' : 'commitment';
}

/** Start (or restart) the clock: promised date and stage due dates from `now`. */
export function startClock(cal: WorkingCalendar, c: TWindowCaseSnapshot, now: Date): TWindowCaseSnapshot {
  const stagesDays = c.stages.reduce((n, s) => n + s.days, 0);
  const days = c.committedDays > 0 ? c.committedDays : stagesDays;
  return {
    ...c,
    state: 'accepted',
    missing: [],
    clockFrom: now.toISOString(),
    promisedOn: c.type === 'immediate' ? null : promisedDate(cal, now, days),
    stages: c.stages.length ? scheduleStages(cal, chinaDate(now), c.stages.map(({ name, department, level, days: d }) => ({ name, department, ...(level ? { level } : {}), days: d }))) : [],
  };
}

/** A new case: complete materials → accepted with the clock running; otherwise 补办 with everything missing told at once. */
export function openWindowCase(
  cal: WorkingCalendar,
  init: { type: TCaseType; received: string[]; missing: string[]; committedDays: number; stages: TStagePlan[] },
  now: Date,
): { next: TWindowCaseSnapshot; notice: TNoticeKind } {
  const base: TWindowCaseSnapshot = {
    type: init.type,
    state: 'supplement',
    received: [...new Set(init.received)],
    missing: init.missing,
    firstNotice: init.missing,
    clockFrom: null,
    committedDays: init.committedDays,
    promisedOn: null,
    stages: init.stages.map((s) => ({ ...s })),
  };
  if (init.missing.length) return { next: base, notice: 'supplement' };
  return { next: startClock(cal, { ...base, firstNotice: [] }, now), notice: acceptanceNotice(init.type) };
}

/**
 * One transition, pure: load → authorize → **reduce** → claim → append → project. Refuses out-of-order actions
 * (CONFLICT → 409) and inconsistent input (VALIDATION → 400 naming the field). `cal` is the center's calendar.
 */
export function reduceWindowCase(cal: WorkingCalendar, c: TWindowCaseSnapshot, cmd: TWindowCaseCommand, now: Date): TWindowCaseResult {
  if (!windowCaseCan(cmd.action, c.state)) {
    return { ok: false, code: 'CONFLICT', message: `办件当前为“${WINDOW_CASE_STATE_LABELS[c.state]}”，不能进行此操作` };
  }
  const today = chinaDate(now);
  switch (cmd.action) {
    case 'receive_materials': {
      const received = [...new Set([...c.received, ...cmd.received])];
      if (cmd.missingAfter.length) {
        return { ok: true, next: { ...c, received, missing: cmd.missingAfter }, event: { type: 'receive_materials', data: { received: cmd.received, missing: cmd.missingAfter } }, notice: null, breach: [] };
      }
      const next = startClock(cal, { ...c, received }, now);
      return { ok: true, next, event: { type: 'receive_materials', data: { received: cmd.received, complete: true, clockFrom: next.clockFrom, promisedOn: next.promisedOn } }, notice: acceptanceNotice(c.type), breach: [] };
    }
    case 'request_supplement': {
      if (!cmd.missing.length) return { ok: false, code: 'VALIDATION', field: 'missing', message: '请至少列出一项需补正的材料' };
      const first = c.firstNotice.length ? c.firstNotice : null;
      const breach = first ? cmd.missing.filter((k) => !first.includes(k)) : [];
      const missing = [...new Set([...(c.state === 'supplement' ? c.missing : []), ...cmd.missing])];
      const next: TWindowCaseSnapshot = {
        ...c,
        state: 'supplement',
        received: c.received.filter((k) => !cmd.missing.includes(k)),
        missing,
        firstNotice: first ?? cmd.missing,
        clockFrom: null,
        promisedOn: null,
        stages: c.stages.map(({ dueOn: _d, completedOn: _c, lateDays: _l, ...s }) => s),
      };
      return { ok: true, next, event: { type: 'request_supplement', data: { missing: cmd.missing, ...(breach.length ? { breach } : {}) } }, notice: 'supplement', breach };
    }
    case 'complete_stage': {
      const at = c.stages.findIndex((s) => !s.completedOn);
      if (!c.stages.length) return { ok: false, code: 'CONFLICT', message: '此件没有办理环节' };
      if (at === -1 || cmd.index !== at) return { ok: false, code: 'CONFLICT', message: at === -1 ? '所有环节均已完成' : `请先完成第${at + 1}个环节` };
      const s = c.stages[at];
      const lateDays = s.dueOn ? cal.workingDaysBetween(s.dueOn, today) : 0;
      const stages = c.stages.map((x, i) => (i === at ? { ...x, completedOn: today, ...(lateDays ? { lateDays } : {}) } : x));
      return { ok: true, next: { ...c, stages }, event: { type: 'complete_stage', data: { index: at, name: s.name, lateDays, ...(cmd.note ? { note: cmd.note } : {}) } }, notice: null, breach: [] };
    }
    case 'refuse': {
      if (!cmd.reason.trim()) return { ok: false, code: 'VALIDATION', field: 'reason', message: '请填写不予受理的理由' };
      if (!cmd.legalBasis.trim()) return { ok: false, code: 'VALIDATION', field: 'legalBasis', message: '请填写法律依据' };
      return { ok: true, next: { ...c, state: 'refused', clockFrom: null }, event: { type: 'refuse', data: { reason: cmd.reason, legalBasis: cmd.legalBasis } }, notice: 'refusal', breach: [] };
    }
    case 'complete': {
      const open = c.stages.findIndex((s) => !s.completedOn);
      if (open !== -1) return { ok: false, code: 'CONFLICT', message: `还有办理环节未完成（第${open + 1}个）` };
      let onTime: boolean;
      let minutes: number | undefined;
      if (c.type === 'immediate') {
        minutes = c.clockFrom ? openMinutesBetween(cal, new Date(c.clockFrom), now) : 0;
        onTime = minutes <= IMMEDIATE_LIMIT_MINUTES;
      } else {
        onTime = !c.promisedOn || today <= c.promisedOn;
      }
      return {
        ok: true,
        next: { ...c, state: 'completed' },
        event: { type: 'complete', data: { result: cmd.result, delivery: cmd.delivery, onTime, ...(minutes !== undefined ? { minutes } : {}) } },
        notice: 'completion',
        breach: [],
        onTime,
        ...(minutes !== undefined ? { minutes } : {}),
      };
    }
  }
}

/** Actions the machine allows now (the policy then decides who). */
export function windowCaseActions(c: Pick<TWindowCaseSnapshot, 'state' | 'stages'>): TWindowCaseAction[] {
  return WINDOW_CASE_ACTION_LIST.filter((a) => {
    if (!windowCaseCan(a, c.state)) return false;
    const pending = c.stages.some((s) => !s.completedOn);
    if (a === 'complete_stage') return pending;
    if (a === 'complete') return !pending;
    return true;
  });
}

/** Working days a case is late on `today` (0 when on time or not running). Each one counts a lapse. */
export function caseDaysLate(cal: WorkingCalendar, promisedOn: string | null, today: string): number {
  return promisedOn && promisedOn < today ? cal.workingDaysBetween(promisedOn, today) : 0;
}
