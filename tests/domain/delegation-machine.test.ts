import {
  CASE_STATES,
  STEP_ACTIONS,
  WorkingCalendar,
  caseActionAvailable,
  factsNeeded,
  openCase,
  reduceCase,
  type CaseCommand,
  type CaseContext,
  type CaseFacts,
  type CaseMachineState,
  type CaseOutcome,
  type CaseRelation,
  type CaseResult,
  type TCaseState,
  type TStepAction,
} from '@bianmin/shared';

/** Weekends off, no holidays: 2026-12-07 is a Monday. */
const calendar = new WorkingCalendar({ national: {}, local: {} });
const TODAY = '2026-12-07';
const RELATIONS: CaseRelation[] = ['owner', 'assigned', 'chain', 'admin'];
const ROLE_OF: Record<CaseRelation, string> = { owner: 'citizen', assigned: 'agent', chain: 'agent', admin: 'admin' };

/** Written out by hand (not derived from the code under test): the states each step may start from. */
const ALL: TCaseState[] = [...CASE_STATES];
const OPEN: TCaseState[] = ['requested', 'accepted', 'handed_over', 'in_progress', 'correction', 'suspended'];
const FROM: Record<TStepAction, TCaseState[]> = {
  accept: ['requested'],
  reassign: OPEN,
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
  refuse: OPEN,
  withdraw: ['requested', 'accepted', 'handed_over', 'correction', 'suspended'],
  confirm_handover: ['handed_over', 'in_progress', 'correction', 'suspended'],
  fee: ALL,
  note: ALL,
  correct_entry: ALL,
};
const HANDLERS: CaseRelation[] = ['assigned', 'chain', 'admin'];
const WHO: Record<TStepAction, CaseRelation[]> = {
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

const STAGES = [
  { key: 'village-to-town', name: '村代办点受理并报送乡镇', days: 5 },
  { key: 'dept', name: '部门办理', days: 5 },
  { key: 'deliver', name: '村代办员送达', days: 2 },
];

/** A case in `state`, shaped so the step's own preconditions hold (委托 given or not, at the last stage or not). */
function caseIn(state: TCaseState, action?: TStepAction, over: Partial<CaseMachineState> = {}): CaseMachineState {
  const running = ['in_progress', 'correction', 'suspended', 'delivered', 'completed', 'followed_up'].includes(state);
  const stageIndex = !running ? -1 : action === 'deliver' ? 2 : 0;
  return {
    state,
    pausedState: state === 'correction' || state === 'suspended' ? 'in_progress' : null,
    mode: 'delegate',
    authorized: action !== 'authorize',
    handover: state === 'requested' || state === 'accepted' ? '' : '居民身份证×1',
    handoverConfirmed: false,
    deliveryConfirmed: false,
    agentId: 'agent-1',
    stages: STAGES.map((s, i) => (running && i <= stageIndex ? { ...s, startedOn: '2026-12-01', dueOn: calendar.addWorkingDays('2026-12-01', s.days) } : { ...s })),
    stageIndex,
    missing: state === 'correction' ? ['户口簿复印件'] : [],
    ...over,
  };
}

/** A valid command for each step, and the facts it needs. */
const COMMAND: Record<TStepAction, CaseCommand> = {
  accept: { action: 'accept' },
  reassign: { action: 'reassign', agentId: 'agent-2', reason: 'A岗请假' },
  authorize: { action: 'authorize', paper: { ref: 'WT-1' } },
  handover: { action: 'handover', lines: [{ key: 'id-card', name: '居民身份证', form: 'original', count: 1 }], signedOnPaper: false },
  advance: { action: 'advance' },
  request_correction: { action: 'request_correction', missing: ['户口簿复印件'] },
  complete_correction: { action: 'complete_correction' },
  suspend: { action: 'suspend', reason: '申请人住院' },
  resume: { action: 'resume' },
  deliver: { action: 'deliver', method: 'home' },
  confirm_delivery: { action: 'confirm_delivery' },
  complete: { action: 'complete', result: '已办结' },
  follow_up: { action: 'follow_up', satisfied: true },
  refuse: { action: 'refuse', reason: '不符合条件' },
  withdraw: { action: 'withdraw' },
  confirm_handover: { action: 'confirm_handover' },
  fee: { action: 'fee', purpose: 'legal_fee', amountFen: 500, method: 'paid_to_bank' },
  note: { action: 'note', text: '已电话联系' },
  correct_entry: { action: 'correct_entry', seq: 1, text: '姓名更正' },
};
const FACTS: CaseFacts = { targetAgent: { id: 'agent-2', onChain: true }, postAgentId: null, materialKeys: ['id-card', 'hukou'], suspendedDaysLeft: 3, handoverSeq: 4, entryExists: true };

const ctxFor = (relation: CaseRelation, facts: CaseFacts = FACTS, id = 'agent-1'): CaseContext => ({
  actor: { id: relation === 'owner' ? 'citizen-1' : id, role: ROLE_OF[relation], relation },
  today: TODAY,
  calendar,
  facts,
});

function expectOk(r: CaseResult): CaseOutcome {
  if (!r.ok) throw new Error(`refused: ${r.refusal.code} ${r.refusal.message}`);
  return r;
}
function expectRefused(r: CaseResult, code: string, field?: string) {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.refusal.code).toBe(code);
  if (field) expect(r.refusal.field).toBe(field);
  // Messages are for people: never a field key.
  expect(r.refusal.message).not.toMatch(/[a-z]+Id|receiptNo|amountFen|lines\.|^\w+:/);
}

