/**
 * The 代办 case (帮办 / 代办 / 上门服务) as one pure reducer. The API loads a case, authorizes, asks `reduceCase` what
 * changes, then claims `<case>:<version+1>`, appends the ledger entry and projects; the mini-app can ask the same
 * questions (`caseActionAvailable`) to decide which buttons to show. No I/O, no zod: today's date, the working
 * calendar and the facts a rule needs (the handover list's materials, the target agent…) come in through the context.
 *
 *   requested ─accept→ accepted ─handover→ handed_over ─advance→ in_progress (stage by stage) ─deliver→ delivered
 *     delivered ─complete→ completed ─follow_up→ followed_up
 *   补正 (correction) and 中止 (suspended) pause a case and return to where it was; refuse / withdraw close it.
 *
 * Clocks (`caseClock`): every state that waits on somebody has a due date. requested waits on acceptance
 * (ACCEPT_DAYS); acceptance starts the chain's first stage, so accepted, handed_over and in_progress run the current
 * stage's clock; delivered waits on 办结 (CLOSE_DAYS); 补正 and 中止 pause the clock; the final states have none.
 * Acceptance also fixes the one 承诺办结日 (`promisedOn`); only 补正 and 中止 (and a calendar change) move it.
 */
import { ACCEPT_DAYS, CASE_ACTIONS, CASE_STATE_LABELS, CASH_FEE_LIMIT_FEN, CLOSE_DAYS, daysLate, planChain, stageDue, type TCaseAction, type TCaseState, type TServiceMode, type TStageHolder } from './delegation';

/** How the actor stands to the case; the policy and the machine decide by this, never by role alone. */
export type CaseRelation =
  /** The citizen the case belongs to (or who filed it). */
  | 'owner'
  /** The agent (or staff member) the case is assigned to. */
  | 'assigned'
  /** Another agent or staff member of a center on the case's chain (e.g. the B agent of an AB岗). */
  | 'chain'
  /** An admin of a center on the chain. */
  | 'admin';

/** Steps that only add a ledger entry: they never move the state (and claim no version). */
export const ENTRY_ACTIONS = ['confirm_handover', 'fee', 'note', 'correct_entry'] as const;
export type TEntryAction = (typeof ENTRY_ACTIONS)[number];
export type TStepAction = TCaseAction | TEntryAction;
export const STEP_ACTIONS = [...(Object.keys(CASE_ACTIONS) as TCaseAction[]), ...ENTRY_ACTIONS] as const satisfies readonly TStepAction[];

const HANDLERS = ['assigned', 'chain', 'admin'] as const satisfies readonly CaseRelation[];
/**
 * Who may take each step. Handlers are the agents and staff of the chain; admins over the chain may do what they do
 * and also reassign. Citizens authorize (委托), confirm the handover list and the delivery, or withdraw.
 */
export const CASE_ACTORS: Record<TStepAction, readonly CaseRelation[]> = {
  accept: HANDLERS,
  reassign: ['admin'],
  authorize: ['owner', ...HANDLERS],
  handover: HANDLERS,
  advance: HANDLERS,
  request_correction: HANDLERS,
  complete_correction: HANDLERS,
  suspend: HANDLERS,
  resume: HANDLERS,
  deliver: HANDLERS,
  confirm_delivery: ['owner'],
  complete: HANDLERS,
  follow_up: HANDLERS,
  refuse: HANDLERS,
  withdraw: ['owner'],
  confirm_handover: ['owner'],
  fee: HANDLERS,
  note: HANDLERS,
  correct_entry: HANDLERS,
};

/** States each entry-only step may be taken in; `any` for the ledger's fees, notes and corrections. */
const ENTRY_FROM: Record<TEntryAction, readonly TCaseState[] | 'any'> = {
  confirm_handover: ['handed_over', 'in_progress', 'correction', 'suspended'],
  fee: 'any',
  note: 'any',
  correct_entry: 'any',
};

