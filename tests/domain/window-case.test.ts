import {
  WINDOW_CASE_ACTIONS,
  WINDOW_CASE_ACTION_LIST,
  WINDOW_CASE_STATES,
  WorkingCalendar,
  addOpenMinutes,
  caseDaysLate,
  chinaInstant,
  immediateOnTime,
  maskName,
  noticeNumberText,
  openMinutesBetween,
  openWindowCase,
  promisedDate,
  reduceWindowCase,
  windowCaseActions,
  type TWindowCaseAction,
  type TWindowCaseCommand,
  type TWindowCaseSnapshot,
  type TWindowCaseState,
} from '@bianmin/shared';
import { nationalSchedule } from '../../api/src/modules/calendar/national-schedule';

const cal = new WorkingCalendar({ national: nationalSchedule() });
const at = (date: string, hhmm: string) => chinaInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const NOW = at('2026-12-08', '10:00');

const snap = (state: TWindowCaseState, over: Partial<TWindowCaseSnapshot> = {}): TWindowCaseSnapshot => ({
  type: 'committed',
  state,
  received: ['id-card'],
  missing: state === 'supplement' ? ['hukou'] : [],
  firstNotice: state === 'supplement' ? ['hukou'] : [],
  clockFrom: state === 'accepted' ? at('2026-12-08', '09:00').toISOString() : null,
  committedDays: 5,
  promisedOn: state === 'accepted' ? '2026-12-15' : null,
  stages: [],
  ...over,
});

/** A legal command for each action, and the state it leads to. */
const LEGAL: Record<TWindowCaseAction, { cmd: TWindowCaseCommand; to: TWindowCaseState; notice: string | null }> = {
  receive_materials: { cmd: { action: 'receive_materials', received: ['hukou'], missingAfter: [] }, to: 'accepted', notice: 'commitment' },
  request_supplement: { cmd: { action: 'request_supplement', missing: ['hukou'] }, to: 'supplement', notice: 'supplement' },
  complete_stage: { cmd: { action: 'complete_stage', index: 0 }, to: 'accepted', notice: null },
  refuse: { cmd: { action: 'refuse', reason: '不符合条件', legalBasis: '《条例》第三条' }, to: 'refused', notice: 'refusal' },
  complete: { cmd: { action: 'complete', result: '已办结', delivery: 'window' }, to: 'completed', notice: 'completion' },
};