describe('reduceCase: every state × step × relation', () => {
  const table = CASE_STATES.flatMap((s) => STEP_ACTIONS.flatMap((a) => RELATIONS.map((who) => [s, a, who, FROM[a].includes(s) && WHO[a].includes(who)] as const)));
  it.each(table)('from %s, %s by %s → legal: %s', (state, action, relation, legal) => {
    const c = caseIn(state, action);
    const r = reduceCase(c, COMMAND[action], ctxFor(relation));
    expect(caseActionAvailable(action, c, relation)).toBe(legal);
    if (legal) {
      const out = expectOk(r);
      expect(out.entry.type).toBe(action);
      expect(out.transition).toBe(!['confirm_handover', 'fee', 'note', 'correct_entry'].includes(action));
    } else if (!WHO[action].includes(relation)) {
      expectRefused(r, 'FORBIDDEN');
    } else {
      expectRefused(r, 'CONFLICT');
      if (!r.ok) expect(r.refusal.data).toMatchObject({ state });
    }
  });

  it('covers every step of the shared list', () => {
    expect([...STEP_ACTIONS].sort()).toEqual(Object.keys(FROM).sort());
  });
});

describe('transitions and what they change', () => {
  const agent = ctxFor('assigned');
  it.each([
    ['accept', 'requested', { state: 'accepted', agentId: 'agent-1' }],
    ['request_correction', 'in_progress', { state: 'correction', pausedState: 'in_progress', missing: ['户口簿复印件'] }],
    ['suspend', 'handed_over', { state: 'suspended', pausedState: 'handed_over' }],
    ['confirm_delivery', 'delivered', { state: 'delivered', deliveryConfirmed: true }],
    ['complete', 'delivered', { state: 'completed', result: '已办结', completedOn: TODAY }],
    ['follow_up', 'completed', { state: 'followed_up' }],
    ['refuse', 'accepted', { state: 'refused', result: '退办：不符合条件' }],
    ['withdraw', 'requested', { state: 'withdrawn' }],
    ['reassign', 'in_progress', { state: 'in_progress', agentId: 'agent-2' }],
  ] as const)('%s from %s → %o', (action, from, changes) => {
    const relation: CaseRelation = ['confirm_delivery', 'withdraw'].includes(action) ? 'owner' : action === 'reassign' ? 'admin' : 'assigned';
    expect(expectOk(reduceCase(caseIn(from, action), COMMAND[action], relation === 'assigned' ? agent : ctxFor(relation))).changes).toMatchObject(changes);
  });
});

describe('accept: who takes the case', () => {
  const c = caseIn('requested', 'accept', { agentId: null });
  it('an agent accepting takes it', () => {
    expect(expectOk(reduceCase(c, { action: 'accept' }, ctxFor('chain', {}, 'agent-9'))).changes.agentId).toBe('agent-9');
  });
  it('an admin naming an agent of the chain assigns them; one off the chain is a 400 on agentId', () => {
    expect(expectOk(reduceCase(c, { action: 'accept', agentId: 'agent-2' }, ctxFor('admin'))).changes.agentId).toBe('agent-2');
    expectRefused(reduceCase(c, { action: 'accept', agentId: 'agent-3' }, ctxFor('admin', { targetAgent: { id: 'agent-3', onChain: false } })), 'VALIDATION_FAILED', 'agentId');
    expectRefused(reduceCase(c, { action: 'accept', agentId: 'agent-3' }, ctxFor('admin', { targetAgent: null })), 'VALIDATION_FAILED', 'agentId');
  });
  it('an admin naming nobody: the assigned agent, else the AB岗 agent on duty, else a 400 asking for one', () => {
    expect(expectOk(reduceCase({ ...c, agentId: 'agent-1' }, { action: 'accept' }, ctxFor('admin', {}))).changes.agentId).toBe('agent-1');
    expect(expectOk(reduceCase(c, { action: 'accept' }, ctxFor('admin', { postAgentId: 'agent-b' }))).changes.agentId).toBe('agent-b');
    expectRefused(reduceCase(c, { action: 'accept' }, ctxFor('admin', { postAgentId: null })), 'VALIDATION_FAILED', 'agentId');
  });
});

