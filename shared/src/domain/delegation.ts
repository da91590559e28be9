/**
 * 帮办代办 / 上门服务 cases and the 全程代理 chain (seed 004). Pure rules shared by the API (which enforces them) and the
 * mini-app (which shows what can happen next).
 */
import type { WorkingCalendar } from './working-calendar';

export const SERVICE_MODES = ['help', 'delegate', 'home'] as const;
export type TServiceMode = (typeof SERVICE_MODES)[number];
export const SERVICE_MODE_LABELS: Record<TServiceMode, string> = { help: '帮办', delegate: '代办', home: '上门服务' };

/** 上门服务 reasons (who qualifies for door-to-door service). */
export const HOME_REASONS = ['elderly', 'disabled', 'illness', 'other'] as const;
export const HOME_REASON_LABELS: Record<(typeof HOME_REASONS)[number], string> = { elderly: '高龄', disabled: '残疾', illness: '患病', other: '其他特殊困难' };

export const CASE_STATES = [
  'requested', // 申请
  'accepted', // 受理: an agent is assigned
  'handed_over', // 材料交接 confirmed
  'in_progress', // 办理中, moving through the chain's stages
  'correction', // 补正: waiting for missing materials; the clock is paused
  'suspended', // 中止
  'delivered', // 送达
  'completed', // 办结
  'followed_up', // 回访
  'refused', // 退办 (written reason)
  'withdrawn', // 撤回 by the citizen
] as const;
export type TCaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<TCaseState, string> = {
  requested: '已申请',
  accepted: '已受理',
  handed_over: '材料已交接',
  in_progress: '办理中',
  correction: '待补正',
  suspended: '已中止',
  delivered: '已送达',
  completed: '已办结',
  followed_up: '已回访',
  refused: '已退办',
  withdrawn: '已撤回',
};

/** Actions on a case, and the states each may start from. resume/complete-correction return to the paused state. */
export const CASE_ACTIONS = {
  accept: ['requested'],
  reassign: ['requested', 'accepted', 'handed_over', 'in_progress', 'correction', 'suspended'],
  authorize: ['requested', 'accepted'],
  handover: ['accepted'],
  advance: ['handed_over', 'in_progress'],
  request_correction: ['accepted', 'handed_over', 'in_progress'],
  complete_correction: ['correction'],
  suspend: ['accepted', 'handed_over', 'in_progress'],
  resume: ['suspended'],
  deliver: ['in_progress'],
  confirm_delivery: ['delivered'],
  complete: ['delivered'],
  follow_up: ['completed'],
  refuse: ['requested', 'accepted', 'handed_over', 'in_progress', 'correction', 'suspended'],
  withdraw: ['requested', 'accepted', 'handed_over', 'correction', 'suspended'],
} as const satisfies Record<string, readonly TCaseState[]>;
export type TCaseAction = keyof typeof CASE_ACTIONS;

export function canDo(action: TCaseAction, state: TCaseState): boolean {
  return (CASE_ACTIONS[action] as readonly TCaseState[]).includes(state);
}

/** Who holds a stage (and is charged with a lapse when it runs late). */
export const STAGE_HOLDERS = ['agent', 'town', 'county', 'dept'] as const;
export type TStageHolder = (typeof STAGE_HOLDERS)[number];
export const STAGE_HOLDER_LABELS: Record<TStageHolder, string> = { agent: '代办员', town: '乡镇中心', county: '县中心', dept: '办理部门' };

/** One stage of the chain: who holds the case and how many working days they have. */
export interface StageDef {
  key: string;
  name: string;
  days: number;
  holder: TStageHolder;
}

/**
 * Defaults from seed 004. Three levels when a county department handles the matter (5/5/2/7/7/2 = 28 working days),
 * two when a town department does (5/2/5/5/2 = 19). The chain starts where the materials were received: at a town
 * center the village stage is skipped, at the county center the village and town stages are.
 */
export const CHAIN_DEFAULTS: Record<'three' | 'two', StageDef[]> = {
  three: [
    { key: 'village-to-town', name: '村代办点受理并报送乡镇', days: 5, holder: 'agent' },
    { key: 'town-to-county', name: '乡镇报送县中心', days: 5, holder: 'town' },
    { key: 'county-to-dept', name: '县中心转送部门', days: 2, holder: 'county' },
    { key: 'dept', name: '部门办理', days: 7, holder: 'dept' },
    { key: 'back', name: '结果经县、乡返回村', days: 7, holder: 'county' },
    { key: 'deliver', name: '村代办员送达', days: 2, holder: 'agent' },
  ],
  two: [
    { key: 'village-to-town', name: '村代办点受理并报送乡镇', days: 5, holder: 'agent' },
    { key: 'town-to-dept', name: '乡镇转送部门', days: 2, holder: 'town' },
    { key: 'dept', name: '部门办理', days: 5, holder: 'dept' },
    { key: 'back', name: '结果返回村', days: 5, holder: 'town' },
    { key: 'deliver', name: '村代办员送达', days: 2, holder: 'agent' },
  ],
};

/** Stages skipped when the materials are received above the village: the levels below the receiving one. */
const SKIPPED_BELOW: Record<string, readonly string[]> = {
  village: [],
  town: ['village-to-town'],
  county: ['village-to-town', 'town-to-county'],
};

/** Working days a requested case may wait for acceptance (the clock before the chain starts). */
export const ACCEPT_DAYS = 1;
/** Working days from delivery to 办结 (the agent closes the case once the result is in the citizen's hands). */
export const CLOSE_DAYS = 2;

/** Legal fees up to this (in fen) may be handed to the agent against a receipt; above it the applicant pays the bank. */
export const CASH_FEE_LIMIT_FEN = 200_00;

export interface StagePlan extends StageDef {
  index: number;
}

/** The stages a case goes through, from the level where its materials were received. */
export function planChain(opts: {
  level: 'three' | 'two';
  /** Level of the receiving center: village, town or county (a legacy boolean means village or not). */
  receivedAt?: string;
  receivedAtVillage?: boolean;
  /** Per-center overrides of the default days, by stage key. */
  days?: Partial<Record<string, number>>;
  /** Use the item's committed limit for the department stage. */
  deptDays?: number;
}): StagePlan[] {
  const at = opts.receivedAt ?? (opts.receivedAtVillage ? 'village' : 'town');
  const skipped = SKIPPED_BELOW[at] ?? SKIPPED_BELOW.town!;
  return CHAIN_DEFAULTS[opts.level]
    .filter((s) => !skipped.includes(s.key))
    .map((s, index) => ({
      ...s,
      index,
      days: s.key === 'dept' && opts.deptDays !== undefined ? opts.deptDays : (opts.days?.[s.key] ?? s.days),
    }));
}

/** Due date of a stage started on `startDate`, with `days` working days. */
export function stageDue(cal: Pick<WorkingCalendar, 'addWorkingDays'>, startDate: string, days: number): string {
  return cal.addWorkingDays(startDate, days);
}

/** Working days late on `date` for a stage due on `due` (0 when on time). Each one counts a lapse. */
export function daysLate(cal: Pick<WorkingCalendar, 'workingDaysBetween'>, due: string, date: string): number {
  return cal.workingDaysBetween(due, date);
}