/** A stage of the chain as the case keeps it. */
export interface CaseStage {
  key: string;
  name: string;
  days: number;
  /** Who holds the stage (charged with its lapses); older cases may lack it. */
  holder?: TStageHolder;
  startedOn?: string;
  /** The day the running clock counts from and its working days (a restart after 补正, the days left after 中止). */
  clockFrom?: string;
  clockDays?: number;
  dueOn?: string;
  completedOn?: string;
  /** Working days late when it finished (each counts a lapse). */
  lateDays?: number;
}

/** What the machine needs of a case (the projection, ids as strings). */
export interface CaseMachineState {
  state: TCaseState;
  /** Where 补正 / 中止 return to. */
  pausedState: TCaseState | null;
  mode: TServiceMode;
  authorized: boolean;
  /** 材料交接 summary; empty until a handover list was logged. */
  handover: string;
  handoverConfirmed: boolean;
  deliveryConfirmed: boolean;
  agentId: string | null;
  stages: CaseStage[];
  stageIndex: number;
  missing: string[];
  /** requested: accept by this day. */
  acceptDueOn?: string | null;
  /** delivered: 办结 by this day. */
  closeDueOn?: string | null;
  /** 承诺办结日: fixed at acceptance, moved only by 补正, 中止 or a calendar change. */
  promisedOn?: string | null;
  /** Why the promised date last moved (shown to the citizen), empty when it never did. */
  promiseReason?: string;
}

/** A step as the machine reads it (the API's validated `TCaseStep` without clientKey/clientAt). */
export type CaseCommand =
  | { action: 'accept'; agentId?: string; paper?: { ref: string } }
  | { action: 'reassign'; agentId: string; reason: string }
  | { action: 'authorize'; paper?: { ref: string } }
  | { action: 'handover'; lines: { key: string; name: string; form: string; count: number }[]; signedOnPaper: boolean }
  | { action: 'advance'; note?: string }
  | { action: 'request_correction'; missing: string[]; note?: string }
  | { action: 'complete_correction'; note?: string }
  | { action: 'suspend'; reason: string }
  | { action: 'resume'; note?: string }
  | { action: 'deliver'; method: string; note?: string }
  | { action: 'confirm_delivery' }
  | { action: 'complete'; result: string }
  | { action: 'follow_up'; satisfied: boolean; note?: string }
  | { action: 'refuse'; reason: string }
  | { action: 'withdraw'; reason?: string }
  | { action: 'fee'; purpose: 'legal_fee' | 'service_fee'; amountFen: number; method: 'cash_to_agent' | 'paid_to_bank'; receiptNo?: string; note?: string }
  | { action: 'note'; text: string }
  | { action: 'confirm_handover' }
  | { action: 'correct_entry'; seq: number; text: string };

/** The calendar arithmetic the machine uses (a `WorkingCalendar` fits). */
export interface CaseCalendar {
  addWorkingDays(from: string, n: number): string;
  workingDaysBetween(from: string, to: string): number;
}

/**
 * Facts a rule needs beyond the case; the service loads only those the step asks for (see `factsNeeded`).
 * Undefined means "not loaded"; the rule then refuses rather than guess.
 */
export interface CaseFacts {
  /**
   * accept/reassign naming an agent: that user, and whether the case may go to them (an agent of the case's county,
   * on its chain or under the admin acting); `why` says in Chinese why not.
   */
  targetAgent?: { id: string; onChain: boolean; why?: string } | null;
  /** accept by a non-agent with no agent yet: the center's AB岗 agent on duty today (A, or B while A is away). */
  postAgentId?: string | null;
  /** handover: material keys of the item's 一次性告知 list (null when the item is no longer published). */
  materialKeys?: readonly string[] | null;
  /** resume: working days left when the case was suspended (from the last suspend entry). */
  suspendedDaysLeft?: number | null;
  /** confirm_handover: seq of the latest handover entry. */
  handoverSeq?: number | null;
  /** correct_entry: whether the entry to correct exists. */
  entryExists?: boolean;
}