describe('委托 and 材料交接', () => {
  it('the citizen confirms in the app; anyone else must record the paper 委托书', () => {
    const c = caseIn('accepted', 'authorize');
    expect(expectOk(reduceCase(c, { action: 'authorize' }, ctxFor('owner'))).entry.data).toEqual({ confirmedInApp: true });
    expectRefused(reduceCase(c, { action: 'authorize' }, ctxFor('assigned')), 'VALIDATION_FAILED', 'paper');
    expect(expectOk(reduceCase(c, { action: 'authorize', paper: { ref: 'WT-9' } }, ctxFor('assigned'))).changes).toEqual({ state: 'accepted', authorized: true });
  });
  it('refuses a second 委托 and any 委托 for 帮办', () => {
    expectRefused(reduceCase(caseIn('accepted', 'authorize', { authorized: true }), { action: 'authorize' }, ctxFor('owner')), 'CONFLICT');
    expectRefused(reduceCase(caseIn('accepted', 'authorize', { mode: 'help' }), { action: 'authorize' }, ctxFor('owner')), 'CONFLICT');
  });
  it('代办 needs 委托 before the handover; 帮办 does not', () => {
    const r = reduceCase(caseIn('accepted', 'handover', { authorized: false }), COMMAND.handover, ctxFor('assigned'));
    expectRefused(r, 'CONFLICT');
    if (!r.ok) expect(r.refusal.message).toMatch(/委托/);
    expectOk(reduceCase(caseIn('accepted', 'handover', { authorized: false, mode: 'help' }), COMMAND.handover, ctxFor('assigned')));
  });
  it('a material not on the 一次性告知 list is a 400 naming its line; a list signed on paper counts as confirmed', () => {
    const lines = [
      { key: 'id-card', name: '居民身份证', form: 'original', count: 1 },
      { key: 'marriage-cert', name: '结婚证', form: 'original', count: 1 },
    ];
    expectRefused(reduceCase(caseIn('accepted'), { action: 'handover', lines, signedOnPaper: false }, ctxFor('assigned')), 'VALIDATION_FAILED', 'lines.1.key');
    const out = expectOk(reduceCase(caseIn('accepted'), { action: 'handover', lines: lines.slice(0, 1), signedOnPaper: true }, ctxFor('assigned')));
    expect(out.changes).toMatchObject({ state: 'handed_over', handover: '居民身份证×1', handoverConfirmed: true });
    // The item is no longer published: nothing to check against.
    expectOk(reduceCase(caseIn('accepted'), { action: 'handover', lines, signedOnPaper: false }, ctxFor('assigned', { materialKeys: null })));
  });
  it('the citizen confirms a handover list once', () => {
    expect(expectOk(reduceCase(caseIn('handed_over'), { action: 'confirm_handover' }, ctxFor('owner'))).changes).toEqual({ handoverConfirmed: true });
    expectRefused(reduceCase(caseIn('handed_over', undefined, { handoverConfirmed: true }), { action: 'confirm_handover' }, ctxFor('owner')), 'CONFLICT');
    expectRefused(reduceCase(caseIn('handed_over', undefined, { handover: '' }), { action: 'confirm_handover' }, ctxFor('owner')), 'CONFLICT');
  });
});

