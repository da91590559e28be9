import request from 'supertest';
import ExcelJS from 'exceljs';
import { ACCEPT_DAYS, addDays, caseClock, chinaDate, type CaseMachineState, type TCaseState, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { calendarFor } from '../../api/src/modules/calendar';
import { sweepOverdue } from '../../api/src/modules/delegations/sweep';

/**
 * Issue 11: 代办 that keeps its promises — clocks from acceptance, the chain from where it was received, one
 * promised date, fair (pending) lapses, calendar recompute, routing by village, agents filing for clients, the 台账.
 */

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let villageAgent: TTokens;
let countyItem: string;
let townItem: string;
const sweep = () => sweepOverdue;

const HANDOVER = [{ key: 'id-card', name: '居民身份证', form: 'original', count: 1 }];

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, villageAgent] = await Promise.all([signInStaff(t, 'admin', tree.county), signInStaff(t, 'admin', tree.town), signInStaff(t, 'agent', tree.village)]);
  const assistance = { help: true, delegate: true, homeVisit: true };
  countyItem = await publishItem(t, countyAdmin, tree.county, buildServiceItem({ code: 'PR-C', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 7, assistance }));
  townItem = await publishItem(t, countyAdmin, tree.town, buildServiceItem({ code: 'PR-T', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 5, assistance }));
});
afterAll(() => t.close());

const steps = (tokens: TTokens, id: string, body: Record<string, unknown>) => request(t.app).post(`/api/delegations/${id}/steps`).set(bearer(tokens)).send(body);
const HOME = { reason: 'elderly', address: '东庄村三组12号', preferredTime: '工作日上午' };
const today = () => chinaDate(new Date());

describe('every state has a clock (table)', () => {
  const base: CaseMachineState = {
    state: 'requested',
    pausedState: null,
    mode: 'help',
    authorized: false,
    handover: '',
    handoverConfirmed: false,
    deliveryConfirmed: false,
    agentId: 'a',
    stages: [
      { key: 'village-to-town', name: '村', days: 5, holder: 'agent', startedOn: '2026-12-01', dueOn: '2026-12-08' },
      { key: 'town-to-county', name: '乡', days: 5, holder: 'town' },
    ],
    stageIndex: 0,
    missing: [],
    acceptDueOn: '2026-12-02',
    closeDueOn: '2026-12-20',
    promisedOn: '2027-01-10',
  };
  const rows: [TCaseState, { dueOn: string | null; holder: string | null; paused: boolean; key: string }][] = [
    ['requested', { dueOn: '2026-12-02', holder: 'agent', paused: false, key: 'accept' }],
    ['accepted', { dueOn: '2026-12-08', holder: 'agent', paused: false, key: 'stage:0' }],
    ['handed_over', { dueOn: '2026-12-08', holder: 'agent', paused: false, key: 'stage:0' }],
    ['in_progress', { dueOn: '2026-12-08', holder: 'agent', paused: false, key: 'stage:0' }],
    ['correction', { dueOn: null, holder: null, paused: true, key: '' }],
    ['suspended', { dueOn: null, holder: null, paused: true, key: '' }],
    ['delivered', { dueOn: '2026-12-20', holder: 'agent', paused: false, key: 'close' }],
    ['completed', { dueOn: null, holder: null, paused: false, key: '' }],
    ['followed_up', { dueOn: null, holder: null, paused: false, key: '' }],
    ['refused', { dueOn: null, holder: null, paused: false, key: '' }],
    ['withdrawn', { dueOn: null, holder: null, paused: false, key: '' }],
  ];
  it.each(rows)('%s', (state, want) => {
    expect(caseClock({ ...base, state })).toMatchObject(want);
  });
  it('a running town stage is held by the town', () => {
    const s = { ...base, state: 'in_progress' as const, stageIndex: 1, stages: [{ ...base.stages[0]!, completedOn: '2026-12-05' }, { ...base.stages[1]!, startedOn: '2026-12-05', dueOn: '2026-12-12' }] };
    expect(caseClock(s)).toMatchObject({ key: 'stage:1', holder: 'town', dueOn: '2026-12-12' });
  });
});