export interface CaseContext {
  actor: { id: string; role: string; relation: CaseRelation };
  /** China date the step counts on (the phone's time for an offline step, never in the future). */
  today: string;
  calendar: CaseCalendar;
  /** Legal fees up to this (fen) may be handed to the agent against a receipt. */
  cashFeeLimitFen?: number;
  facts?: CaseFacts;
}

/** Projection fields a step changes (beside `state`). */
export type CaseChanges = Partial<CaseMachineState> & { result?: string; completedOn?: string };

export interface CaseEntryDraft {
  type: TStepAction;
  data: Record<string, unknown>;
  /** correct_entry: the seq it corrects. */
  corrects?: number;
}

export interface CaseRefusal {
  code: 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION_FAILED';
  /** For the person, in Chinese; never a field key. */
  message: string;
  /** The input field at fault. */
  field?: string;
  /** What a client can act on (the current state and where the step may start from). */
  data?: Record<string, unknown>;
}

export interface CaseOutcome {
  ok: true;
  changes: CaseChanges;
  entry: CaseEntryDraft;
  /** A state transition (claims the next version) rather than an entry only. */
  transition: boolean;
  /** A clock that ended late: which (see `caseClock`), the stage index (-1 for accept/close) and working days late. */
  late?: { clock: string; stageIndex: number; days: number };
}
export type CaseResult = CaseOutcome | { ok: false; refusal: CaseRefusal };

const VERB: Record<TStepAction, string> = {
  accept: '受理',
  reassign: '改派',
  authorize: '委托',
  handover: '交接材料',
  advance: '流转',
  request_correction: '告知补正',
  complete_correction: '补正完成',
  suspend: '中止',
  resume: '续办',
  deliver: '送达',
  confirm_delivery: '确认收到',
  complete: '办结',
  follow_up: '回访',
  refuse: '退办',
  withdraw: '撤回',
  confirm_handover: '确认交接清单',
  fee: '登记收费',
  note: '备注',
  correct_entry: '更正台账',
};

const refuse = (code: CaseRefusal['code'], message: string, more: Omit<CaseRefusal, 'code' | 'message'> = {}): { ok: false; refusal: CaseRefusal } => ({ ok: false, refusal: { code, message, ...more } });
const invalid = (field: string, message: string) => refuse('VALIDATION_FAILED', message, { field });
const conflict = (message: string, s?: CaseMachineState) => refuse('CONFLICT', message, s ? { data: { state: s.state } } : {});
const isEntryAction = (a: TStepAction): a is TEntryAction => (ENTRY_ACTIONS as readonly string[]).includes(a);
const withNote = (note?: string) => (note ? { note } : {});

/** May a step start from this state? */
export function legalFrom(action: TStepAction, state: TCaseState): boolean {
  if (isEntryAction(action)) {
    const from = ENTRY_FROM[action];
    return from === 'any' || from.includes(state);
  }
  return (CASE_ACTIONS[action] as readonly TCaseState[]).includes(state);
}

const lastStage = (s: CaseMachineState) => s.stageIndex === s.stages.length - 1;

/**
 * Preconditions on the case alone (no step data): when one fails the step is refused whatever is sent, so the
 * action is not offered. Returns the refusal, or undefined.
 */
function precondition(action: TStepAction, s: CaseMachineState): { ok: false; refusal: CaseRefusal } | undefined {
  switch (action) {
    case 'authorize':
      if (s.mode !== 'delegate') return conflict('帮办和上门服务无需委托', s);
      if (s.authorized) return conflict('已完成委托', s);
      return undefined;
    case 'handover':
      return s.mode === 'delegate' && !s.authorized ? conflict('代办须先完成委托（群众在小程序确认或记录纸质委托书）', s) : undefined;
    case 'advance':
      return s.state === 'in_progress' && lastStage(s) ? conflict('已是最后一个环节，请登记送达', s) : undefined;
    case 'deliver':
      return lastStage(s) ? undefined : conflict('尚未到送达环节', s);
    case 'confirm_delivery':
      return s.deliveryConfirmed ? conflict('已确认收到', s) : undefined;
    case 'confirm_handover':
      if (!s.handover) return conflict('还没有材料交接记录', s);
      return s.handoverConfirmed ? conflict('交接清单已确认', s) : undefined;
    default:
      return undefined;
  }
}