describe('stages and due dates', () => {
  it('the first advance starts stage 0, due in its working days from today', () => {
    const out = expectOk(reduceCase(caseIn('handed_over'), { action: 'advance' }, ctxFor('assigned')));
    expect(out.changes.stageIndex).toBe(0);
    expect(out.changes.stages![0]).toMatchObject({ startedOn: TODAY, dueOn: '2026-12-14' });
    expect(out.entry.data).toMatchObject({ from: null, to: 'village-to-town', dueOn: '2026-12-14' });
    expect(out.late).toBeUndefined();
  });
  it('advancing past a stage’s due date finishes it late by working days (each a lapse)', () => {
    const c = caseIn('in_progress', 'advance');
    c.stages[0] = { ...c.stages[0]!, dueOn: '2026-12-02' };
    const out = expectOk(reduceCase(c, { action: 'advance' }, ctxFor('assigned')));
    expect(out.changes.stages![0]).toMatchObject({ completedOn: TODAY, lateDays: 3 });
    expect(out.late).toEqual({ clock: 'stage:0', stageIndex: 0, days: 3 });
    expect(out.changes.stages![1]).toMatchObject({ startedOn: TODAY, dueOn: '2026-12-14' });
  });
  it('at the last stage advancing is refused and delivering finishes it; before it delivering is refused', () => {
    const last = caseIn('in_progress', 'deliver');
    expectRefused(reduceCase(last, { action: 'advance' }, ctxFor('assigned')), 'CONFLICT');
    expect(caseActionAvailable('advance', last, 'assigned')).toBe(false);
    const out = expectOk(reduceCase(last, { action: 'deliver', method: 'home' }, ctxFor('assigned')));
    expect(out.changes).toMatchObject({ state: 'delivered' });
    expect(out.changes.stages![2]!.completedOn).toBe(TODAY);
    expectRefused(reduceCase(caseIn('in_progress', 'advance'), { action: 'deliver', method: 'home' }, ctxFor('assigned')), 'CONFLICT');
  });
});

describe('补正 and 中止', () => {
  it('补正完成 returns to the paused state and restarts the running stage from the day materials are complete', () => {
    const c = caseIn('correction');
    const out = expectOk(reduceCase(c, { action: 'complete_correction' }, ctxFor('assigned')));
    expect(out.changes).toMatchObject({ state: 'in_progress', pausedState: null, missing: [] });
    expect(out.changes.stages![0]).toMatchObject({ startedOn: TODAY, dueOn: '2026-12-14' });
    expect(out.entry.data).toEqual({ restartedStage: 'village-to-town' });
  });
  it('补正 before any stage ran returns to where it was without touching stages', () => {
    const out = expectOk(reduceCase(caseIn('correction', undefined, { pausedState: 'accepted', stageIndex: -1, stages: STAGES }), { action: 'complete_correction' }, ctxFor('assigned')));
    expect(out.changes.state).toBe('accepted');
    expect(out.changes.stages).toEqual(STAGES);
  });
  it('中止 records the working days left on the running stage; 续办 gives them back from today', () => {
    const c = caseIn('in_progress', 'suspend');
    c.stages[0] = { ...c.stages[0]!, dueOn: '2026-12-10' };
    const s = expectOk(reduceCase(c, { action: 'suspend', reason: '申请人住院' }, ctxFor('assigned')));
    expect(s.entry.data).toEqual({ reason: '申请人住院', daysLeft: 3 });
    const resumed = expectOk(reduceCase(caseIn('suspended'), { action: 'resume' }, ctxFor('assigned', { suspendedDaysLeft: 3 })));
    expect(resumed.changes).toMatchObject({ state: 'in_progress', pausedState: null });
    expect(resumed.changes.stages![0]!.dueOn).toBe('2026-12-10');
    // No suspension record: the stage's full days.
    expect(expectOk(reduceCase(caseIn('suspended'), { action: 'resume' }, ctxFor('assigned', { suspendedDaysLeft: null }))).changes.stages![0]!.dueOn).toBe('2026-12-14');
  });
});

describe('fees: never a service fee; cash up to 200 yuan only against a receipt', () => {
  const c = caseIn('accepted');
  const fee = (over: Partial<Extract<CaseCommand, { action: 'fee' }>>): CaseCommand => ({ action: 'fee', purpose: 'legal_fee', amountFen: 2000, method: 'cash_to_agent', receiptNo: 'SJ-1', ...over });
  it.each([
    ['a service fee', 'purpose', fee({ purpose: 'service_fee' })],
    ['cash above 200 yuan', 'method', fee({ amountFen: 200_01 })],
    ['cash without a receipt', 'receiptNo', fee({ receiptNo: undefined })],
  ] as const)('refuses %s naming %s', (_what, field, cmd) => {
    expectRefused(reduceCase(c, cmd, ctxFor('assigned')), 'VALIDATION_FAILED', field);
  });
  it('takes exactly 200 yuan cash with a receipt, and any amount paid to the bank; the limit is configurable', () => {
    expect(expectOk(reduceCase(c, fee({ amountFen: 200_00 }), ctxFor('assigned'))).entry.data).toEqual({ purpose: 'legal_fee', amountFen: 200_00, method: 'cash_to_agent', receiptNo: 'SJ-1' });
    expectOk(reduceCase(c, fee({ amountFen: 350_00, method: 'paid_to_bank', receiptNo: undefined }), ctxFor('assigned')));
    expectRefused(reduceCase(c, fee({ amountFen: 150_00 }), { ...ctxFor('assigned'), cashFeeLimitFen: 100_00 }), 'VALIDATION_FAILED', 'method');
  });
  it('a citizen cannot log a fee', () => {
    expectRefused(reduceCase(c, fee({}), ctxFor('owner')), 'FORBIDDEN');
  });
});