describe('the chain from where it was received, and one promised date', () => {
  it('a county item received at the county has no village or town stage (2+7+7+2 = 18 working days)', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', contactPhone: '13912341000' }).expect(201);
    expect(res.body.stages.map((s: { key: string }) => s.key)).toEqual(['county-to-dept', 'dept', 'back', 'deliver']);
    expect(res.body.stages.reduce((n: number, s: { days: number }) => n + s.days, 0)).toBe(18);
    expect(res.body.stages.find((s: { key: string }) => s.key === 'town-to-county')).toBeUndefined();
  });
  it('routes by village: the village agent takes it, runs 5/5/2/7/7/2 and the promise is 28 working days from acceptance', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'home', home: HOME, villageId: tree.village, contactPhone: '13912341001' }).expect(201);
    expect(res.body).toMatchObject({ centerId: tree.village, agentId: villageAgent.user.id, state: 'requested', promisedOn: null });
    expect(res.body.stages.map((s: { days: number }) => s.days)).toEqual([5, 5, 2, 7, 7, 2]);
    const cal = await calendarFor(tree.village);
    expect(res.body.dueOn).toBe(cal.addWorkingDays(today(), ACCEPT_DAYS));
    const seen = await request(t.app).get('/api/delegations').set(bearer(villageAgent)).expect(200);
    expect(seen.body.items.map((x: { id: string }) => x.id)).toContain(res.body.id);
    const acc = await steps(villageAgent, res.body.id, { action: 'accept' }).expect(201);
    expect(acc.body.case.promisedOn).toBe(cal.addWorkingDays(today(), 28));
    expect(acc.body.case.dueOn).toBe(cal.addWorkingDays(today(), 5));
    expect(acc.body.case.stages[0]).toMatchObject({ startedOn: today(), holder: 'agent' });
    const mine = await request(t.app).get(`/api/delegations/${res.body.id}`).set(bearer(c)).expect(200);
    expect(mine.body).toMatchObject({ promisedOn: acc.body.case.promisedOn, promiseReason: '' });
    // The citizen is told the promised date (once, keyed by case and date).
    const notice = await t.db.collection('outboxes').findOne({ _id: `delegation-promise:${res.body.id}:${acc.body.case.promisedOn}` as never });
    expect(notice).toMatchObject({ kind: 'delegation_promise', userId: expect.anything() });
    expect(String(notice!.body)).toContain('承诺');
  });
  it('a village of another county is refused with a clear Chinese message', async () => {
    const other = await seedTree();
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: other.village, contactPhone: '13912341002' }).expect(400);
    expect(res.body.error.message).toBe('所选村（社区）不在本事项所属县，无法受理，请选择本县的村（社区）');
    expect(res.body.error.message).not.toMatch(/villageId/);
    expect(res.body.error.details[0].field).toBe('villageId');
  });
  it('a village point without an agent sends the case to the town', async () => {
    const { Center } = await import('../../api/src/modules/centers/center.model');
    const lonely = await Center.create({ code: `V2-${Date.now()}`, name: '西村代办点', level: 'village', parentId: tree.town, ancestors: [tree.county, tree.town] });
    const { invalidateCenters } = await import('../../api/src/modules/centers');
    invalidateCenters();
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: townItem, mode: 'help', villageId: String(lonely._id), contactPhone: '13912341003' }).expect(201);
    expect(res.body).toMatchObject({ centerId: tree.town, agentId: null });
    expect(res.body.stages.map((s: { key: string }) => s.key)).toEqual(['town-to-dept', 'dept', 'back', 'deliver']);
  });
  it('补正 moves the promise and says why; the citizen sees the new date and the reason in the 台账', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: tree.village, contactPhone: '13912341004' }).expect(201);
    const acc = await steps(villageAgent, res.body.id, { action: 'accept' }).expect(201);
    // Accepted long ago: move the running stage back so the restart visibly moves the promise.
    const { Types } = await import('mongoose');
    const cal = await calendarFor(tree.village);
    const back = addDays(today(), -7);
    await t.db.collection('delegations').updateOne(
      { _id: new Types.ObjectId(res.body.id) },
      { $set: { 'stages.0.startedOn': back, 'stages.0.clockFrom': back, 'stages.0.dueOn': cal.addWorkingDays(back, 5), promisedOn: cal.addWorkingDays(back, 28) } },
    );
    await steps(villageAgent, res.body.id, { action: 'request_correction', missing: ['户口簿'] }).expect(201);
    const done = await steps(villageAgent, res.body.id, { action: 'complete_correction' }).expect(201);
    expect(done.body.case.promisedOn).toBe(acc.body.case.promisedOn);
    expect(done.body.case.promiseReason).toContain('补正');
    const ledger = await request(t.app).get(`/api/delegations/${res.body.id}/ledger`).set(bearer(c)).expect(200);
    const entry = ledger.body.items.find((e: { type: string }) => e.type === 'complete_correction');
    expect(entry.data).toMatchObject({ promisedOn: acc.body.case.promisedOn, promisedBefore: cal.addWorkingDays(back, 28) });
    expect(entry.data.promiseReason).toContain('补正');
  });
});