/** Who, state, then the case's own preconditions: the checks that need no step data. */
function gate(action: TStepAction, s: CaseMachineState, relation: CaseRelation): { ok: false; refusal: CaseRefusal } | undefined {
  if (!CASE_ACTORS[action].includes(relation)) return refuse('FORBIDDEN', relation === 'owner' ? `${VERB[action]}由代办员办理` : '您不能进行此操作');
  if (!legalFrom(action, s.state)) {
    const from = isEntryAction(action) ? ENTRY_FROM[action] : CASE_ACTIONS[action];
    return refuse('CONFLICT', `此件当前${CASE_STATE_LABELS[s.state]}，不能${VERB[action]}`, { data: { state: s.state, allowedFrom: from } });
  }
  return precondition(action, s);
}

/** Would this step be accepted on this case by this relation (given valid step data)? The source of `actions`. */
export function caseActionAvailable(action: TStepAction, s: CaseMachineState, relation: CaseRelation): boolean {
  return !gate(action, s, relation);
}

/** The facts `reduceCase` will read for this step on this case (the service loads exactly these). */
export function factsNeeded(cmd: CaseCommand, s: CaseMachineState, actor: CaseContext['actor']): (keyof CaseFacts)[] {
  switch (cmd.action) {
    case 'accept':
      if (cmd.agentId) return ['targetAgent'];
      return actor.role !== 'agent' && !s.agentId ? ['postAgentId'] : [];
    case 'reassign':
      return ['targetAgent'];
    case 'handover':
      return ['materialKeys'];
    case 'resume':
      return s.pausedState === 'in_progress' ? ['suspendedDaysLeft'] : [];
    case 'confirm_handover':
      return ['handoverSeq'];
    case 'correct_entry':
      return ['entryExists'];
    default:
      return [];
  }
}

const ok = (changes: CaseChanges, type: TStepAction, data: Record<string, unknown>, more: { late?: CaseOutcome['late']; corrects?: number } = {}): CaseOutcome => ({
  ok: true,
  changes,
  entry: { type, data, ...(more.corrects ? { corrects: more.corrects } : {}) },
  transition: !isEntryAction(type),
  ...(more.late ? { late: more.late } : {}),
});

const NOT_ON_CHAIN = '该用户不是本县的代办员，不能指派';

const runningIndex = (s: Pick<CaseMachineState, 'stages' | 'stageIndex'>) => {
  const st = s.stages[s.stageIndex];
  return s.stageIndex >= 0 && st?.startedOn && !st.completedOn ? s.stageIndex : -1;
};

/**
 * What the case waits on now and by when: `key` names the clock (`accept`, `stage:<i>`, `close`) for lapse ids;
 * `dueOn` is null when nothing runs (paused by 补正/中止, or final). The sweep and every list read this.
 */
export function caseClock(s: CaseMachineState): { key: string; dueOn: string | null; stageIndex: number; holder: TStageHolder | null; paused: boolean } {
  const none = { key: '', dueOn: null, stageIndex: -1, holder: null, paused: false };
  switch (s.state) {
    case 'requested':
      return { key: 'accept', dueOn: s.acceptDueOn ?? null, stageIndex: -1, holder: 'agent', paused: false };
    case 'accepted':
    case 'handed_over':
    case 'in_progress': {
      const i = runningIndex(s);
      const st = s.stages[i];
      return i >= 0 && st ? { key: `stage:${i}`, dueOn: st.dueOn ?? null, stageIndex: i, holder: st.holder ?? 'agent', paused: false } : none;
    }
    case 'correction':
    case 'suspended':
      return { ...none, paused: true };
    case 'delivered':
      return { key: 'close', dueOn: s.closeDueOn ?? null, stageIndex: -1, holder: 'agent', paused: false };
    default:
      return none;
  }
}