describe('ledger-only entries', () => {
  it('a correction names the entry it corrects, which must exist', () => {
    expect(expectOk(reduceCase(caseIn('accepted'), COMMAND.correct_entry, ctxFor('assigned'))).entry).toEqual({ type: 'correct_entry', data: { seq: 1, text: '姓名更正' }, corrects: 1 });
    expectRefused(reduceCase(caseIn('accepted'), COMMAND.correct_entry, ctxFor('assigned', { entryExists: false })), 'VALIDATION_FAILED', 'seq');
  });
});

describe('factsNeeded: the service loads only what the rule reads', () => {
  const agent = { id: 'agent-1', role: 'agent', relation: 'assigned' as const };
  it.each([
    [{ action: 'accept' } as CaseCommand, caseIn('requested'), agent, []],
    [{ action: 'accept' } as CaseCommand, caseIn('requested', 'accept', { agentId: null }), { ...agent, role: 'admin', relation: 'admin' as const }, ['postAgentId']],
    [{ action: 'accept', agentId: 'x' } as CaseCommand, caseIn('requested'), agent, ['targetAgent']],
    [COMMAND.reassign, caseIn('accepted'), agent, ['targetAgent']],
    [COMMAND.handover, caseIn('accepted'), agent, ['materialKeys']],
    [COMMAND.resume, caseIn('suspended'), agent, ['suspendedDaysLeft']],
    [COMMAND.resume, caseIn('suspended', undefined, { pausedState: 'accepted' }), agent, []],
    [COMMAND.confirm_handover, caseIn('handed_over'), agent, ['handoverSeq']],
    [COMMAND.correct_entry, caseIn('accepted'), agent, ['entryExists']],
    [COMMAND.note, caseIn('accepted'), agent, []],
  ].map(([cmd, c, actor, facts], i) => [i, cmd, c, actor, facts] as const))('case %i', (_i, cmd, c, actor, facts) => {
    expect(factsNeeded(cmd as CaseCommand, c as CaseMachineState, actor as typeof agent)).toEqual(facts);
  });
});

describe('openCase: the chain of stages', () => {
  const chainDays = { three: { 'village-to-town': 5, 'town-to-county': 5, 'county-to-dept': 2, dept: 7, back: 7, deliver: 2 }, two: { 'village-to-town': 5, 'town-to-dept': 2, dept: 5, back: 5, deliver: 2 } };
  it('three levels from a village point: six stages, 28 working days; the item’s committed limit for the department', () => {
    const c = openCase({ mode: 'delegate', itemCenterLevel: 'county', receivingLevel: 'village', chainDays, committedLimitDays: 0 }, 'agent-1');
    expect(c).toMatchObject({ state: 'requested', stageIndex: -1, agentId: 'agent-1', authorized: false });
    expect(c.stages.map((s) => s.days)).toEqual([5, 5, 2, 7, 7, 2]);
    const committed = openCase({ mode: 'delegate', itemCenterLevel: 'county', receivingLevel: 'village', chainDays, committedLimitDays: 4 }, null);
    expect(committed.stages.find((s) => s.key === 'dept')!.days).toBe(4);
  });
  it('received at a town: the village stage is skipped; two levels when a town department handles it; county limits apply', () => {
    expect(openCase({ mode: 'help', itemCenterLevel: 'county', receivingLevel: 'town', chainDays, committedLimitDays: 0 }, null).stages).toHaveLength(5);
    const two = openCase({ mode: 'help', itemCenterLevel: 'town', receivingLevel: 'village', chainDays: { ...chainDays, two: { ...chainDays.two, back: 3 } }, committedLimitDays: 0 }, null);
    expect(two.stages.map((s) => s.days)).toEqual([5, 2, 5, 3, 2]);
  });
});