describe('fair lapses', () => {
  it('a case left accepted for 6 working days becomes a pending lapse charged to the agent; the county admin (no supervisor) confirms or dismisses', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: tree.village, contactPhone: '13912341005' }).expect(201);
    await steps(villageAgent, res.body.id, { action: 'accept' }).expect(201);
    const cal = await calendarFor(tree.village);
    const later = new Date(`${cal.addWorkingDays(today(), 6)}T10:00:00+08:00`);
    await sweep()(later);
    await sweep()(later);
    const list = await request(t.app).get(`/api/delegations/${res.body.id}/lapses`).set(bearer(countyAdmin)).expect(200);
    expect(list.body.mayDecide).toBe(true);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ status: 'pending', holder: 'agent', agentId: villageAgent.user.id, centerId: tree.village });
    await request(t.app).get(`/api/delegations/${res.body.id}/lapses`).set(bearer(c)).expect(403);
    const lapseId = list.body.items[0].id as string;
    // The town admin may not decide; a dismissal needs a reason.
    await request(t.app).post(`/api/delegations/${res.body.id}/lapses/decide`).set(bearer(townAdmin)).send({ lapseId, decision: 'confirm' }).expect(403);
    const noReason = await request(t.app).post(`/api/delegations/${res.body.id}/lapses/decide`).set(bearer(countyAdmin)).send({ lapseId, decision: 'dismiss' }).expect(400);
    expect(noReason.body.error.message).not.toMatch(/reason/);
    const ok = await request(t.app).post(`/api/delegations/${res.body.id}/lapses/decide`).set(bearer(countyAdmin)).send({ lapseId, decision: 'dismiss', reason: '村里停电，系统无法登记' }).expect(200);
    expect(ok.body).toMatchObject({ status: 'dismissed', decisionReason: '村里停电，系统无法登记' });
    await request(t.app).post(`/api/delegations/${res.body.id}/lapses/decide`).set(bearer(countyAdmin)).send({ lapseId, decision: 'confirm' }).expect(409);
  });
  it('a late department stage is charged to the department, not the agent', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: tree.village, contactPhone: '13912341006' }).expect(201);
    const id = res.body.id as string;
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(201);
    for (let i = 0; i < 4; i++) await steps(villageAgent, id, { action: 'advance' }).expect(201);
    const now = await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent)).expect(200);
    expect(now.body.stages[now.body.stageIndex]).toMatchObject({ key: 'dept', holder: 'dept' });
    const cal = await calendarFor(tree.village);
    await sweep()(new Date(`${cal.addWorkingDays(now.body.dueOn, 2)}T10:00:00+08:00`));
    const list = await request(t.app).get(`/api/delegations/${id}/lapses`).set(bearer(countyAdmin)).expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.every((l: { holder: string; agentId: string | null; centerId: string; status: string }) => l.holder === 'dept' && l.agentId === null && l.centerId === tree.county && l.status === 'pending')).toBe(true);
  });
});