/** The promised date when stage `i` is due on `dueOn`: the stages after it follow on the working calendar. */
export function promiseFrom(stages: readonly CaseStage[], i: number, dueOn: string, cal: CaseCalendar): string {
  const rest = stages.slice(i + 1).reduce((n, x) => n + x.days, 0);
  return rest > 0 ? cal.addWorkingDays(dueOn, rest) : dueOn;
}

const startStage = (stage: CaseStage, ctx: CaseContext, days = stage.days): CaseStage => ({
  ...stage,
  startedOn: ctx.today,
  clockFrom: ctx.today,
  clockDays: days,
  dueOn: stageDue(ctx.calendar, ctx.today, days),
});
const finishStage = (stage: CaseStage, ctx: CaseContext): CaseStage => ({
  ...stage,
  completedOn: ctx.today,
  lateDays: stage.dueOn ? daysLate(ctx.calendar, stage.dueOn, ctx.today) : 0,
});
const lateOf = (stages: CaseStage[], i: number): { late?: CaseOutcome['late'] } =>
  stages[i]!.lateDays ? { late: { clock: `stage:${i}`, stageIndex: i, days: stages[i]!.lateDays! } } : {};
const lateClock = (clock: string, due: string | null | undefined, ctx: CaseContext): { late?: CaseOutcome['late'] } => {
  const days = due ? daysLate(ctx.calendar, due, ctx.today) : 0;
  return days > 0 ? { late: { clock, stageIndex: -1, days } } : {};
};

/** 受理: an agent takes the case; the first stage's clock starts and the 承诺办结日 is fixed. */
function accept(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'accept' }>, ctx: CaseContext): CaseResult {
  const f = ctx.facts ?? {};
  let agentId: string | null;
  if (cmd.agentId) {
    if (!f.targetAgent?.onChain) return invalid('agentId', f.targetAgent?.why ?? NOT_ON_CHAIN);
    agentId = cmd.agentId;
  } else {
    agentId = ctx.actor.role === 'agent' ? ctx.actor.id : (s.agentId ?? f.postAgentId ?? null);
  }
  if (!agentId) return invalid('agentId', '请指定代办员（本中心未设AB岗）');
  // The signed paper 代办委托书 may be recorded right at acceptance (an agent filing for a client).
  const paper = cmd.paper && s.mode === 'delegate' && !s.authorized ? { authorized: true } : {};
  const stages = s.stages.map((x) => ({ ...x }));
  let promise = {};
  if (stages.length) {
    stages[0] = startStage(stages[0]!, ctx);
    const promisedOn = promiseFrom(stages, 0, stages[0].dueOn!, ctx.calendar);
    promise = { promisedOn, promiseReason: '' };
  }
  const changes = { state: 'accepted' as const, agentId, stages, stageIndex: stages.length ? 0 : -1, ...paper, ...promise };
  const data = { agentId, ...(cmd.paper && 'authorized' in paper ? { paper: cmd.paper.ref } : {}), ...('promisedOn' in promise ? { promisedOn: (promise as { promisedOn: string }).promisedOn } : {}) };
  return ok(changes, 'accept', data, lateClock('accept', s.acceptDueOn, ctx));
}

function reassign(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'reassign' }>, ctx: CaseContext): CaseResult {
  if (!ctx.facts?.targetAgent?.onChain) return invalid('agentId', ctx.facts?.targetAgent?.why ?? NOT_ON_CHAIN);
  return ok({ state: s.state, agentId: cmd.agentId }, 'reassign', { from: s.agentId, to: cmd.agentId, reason: cmd.reason });
}

function authorize(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'authorize' }>, ctx: CaseContext): CaseResult {
  // The citizen confirms in the app; anyone else records the signed paper 代办委托书.
  if (ctx.actor.relation !== 'owner' && !cmd.paper) return invalid('paper', '代办员记录纸质委托书须填写编号');
  return ok({ state: s.state, authorized: true }, 'authorize', cmd.paper ? { paper: cmd.paper.ref } : { confirmedInApp: true });
}