describe('reduceWindowCase: every state × action', () => {
  const table = WINDOW_CASE_STATES.flatMap((s) => WINDOW_CASE_ACTION_LIST.map((a) => [s, a, (WINDOW_CASE_ACTIONS[a] as readonly string[]).includes(s)] as const));
  it.each(table)('from %s, %s → legal: %s', (from, action, legal) => {
    // complete_stage needs a pending stage; complete needs none.
    const stages = action === 'complete_stage' ? [{ name: '部门办理', department: '民政局', days: 3, dueOn: '2026-12-11' }] : [];
    const r = reduceWindowCase(cal, snap(from, { stages }), LEGAL[action].cmd, NOW);
    if (!legal) {
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      return;
    }
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.next.state).toBe(LEGAL[action].to);
    expect(r.notice).toBe(LEGAL[action].notice);
    expect(r.event.type).toBe(action);
  });

  it('when materials are still missing after receiving some, then it stays 补办 with no new notice and no clock', () => {
    const r = reduceWindowCase(cal, snap('supplement', { missing: ['hukou', 'form'] }), { action: 'receive_materials', received: ['hukou'], missingAfter: ['form'] }, NOW);
    expect(r).toMatchObject({ ok: true, notice: null, next: { state: 'supplement', missing: ['form'], clockFrom: null } });
  });

  it('when materials become complete, then the clock restarts from completion (补办件 counts from then)', () => {
    const r = reduceWindowCase(cal, snap('supplement'), LEGAL.receive_materials.cmd, at('2026-09-29', '15:00'));
    // 5 working days from 9/29 across 国庆: 9/30, 10/8, 10/9, 10/10 (Sat, make-up), 10/12.
    expect(r).toMatchObject({ ok: true, next: { clockFrom: at('2026-09-29', '15:00').toISOString(), promisedOn: '2026-10-12' } });
  });

  it('when a later 补正 asks for a material not in the first notice, then it is a breach; one that was listed is not', () => {
    const first = snap('accepted', { firstNotice: ['hukou'] });
    const ok = reduceWindowCase(cal, first, { action: 'request_supplement', missing: ['hukou'] }, NOW);
    expect(ok).toMatchObject({ ok: true, breach: [] });
    const bad = reduceWindowCase(cal, first, { action: 'request_supplement', missing: ['hukou', 'photo'] }, NOW);
    expect(bad).toMatchObject({ ok: true, breach: ['photo'], next: { state: 'supplement', clockFrom: null, promisedOn: null } });
  });

  it('when the first 补正 comes after acceptance, then it becomes the first notice (no breach)', () => {
    const r = reduceWindowCase(cal, snap('accepted'), { action: 'request_supplement', missing: ['photo'] }, NOW);
    expect(r).toMatchObject({ ok: true, breach: [], next: { firstNotice: ['photo'] } });
  });

  it('when stages are pending, then 办结 is refused and stages complete in order only', () => {
    const stages = [
      { name: '甲', department: '民政局', days: 2, dueOn: '2026-12-10' },
      { name: '乙', department: '人社局', days: 3, dueOn: '2026-12-15' },
    ];
    const c = snap('accepted', { type: 'joint', stages });
    expect(reduceWindowCase(cal, c, LEGAL.complete.cmd, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(reduceWindowCase(cal, c, { action: 'complete_stage', index: 1 }, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    const r1 = reduceWindowCase(cal, c, { action: 'complete_stage', index: 0 }, at('2026-12-14', '10:00'));
    expect(r1).toMatchObject({ ok: true, event: { data: { lateDays: 2 } } });
    expect(windowCaseActions(c)).toEqual(['request_supplement', 'complete_stage', 'refuse']);
  });

  it('when a refusal lacks its reason or legal basis, then it names the field', () => {
    expect(reduceWindowCase(cal, snap('accepted'), { action: 'refuse', reason: ' ', legalBasis: 'x' }, NOW)).toMatchObject({ ok: false, field: 'reason' });
    expect(reduceWindowCase(cal, snap('accepted'), { action: 'refuse', reason: 'x', legalBasis: '' }, NOW)).toMatchObject({ ok: false, field: 'legalBasis' });
  });

  it('when 办结 is after the promised date, then it is not on time', () => {
    const r = reduceWindowCase(cal, snap('accepted', { promisedOn: '2026-12-07' }), LEGAL.complete.cmd, NOW);
    expect(r).toMatchObject({ ok: true, onTime: false });
  });
});

describe('openWindowCase', () => {
  it('when materials are missing, then 补办 with a 补正告知书 listing them all and no clock', () => {
    const r = openWindowCase(cal, { type: 'immediate', received: ['id-card'], missing: ['hukou', 'form'], committedDays: 0, stages: [] }, NOW);
    expect(r.notice).toBe('supplement');
    expect(r.next).toMatchObject({ state: 'supplement', missing: ['hukou', 'form'], firstNotice: ['hukou', 'form'], clockFrom: null });
  });
  it('when complete, then 即办 gets a 受理通知书 and 承诺 a 承诺件通知单 with its promised date', () => {
    expect(openWindowCase(cal, { type: 'immediate', received: [], missing: [], committedDays: 0, stages: [] }, NOW).notice).toBe('acceptance');
    const c = openWindowCase(cal, { type: 'committed', received: [], missing: [], committedDays: 3, stages: [] }, NOW);
    expect(c).toMatchObject({ notice: 'commitment', next: { state: 'accepted', promisedOn: '2026-12-11' } });
  });
  it('when 联办 stages are given, then each gets a due date in turn', () => {
    const c = openWindowCase(cal, { type: 'joint', received: [], missing: [], committedDays: 5, stages: [{ name: 'a', department: 'A', days: 2 }, { name: 'b', department: 'B', days: 3 }] }, NOW);
    expect(c.next.stages.map((s) => s.dueOn)).toEqual(['2026-12-10', '2026-12-15']);
    expect(c.next.promisedOn).toBe('2026-12-15');
  });
});

describe('即办: 30 minutes counted in opening hours', () => {
  const day = '2026-12-08'; // Tuesday, 8:30–12:00, 13:00–17:30
  it.each([
    ['09:00', '09:30', 30, true],
    ['09:00', '09:31', 31, false],
    ['11:50', '13:20', 30, true], // 10 before lunch + 20 after
    ['11:50', '13:21', 31, false],
    ['12:10', '13:30', 30, true], // received during lunch: the clock starts at 13:00
    ['17:20', '17:59', 10, true], // after closing does not count
    ['08:00', '08:40', 10, true], // before opening does not count
  ])('from %s to %s → %s minutes, on time %s', (from, to, minutes, onTime) => {
    expect(openMinutesBetween(cal, at(day, from), at(day, to))).toBe(minutes);
    expect(immediateOnTime(cal, at(day, from), at(day, to))).toBe(onTime);
  });
  it('when received just before closing, then the clock runs on the next working day (over a weekend and a holiday)', () => {
    // Wed 2026-09-30, the day before 国庆 (10/1–10/7 off): 10 minutes left that day, 20 more on 10/8 → 08:50.
    expect(addOpenMinutes(cal, at('2026-09-30', '17:20'), 30)!.toISOString()).toBe(at('2026-10-08', '08:50').toISOString());
    expect(openMinutesBetween(cal, at('2026-09-30', '17:20'), at('2026-10-08', '08:50'))).toBe(30);
    expect(addOpenMinutes(cal, at(day, '11:50'), 30)!.toISOString()).toBe(at(day, '13:20').toISOString());
  });
  it('when the center keeps its own hours (8:30–11:30, 14:00–17:00), then lunch is longer', () => {
    const own = new WorkingCalendar({ national: nationalSchedule(), weekly: { 2: [{ start: 510, end: 690 }, { start: 840, end: 1020 }] } });
    expect(openMinutesBetween(own, at(day, '11:20'), at(day, '14:20'))).toBe(30);
  });
});

describe('promised dates and lateness across 国庆 2026 (10/1–10/7 off, 10/10 Sat a make-up working day)', () => {
  it('counts working days from the day after the clock starts', () => {
    expect(promisedDate(cal, at('2026-09-29', '10:00'), 1)).toBe('2026-09-30');
    expect(promisedDate(cal, at('2026-09-29', '10:00'), 2)).toBe('2026-10-08');
    expect(promisedDate(cal, at('2026-09-29', '10:00'), 4)).toBe('2026-10-10');
  });
  it('counts one late day per working day past the promised date', () => {
    expect(caseDaysLate(cal, '2026-09-30', '2026-10-07')).toBe(0);
    expect(caseDaysLate(cal, '2026-09-30', '2026-10-09')).toBe(2);
    expect(caseDaysLate(cal, '2026-09-30', '2026-10-11')).toBe(3);
    expect(caseDaysLate(cal, null, '2026-10-11')).toBe(0);
  });
});

describe('printing helpers', () => {
  it('numbers notices per center and year with four digits', () => {
    expect(noticeNumberText('城关镇便民服务中心', 2026, 1)).toBe('城关镇便民服务中心〔2026〕第0001号');
  });
  it.each([
    ['张三', '张*'],
    ['李小明', '李**'],
    ['欧阳娜娜', '欧阳**'],
    ['王', '王'],
  ])('masks %s as %s', (name, masked) => expect(maskName(name)).toBe(masked));
});