describe('calendar changes', () => {
  // Deadlines count legal working days (README decision): a national holiday added moves them; a center's own
  // closure does not move a citizen's deadline.
  it('due dates of open cases move when a holiday is added to the schedule, with a system entry in the 台账', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: tree.village, contactPhone: '13912341007' }).expect(201);
    const acc = await steps(villageAgent, res.body.id, { action: 'accept' }).expect(201);
    const cal = await calendarFor(tree.village);
    const closed = cal.addWorkingDays(today(), 2);
    await request(t.app).put('/api/admin/calendar/days').set(bearer(countyAdmin)).send({ scope: 'national', date: closed, kind: 'holiday', name: '临时调休' }).expect(200);
    const after = await request(t.app).get(`/api/delegations/${res.body.id}`).set(bearer(c)).expect(200);
    const cal2 = await calendarFor(tree.village);
    expect(after.body.dueOn).toBe(cal2.addWorkingDays(today(), 5));
    expect(after.body.dueOn > acc.body.case.dueOn).toBe(true);
    expect(after.body.promisedOn > acc.body.case.promisedOn).toBe(true);
    expect(after.body.promiseReason).toContain('工作日历');
    expect(await t.db.collection('outboxes').countDocuments({ _id: `delegation-promise:${res.body.id}:${after.body.promisedOn}` as never })).toBe(1);
    const ledger = await request(t.app).get(`/api/delegations/${res.body.id}/ledger`).set(bearer(c)).expect(200);
    expect(ledger.body.items.at(-1)).toMatchObject({ type: 'recompute', actorRole: 'system', data: { promisedBefore: acc.body.case.promisedOn, promisedOn: after.body.promisedOn } });
  });
});

describe('routing and reassign', () => {
  it('a town case reassigned by the town admin to the village agent succeeds and moves to the village', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: townItem, mode: 'home', home: HOME, contactPhone: '13912341008' }).expect(201);
    expect(res.body.centerId).toBe(tree.town);
    const r = await steps(townAdmin, res.body.id, { action: 'reassign', agentId: villageAgent.user.id, reason: '东庄村代办员就近上门' }).expect(201);
    expect(r.body.case).toMatchObject({ agentId: villageAgent.user.id, centerId: tree.village });
    expect(r.body.case.stages.map((s: { key: string }) => s.key)).toEqual(['village-to-town', 'town-to-dept', 'dept', 'back', 'deliver']);
    await steps(villageAgent, res.body.id, { action: 'accept' }).expect(201);
  });
});

describe('agents filing for clients', () => {
  it('files for a client without an ID number, records the paper 委托书 at acceptance, and is never offered the citizen’s steps', async () => {
    const res = await request(t.app).post('/api/delegations').set(bearer(villageAgent)).send({ itemId: countyItem, mode: 'delegate', person: { name: '王奶奶' }, contactPhone: '13912341009' }).expect(201);
    expect(res.body).toMatchObject({ personName: '王奶奶', agentId: villageAgent.user.id, authorized: false });
    expect(res.body.actions).not.toContain('withdraw');
    const acc = await steps(villageAgent, res.body.id, { action: 'accept', paper: { ref: 'WT-2026-001' } }).expect(201);
    expect(acc.body.case.authorized).toBe(true);
    expect(acc.body.case.actions).not.toContain('authorize');
    await steps(villageAgent, res.body.id, { action: 'handover', lines: HANDOVER }).expect(201);
    const after = await request(t.app).get(`/api/delegations/${res.body.id}`).set(bearer(villageAgent)).expect(200);
    for (const a of ['confirm_handover', 'confirm_delivery', 'withdraw']) expect(after.body.actions).not.toContain(a);
    const ledger = await request(t.app).get(`/api/delegations/${res.body.id}/ledger`).set(bearer(villageAgent)).expect(200);
    expect(ledger.body.items.find((e: { type: string }) => e.type === 'accept').data.paper).toBe('WT-2026-001');
  });
});