function handover(cmd: Extract<CaseCommand, { action: 'handover' }>, ctx: CaseContext): CaseResult {
  // The item's 一次性告知 list decides what can be handed over (no check when the item is no longer published).
  const keys = ctx.facts?.materialKeys;
  const unknown = keys ? cmd.lines.findIndex((l) => !keys.includes(l.key)) : -1;
  if (unknown !== -1) return invalid(`lines.${unknown}.key`, '不是该事项一次性告知清单中的材料');
  return ok(
    // A new list needs its own confirmation (one signed on paper counts as confirmed).
    { state: 'handed_over', handover: cmd.lines.map((l) => `${l.name}×${l.count}`).join('；'), handoverConfirmed: cmd.signedOnPaper },
    'handover',
    { lines: cmd.lines, signedOnPaper: cmd.signedOnPaper },
  );
}

/** 流转: finish the running stage (if any) and start the next; its due date counts working days from today. */
function advance(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'advance' }>, ctx: CaseContext): CaseResult {
  const stages = s.stages.map((x) => ({ ...x }));
  const running = runningIndex(s);
  // From handed_over the first stage has run since acceptance: the case now moves on within it.
  if (s.state === 'handed_over' && running === 0) {
    return ok({ state: 'in_progress', stageIndex: 0, stages }, 'advance', { from: null, to: stages[0]!.key, dueOn: stages[0]!.dueOn, ...withNote(cmd.note) });
  }
  const i = s.state === 'handed_over' ? -1 : s.stageIndex;
  if (i >= 0) stages[i] = finishStage(stages[i]!, ctx);
  stages[i + 1] = startStage(stages[i + 1]!, ctx);
  const data = { from: i >= 0 ? stages[i]!.key : null, to: stages[i + 1]!.key, dueOn: stages[i + 1]!.dueOn, ...withNote(cmd.note) };
  return ok({ state: 'in_progress', stageIndex: i + 1, stages }, 'advance', data, i >= 0 ? lateOf(stages, i) : {});
}

/** The promise after the running stage `i` got a new due date: moved (with the reason) when it changed. */
function movedPromise(s: CaseMachineState, stages: CaseStage[], i: number, reason: string, ctx: CaseContext): { changes: Partial<CaseMachineState>; data: Record<string, unknown> } {
  // Cases accepted before promises were kept have none to move.
  if (i < 0 || !stages[i]?.dueOn || !s.promisedOn) return { changes: {}, data: {} };
  const promisedOn = promiseFrom(stages, i, stages[i].dueOn!, ctx.calendar);
  if (promisedOn === s.promisedOn) return { changes: {}, data: {} };
  return { changes: { promisedOn, promiseReason: reason }, data: { promisedOn, promisedBefore: s.promisedOn ?? null, promiseReason: reason } };
}

/** 补正完成: back where it was; a running stage's clock restarts from the day the materials are complete (补办件). */
function completeCorrection(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'complete_correction' }>, ctx: CaseContext): CaseResult {
  const i = runningIndex(s);
  const stages = s.stages.map((x, k) => (k === i ? startStage(x, ctx) : { ...x }));
  const moved = movedPromise(s, stages, i, `补正材料于${ctx.today}补齐，本环节重新计时`, ctx);
  const data = { restartedStage: i >= 0 ? stages[i]!.key : null, ...moved.data, ...withNote(cmd.note) };
  return ok({ state: s.pausedState ?? 'accepted', pausedState: null, missing: [], stages, ...moved.changes }, 'complete_correction', data);
}

/** 中止: the running stage's working days left are kept in the entry, so 续办 gives them back. */
function suspend(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'suspend' }>, ctx: CaseContext): CaseResult {
  const running = s.stages[runningIndex(s)];
  const daysLeft = running?.dueOn ? { daysLeft: Math.max(0, ctx.calendar.workingDaysBetween(ctx.today, running.dueOn)) } : {};
  return ok({ state: 'suspended', pausedState: s.state }, 'suspend', { reason: cmd.reason, ...daysLeft });
}

/** 续办: the running stage gets back the working days it had left; the promised date moves by the pause. */
function resume(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'resume' }>, ctx: CaseContext): CaseResult {
  const i = runningIndex(s);
  const stages = s.stages.map((x, k) => (k === i ? startStage(x, ctx, ctx.facts?.suspendedDaysLeft ?? x.days) : { ...x }));
  const moved = movedPromise(s, stages, i, `中止后于${ctx.today}续办，顺延中止期间`, ctx);
  return ok({ state: s.pausedState ?? 'accepted', pausedState: null, stages, ...moved.changes }, 'resume', { ...moved.data, ...withNote(cmd.note) });
}

/** 送达: the last stage ends; 办结 is due within CLOSE_DAYS. */
function deliver(s: CaseMachineState, cmd: Extract<CaseCommand, { action: 'deliver' }>, ctx: CaseContext): CaseResult {
  const stages = s.stages.map((x, i) => (i === s.stageIndex ? finishStage(x, ctx) : { ...x }));
  const closeDueOn = ctx.calendar.addWorkingDays(ctx.today, CLOSE_DAYS);
  return ok({ state: 'delivered', stages, closeDueOn }, 'deliver', { method: cmd.method, ...withNote(cmd.note) }, lateOf(stages, s.stageIndex));
}

/** 收费: the agent never charges for the service; cash up to the limit against a receipt, above it only the bank. */
function fee(cmd: Extract<CaseCommand, { action: 'fee' }>, ctx: CaseContext): CaseResult {
  const limit = ctx.cashFeeLimitFen ?? CASH_FEE_LIMIT_FEN;
  if (cmd.purpose === 'service_fee') return invalid('purpose', '代办服务一律免费，不得收取任何服务费');
  if (cmd.method === 'cash_to_agent' && cmd.amountFen > limit) return invalid('method', `超过${limit / 100}元的规费须由申请人直接缴入部门账户`);
  if (cmd.method === 'cash_to_agent' && !cmd.receiptNo) return invalid('receiptNo', '现金交代办员须当场出具收据并填写收据号');
  const { action: _a, ...data } = cmd;
  return ok({}, 'fee', data);
}

function entryOnly(cmd: Extract<CaseCommand, { action: 'note' | 'confirm_handover' | 'correct_entry' }>, ctx: CaseContext): CaseResult {
  const f = ctx.facts ?? {};
  switch (cmd.action) {
    case 'note':
      return ok({}, 'note', { text: cmd.text });
    case 'confirm_handover':
      if (f.handoverSeq == null) return conflict('还没有材料交接记录');
      return ok({ handoverConfirmed: true }, 'confirm_handover', { handoverSeq: f.handoverSeq });
    case 'correct_entry':
      if (!f.entryExists) return invalid('seq', '要更正的台账记录不存在');
      return ok({}, 'correct_entry', { seq: cmd.seq, text: cmd.text }, { corrects: cmd.seq });
  }
}

/**
 * Decide one step. Refusals come in this order: who (403), state (409 naming it), the case's preconditions (409),
 * then the step's data (400 naming the field). A legal step gives the projection changes and the ledger entry.
 */
export function reduceCase(s: CaseMachineState, cmd: CaseCommand, ctx: CaseContext): CaseResult {
  const gated = gate(cmd.action, s, ctx.actor.relation);
  if (gated) return gated;
  switch (cmd.action) {
    case 'accept':
      return accept(s, cmd, ctx);
    case 'reassign':
      return reassign(s, cmd, ctx);
    case 'authorize':
      return authorize(s, cmd, ctx);
    case 'handover':
      return handover(cmd, ctx);
    case 'advance':
      return advance(s, cmd, ctx);
    case 'request_correction':
      return ok({ state: 'correction', pausedState: s.state, missing: cmd.missing }, 'request_correction', { missing: cmd.missing, ...withNote(cmd.note) });
    case 'complete_correction':
      return completeCorrection(s, cmd, ctx);
    case 'suspend':
      return suspend(s, cmd, ctx);
    case 'resume':
      return resume(s, cmd, ctx);
    case 'deliver':
      return deliver(s, cmd, ctx);
    case 'confirm_delivery':
      return ok({ state: 'delivered', deliveryConfirmed: true }, 'confirm_delivery', { confirmedBy: 'citizen' });
    case 'complete':
      return ok({ state: 'completed', result: cmd.result, completedOn: ctx.today }, 'complete', { result: cmd.result }, lateClock('close', s.closeDueOn, ctx));
    case 'follow_up':
      return ok({ state: 'followed_up' }, 'follow_up', { satisfied: cmd.satisfied, ...withNote(cmd.note) });
    case 'refuse':
      return ok({ state: 'refused', result: `退办：${cmd.reason}` }, 'refuse', { reason: cmd.reason });
    case 'withdraw':
      return ok({ state: 'withdrawn' }, 'withdraw', cmd.reason ? { reason: cmd.reason } : {});
    case 'fee':
      return fee(cmd, ctx);
    default:
      return entryOnly(cmd, ctx);
  }
}