describe('a complete 台账', () => {
  it('the Excel and CSV exports equal the API cell for cell: rating, fees and receipts, promised and actual dates, late days and holders per stage', async () => {
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: tree.village, contactPhone: '13912341010' }).expect(201);
    const id = res.body.id as string;
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(201);
    await steps(villageAgent, id, { action: 'fee', purpose: 'legal_fee', amountFen: 1500, method: 'cash_to_agent', receiptNo: 'SJ-0001' }).expect(201);
    await steps(villageAgent, id, { action: 'fee', purpose: 'legal_fee', amountFen: 2050, method: 'paid_to_bank', receiptNo: 'YH-0002' }).expect(201);
    for (let i = 0; i < 6; i++) await steps(villageAgent, id, { action: 'advance' }).expect(201);
    await steps(villageAgent, id, { action: 'deliver', method: 'in_person' }).expect(201);
    await steps(villageAgent, id, { action: 'complete', result: '已办结，证件已送达' }).expect(201);
    await request(t.app).post('/api/ratings').set(bearer(c)).send({ subject: { kind: 'case', id }, level: 4, dims: { overall: 4, efficiency: 4, service: 4, attitude: 4 } }).expect(201);

    const api = await request(t.app).get(`/api/admin/delegations/ledger?centerId=${tree.town}`).set(bearer(townAdmin)).expect(200);
    const { columns, rows } = api.body as { columns: string[]; rows: string[][] };
    const row = rows.find((r) => r[columns.indexOf('件号')] === (res.body.code as string))!;
    const cell = (name: string) => row[columns.indexOf(name)];
    expect(cell('群众评价')).toBe('满意');
    expect(cell('规费（元）')).toBe('35.50');
    expect(cell('收据号')).toBe('SJ-0001、YH-0002');
    expect(cell('办结日期')).toBe(today());
    expect(cell('承诺办结日')).toBe((await calendarFor(tree.village)).addWorkingDays(today(), 28));
    expect(cell('超期合计（工作日）')).toBe('0');
    expect(cell('各环节经办')).toContain('部门办理：办理部门');
    expect(cell('各环节经办')).toContain('乡镇报送县中心：乡镇中心');
    expect(cell('各环节超期（工作日）')).toContain('部门办理：0');

    const x = await request(t.app)
      .get(`/api/admin/delegations/export?centerId=${tree.town}&format=xlsx`)
      .set(bearer(townAdmin))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (b: Buffer) => chunks.push(b));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    const buf = x.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('代办台账')!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(columns);
    expect(ws.rowCount).toBe(rows.length + 2);
    rows.forEach((r, i) => {
      const sheet = ws.getRow(i + 3);
      r.forEach((v, j) => expect(String(sheet.getCell(j + 1).value ?? '')).toBe(v));
    });

    const csv = await request(t.app).get(`/api/admin/delegations/export?centerId=${tree.town}&format=csv`).set(bearer(townAdmin)).expect(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(columns.join(','));
    expect(lines.slice(1)).toEqual(rows.map((r) => r.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')));
  });
});

describe('where the county has a supervisor', () => {
  it('the supervisor confirms a pending lapse; the county admin no longer may', async () => {
    const username = `sup-${Date.now()}`;
    await t.auth.createStaffAccount({ username, password: 'Secret#123', name: '督查员', role: 'supervisor', centerId: tree.county });
    const sup = (await request(t.app).post('/api/auth/password').send({ username, password: 'Secret#123' }).expect(200)).body as TTokens;
    const c = await signInCitizen(t);
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: countyItem, mode: 'help', villageId: tree.village, contactPhone: '13912341011' }).expect(201);
    await steps(villageAgent, res.body.id, { action: 'accept' }).expect(201);
    const cal = await calendarFor(tree.village);
    await sweep()(new Date(`${cal.addWorkingDays(today(), 6)}T10:00:00+08:00`));
    const seen = await request(t.app).get(`/api/delegations/${res.body.id}/lapses`).set(bearer(sup)).expect(200);
    expect(seen.body.mayDecide).toBe(true);
    const lapseId = seen.body.items[0].id as string;
    expect((await request(t.app).get(`/api/delegations/${res.body.id}/lapses`).set(bearer(countyAdmin)).expect(200)).body.mayDecide).toBe(false);
    await request(t.app).post(`/api/delegations/${res.body.id}/lapses/decide`).set(bearer(countyAdmin)).send({ lapseId, decision: 'confirm' }).expect(403);
    const ok = await request(t.app).post(`/api/delegations/${res.body.id}/lapses/decide`).set(bearer(sup)).send({ lapseId, decision: 'confirm' }).expect(200);
    expect(ok.body.status).toBe('confirmed');
  });
});