/** How a new case runs: 三级 when a county department handles the item, 两级 when a town one does. */
export interface CasePlanInput {
  mode: TServiceMode;
  /** Level of the center whose department handles the item. */
  itemCenterLevel: string;
  /** Level of the center that received the materials (village, town or county: the chain starts there). */
  receivingLevel: string;
  /** County-wide stage limits (settings.chain), by level and stage key. */
  chainDays: { three: Partial<Record<string, number>>; two: Partial<Record<string, number>> };
  /** The item's committed limit (承诺时限), used for the department stage when set. */
  committedLimitDays: number;
  /** The request day and calendar: acceptance is due within ACCEPT_DAYS working days. */
  today?: string;
  calendar?: Pick<CaseCalendar, 'addWorkingDays'>;
}

/** The stages of a case planned from where it was received (none started). */
export function planStages(p: Omit<CasePlanInput, 'mode' | 'today' | 'calendar'>): CaseStage[] {
  const level = p.itemCenterLevel === 'county' ? 'three' : 'two';
  return planChain({
    level,
    receivedAt: p.receivingLevel,
    days: p.chainDays[level],
    ...(p.committedLimitDays > 0 ? { deptDays: p.committedLimitDays } : {}),
  }).map(({ key, name, days, holder }) => ({ key, name, days, holder }));
}

/** A new case's starting state: requested, with its chain of stages planned (none started) and acceptance due. */
export function openCase(p: CasePlanInput, agentId: string | null): CaseMachineState {
  const acceptDueOn = p.today && p.calendar ? p.calendar.addWorkingDays(p.today, ACCEPT_DAYS) : null;
  return {
    state: 'requested',
    pausedState: null,
    mode: p.mode,
    authorized: false,
    handover: '',
    handoverConfirmed: false,
    deliveryConfirmed: false,
    agentId,
    stages: planStages(p),
    stageIndex: -1,
    missing: [],
    acceptDueOn,
    closeDueOn: null,
    promisedOn: null,
    promiseReason: '',
  };
}

/**
 * The due dates of an open case on a new working calendar (closures added, next year's schedule entered): each
 * running clock counted again from the day it started, the promise from the running stage. Null when nothing moves.
 */
export function recomputeDues(s: CaseMachineState, cal: CaseCalendar): Partial<CaseMachineState> | null {
  const i = runningIndex(s);
  const stages = s.stages.map((x, k) => {
    if (k !== i || !x.dueOn) return { ...x };
    const from = x.clockFrom ?? x.startedOn;
    return from ? { ...x, dueOn: cal.addWorkingDays(from, x.clockDays ?? x.days) } : { ...x };
  });
  const changes: Partial<CaseMachineState> = {};
  if (i >= 0 && stages[i]!.dueOn !== s.stages[i]!.dueOn) changes.stages = stages;
  if (i >= 0 && s.promisedOn && stages[i]!.dueOn) {
    const promisedOn = promiseFrom(stages, i, stages[i]!.dueOn!, cal);
    if (promisedOn !== s.promisedOn) changes.promisedOn = promisedOn;
  }
  return Object.keys(changes).length ? changes : null;
}
