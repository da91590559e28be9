import request from 'supertest';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { chinaDate, ZDelegationCase, ZLedgerList, ZStepAnswer, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let town2Admin: TTokens;
let villageAgent: TTokens;
let villageAgent2: TTokens;
let town2Agent: TTokens;
let itemId: string;

const HANDOVER = [
  { key: 'id-card', name: '居民身份证', form: 'original', count: 1 },
  { key: 'hukou', name: '户口簿', form: 'original_and_copy', count: 1 },
];

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, town2Admin, villageAgent, villageAgent2, town2Agent] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'agent', tree.village),
    signInStaff(t, 'agent', tree.village),
    signInStaff(t, 'agent', tree.town2),
  ]);
  itemId = await publishItem(t, countyAdmin, tree.county, buildServiceItem({ code: 'DB-1', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 7, assistance: { help: true, delegate: true, homeVisit: true } }));
});
afterAll(() => t.close());

const steps = (tokens: TTokens, id: string, body: Record<string, unknown>) => request(t.app).post(`/api/delegations/${id}/steps`).set(bearer(tokens)).send(body);

async function newCase(citizen: TTokens, mode = 'delegate'): Promise<string> {
  const res = await request(t.app).post('/api/delegations').set(bearer(villageAgent)).send({
    itemId,
    mode,
    contactPhone: '13912340000',
    person: { name: '张大爷', idNumber: '110101194001010012' },
    ...(mode === 'home' ? { home: { reason: 'elderly', address: '东村三组12号', preferredTime: '工作日上午' } } : {}),
  });
  expect(res.status).toBe(201);
  void citizen;
  return res.body.id as string;
}

describe('requests (refusals first)', () => {
  it('when not signed in, then 401; staff cannot file, citizens cannot see others’ cases', async () => {
    await request(t.app).post('/api/delegations').send({ itemId, mode: 'help', contactPhone: '13912340000' }).expect(401);
    const c1 = await signInCitizen(t);
    const c2 = await signInCitizen(t);
    const mine = await request(t.app).post('/api/delegations').set(bearer(c1)).send({ itemId, mode: 'help', contactPhone: '13912340001' }).expect(201);
    await request(t.app).get(`/api/delegations/${mine.body.id}`).set(bearer(c2)).expect(404);
    await steps(c2, mine.body.id, { action: 'withdraw' }).expect(404);
    await request(t.app).get(`/api/delegations/${mine.body.id}`).set(bearer(town2Agent)).expect(404);
    await request(t.app).get(`/api/delegations/${mine.body.id}`).set(bearer(town2Admin)).expect(404);
    expect((await request(t.app).get('/api/delegations').set(bearer(c2)).expect(200)).body.items).toEqual([]);
  });
  it('when 上门服务 lacks reason and address, or an agent omits the person, then 400 naming the field', async () => {
    const c = await signInCitizen(t);
    const a = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId, mode: 'home', contactPhone: '13912340000' }).expect(400);
    expect(a.body.error.details[0].field).toBe('home');
    const b = await request(t.app).post('/api/delegations').set(bearer(villageAgent)).send({ itemId, mode: 'delegate', contactPhone: '13912340000' }).expect(400);
    expect(b.body.error.details[0].field).toBe('person');
    expect(await t.db.collection('delegations').countDocuments({ personName: { $exists: false } })).toBe(0);
  });
  it('when the citizen files it, the phone is theirs in full; another agent of the chain sees it masked; only the handling agent sees the ID number', async () => {
    const id = await newCase(await signInCitizen(t));
    const own = await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent)).expect(200);
    expect(own.body).toMatchObject({ personPhone: '13912340000', personIdNumber: '110101194001010012', state: 'requested' });
    const other = await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent2)).expect(200);
    expect(other.body.personPhone).toBe('139****0000');
    expect(other.body.personIdNumber).toBeUndefined();
    const admin = await request(t.app).get(`/api/delegations/${id}`).set(bearer(townAdmin)).expect(200);
    expect(admin.body.personIdNumber).toBeUndefined();
    const raw = JSON.stringify(await t.db.collection('delegations').findOne({ _id: new Types.ObjectId(id) }));
    expect(raw).not.toContain('110101194001010012');
    expect(own.body.stages.map((s: { key: string }) => s.key)).toEqual(['village-to-town', 'town-to-county', 'county-to-dept', 'dept', 'back', 'deliver']);
    expect(own.body.stages.find((s: { key: string }) => s.key === 'dept').days).toBe(7);
  });
});

describe('contract', () => {
  it('when a case is read, then the body parses with the shared ZDelegationCase, and steps and ledger with theirs', async () => {
    const id = await newCase(await signInCitizen(t));
    const got = await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent)).expect(200);
    expect(ZDelegationCase.parse(got.body)).toEqual(got.body);
    const step = await steps(villageAgent, id, { action: 'accept' }).expect(201);
    expect(ZStepAnswer.parse(step.body).case.state).toBe('accepted');
    const ledger = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(villageAgent)).expect(200);
    expect(ZLedgerList.parse(ledger.body).items.map((e) => e.seq)).toEqual([1, 2]);
  });
  it('when the agent reads a running case, then actions offer exactly the steps the API accepts', async () => {
    const id = await newCase(await signInCitizen(t), 'help');
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(201);
    const handed = await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent)).expect(200);
    expect(handed.body.actions).toEqual(['advance', 'request_correction', 'suspend', 'refuse']);
    await steps(villageAgent, id, { action: 'deliver', method: 'home' }).expect(409);
    await steps(villageAgent, id, { action: 'authorize', paper: { ref: 'X-1' } }).expect(409);
  });
});

describe('lifecycle', () => {
  it('walks the whole chain: accept → authorize → handover → six stages → deliver → complete → follow-up, all in the ledger', async () => {
    const id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(409);
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    const noAuth = await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(409);
    expect(noAuth.body.error.message).toMatch(/委托/);
    const paper = await steps(villageAgent, id, { action: 'authorize' }).expect(400);
    expect(paper.body.error.details[0].field).toBe('paper');
    await steps(villageAgent, id, { action: 'authorize', paper: { ref: 'WT-2026-001' } }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER, signedOnPaper: true }).expect(201);
    expect((await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent)).expect(200)).body.handoverConfirmed).toBe(true);
    for (let i = 0; i < 6; i++) {
      const r = await steps(villageAgent, id, { action: 'advance' }).expect(201);
      expect(r.body.case.stageIndex).toBe(i);
      expect(r.body.case.dueOn).toBeTruthy();
    }
    await steps(villageAgent, id, { action: 'advance' }).expect(409);
    await steps(villageAgent, id, { action: 'deliver', method: 'home' }).expect(201);
    await steps(villageAgent, id, { action: 'complete', result: '已办结，证件已送达' }).expect(201);
    const done = await steps(villageAgent, id, { action: 'follow_up', satisfied: true }).expect(201);
    expect(done.body.case.state).toBe('followed_up');
    const ledger = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(villageAgent)).expect(200);
    expect(ledger.body.items.map((e: { type: string }) => e.type)).toEqual(['request', 'accept', 'authorize', 'handover', 'advance', 'advance', 'advance', 'advance', 'advance', 'advance', 'deliver', 'complete', 'follow_up']);
    const v = await request(t.app).get(`/api/delegations/${id}/ledger/verify`).set(bearer(villageAgent)).expect(200);
    expect(v.body).toEqual({ ok: true, entries: 13 });
  });
  it('refuses every illegal transition with 409 naming the current state, and writes nothing', async () => {
    const id = await newCase(await signInCitizen(t));
    for (const body of [{ action: 'advance' }, { action: 'deliver', method: 'home' }, { action: 'complete', result: 'x' }, { action: 'follow_up', satisfied: true }, { action: 'resume' }, { action: 'complete_correction' }]) {
      const res = await steps(villageAgent, id, body).expect(409);
      expect(res.body.error.state).toBe('requested');
    }
    expect(await t.db.collection('ledgerentries').countDocuments({ caseId: new Types.ObjectId(id) })).toBe(1);
  });
  it('lets the citizen withdraw and confirm authorization in the app, but not act for the agent', async () => {
    const c = await signInCitizen(t);
    const mine = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId, mode: 'delegate', contactPhone: '13912340009' }).expect(201);
    await steps(c, mine.body.id, { action: 'accept' }).expect(403);
    await steps(c, mine.body.id, { action: 'fee', purpose: 'legal_fee', amountFen: 100, method: 'paid_to_bank' }).expect(403);
    const before = await request(t.app).get(`/api/delegations/${mine.body.id}`).set(bearer(c)).expect(200);
    expect(before.body.actions).toEqual(['authorize', 'withdraw']);
    await steps(c, mine.body.id, { action: 'authorize' }).expect(201);
    await steps(c, mine.body.id, { action: 'authorize' }).expect(409);
    const after = await request(t.app).get(`/api/delegations/${mine.body.id}`).set(bearer(c)).expect(200);
    expect(after.body.actions).toEqual(['withdraw']);
    await steps(c, mine.body.id, { action: 'confirm_handover' }).expect(409);
    await steps(villageAgent, mine.body.id, { action: 'accept' }).expect(404);
    await steps(townAdmin, mine.body.id, { action: 'accept', agentId: villageAgent.user.id }).expect(404);
    // An agent of another county: refused in plain Chinese, the field only in details.
    const elsewhere = await signInStaff(t, 'agent', (await seedTree()).village);
    const wrongAgent = await steps(countyAdmin, mine.body.id, { action: 'accept', agentId: elsewhere.user.id }).expect(400);
    expect(wrongAgent.body.error.details[0].field).toBe('agentId');
    expect(wrongAgent.body.error.message).toBe('该代办员不属于本县，不能指派或改派到外县');
    const w = await steps(c, mine.body.id, { action: 'withdraw', reason: '自己去办' }).expect(201);
    expect(w.body.case.state).toBe('withdrawn');
    await steps(c, mine.body.id, { action: 'withdraw' }).expect(409);
  });
  it('shows the citizen’s note to the agent, offers the citizen the handover confirmation once, and delivery confirmation once', async () => {
    const c = await signInCitizen(t);
    const mine = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId, mode: 'help', contactPhone: '13912340010', note: '腿脚不便，请下午来电' }).expect(201);
    const id = mine.body.id;
    const county = await signInStaff(t, 'agent', tree.county);
    expect((await request(t.app).get(`/api/delegations/${id}`).set(bearer(county)).expect(200)).body.note).toBe('腿脚不便，请下午来电');
    await steps(county, id, { action: 'accept' }).expect(201);
    await steps(county, id, { action: 'handover', lines: HANDOVER }).expect(201);
    expect((await request(t.app).get(`/api/delegations/${id}`).set(bearer(c)).expect(200)).body.actions).toContain('confirm_handover');
    await steps(c, id, { action: 'confirm_handover' }).expect(201);
    await steps(c, id, { action: 'confirm_handover' }).expect(409);
    const after = await request(t.app).get(`/api/delegations/${id}`).set(bearer(c)).expect(200);
    expect(after.body).toMatchObject({ handoverConfirmed: true });
    expect(after.body.actions).not.toContain('confirm_handover');
    // Received at the county: four stages (the village and town stages are skipped).
    expect(after.body.stages.map((s: { key: string }) => s.key)).toEqual(['county-to-dept', 'dept', 'back', 'deliver']);
    for (let i = 0; i < 4; i++) await steps(county, id, { action: 'advance' }).expect(201);
    await steps(county, id, { action: 'deliver', method: 'window' }).expect(201);
    await steps(c, id, { action: 'confirm_delivery' }).expect(201);
    await steps(c, id, { action: 'confirm_delivery' }).expect(409);
    expect((await request(t.app).get(`/api/delegations/${id}`).set(bearer(c)).expect(200)).body.actions).toEqual([]);
  });
  it('补正 pauses the case and restarts the running stage’s clock when materials are complete', async () => {
    const id = await newCase(await signInCitizen(t), 'help');
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(201);
    await steps(villageAgent, id, { action: 'advance' }).expect(201);
    const corr = await steps(villageAgent, id, { action: 'request_correction', missing: ['户口簿复印件', '近期一寸照片2张'] }).expect(201);
    expect(corr.body.case).toMatchObject({ state: 'correction', missing: ['户口簿复印件', '近期一寸照片2张'], dueOn: null });
    await steps(villageAgent, id, { action: 'advance' }).expect(409);
    const back = await steps(villageAgent, id, { action: 'complete_correction' }).expect(201);
    expect(back.body.case.state).toBe('in_progress');
    expect(back.body.case.stages[0].startedOn).toBe(chinaDate(new Date()));
    expect(back.body.case.missing).toEqual([]);
  });
  it('suspends and resumes with a reason, keeping the days left', async () => {
    const id = await newCase(await signInCitizen(t), 'help');
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(201);
    await steps(villageAgent, id, { action: 'advance' }).expect(201);
    await steps(villageAgent, id, { action: 'suspend' }).expect(400);
    await steps(villageAgent, id, { action: 'suspend', reason: '申请人住院' }).expect(201);
    const r = await steps(villageAgent, id, { action: 'resume' }).expect(201);
    expect(r.body.case.state).toBe('in_progress');
  });
});

describe('fees', () => {
  let id: string;
  beforeAll(async () => {
    id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
  });
  it('refuses any service fee', async () => {
    const res = await steps(villageAgent, id, { action: 'fee', purpose: 'service_fee', amountFen: 500, method: 'cash_to_agent', receiptNo: 'R1' }).expect(400);
    expect(res.body.error.message).toMatch(/免费/);
  });
  it('takes cash up to 200 yuan only against a receipt; above, only a bank payment', async () => {
    await steps(villageAgent, id, { action: 'fee', purpose: 'legal_fee', amountFen: 2000, method: 'cash_to_agent' }).expect(400);
    await steps(villageAgent, id, { action: 'fee', purpose: 'legal_fee', amountFen: 2000, method: 'cash_to_agent', receiptNo: 'SJ-0001' }).expect(201);
    const over = await steps(villageAgent, id, { action: 'fee', purpose: 'legal_fee', amountFen: 200_01, method: 'cash_to_agent', receiptNo: 'SJ-0002' }).expect(400);
    expect(over.body.error.details[0].field).toBe('method');
    await steps(villageAgent, id, { action: 'fee', purpose: 'legal_fee', amountFen: 350_00, method: 'paid_to_bank' }).expect(201);
    const fees = await t.db.collection('ledgerentries').find({ caseId: new Types.ObjectId(id), type: 'fee' }).sort({ seq: 1 }).toArray();
    expect(fees.map((f) => f.data.amountFen)).toEqual([2000, 35000]);
  });
});

describe('the ledger holds', () => {
  it('when two agents log on one case at the same moment, 50 times, then all entries are kept and the chain is valid', async () => {
    const id = await newCase(await signInCitizen(t));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => [
        steps(villageAgent, id, { action: 'note', text: `甲记录${i}` }),
        steps(villageAgent2, id, { action: 'note', text: `乙记录${i}` }),
      ]).flat(),
    ).then((rs) => rs.forEach((r) => expect(r.status).toBe(201)));
    const v = await request(t.app).get(`/api/delegations/${id}/ledger/verify`).set(bearer(villageAgent)).expect(200);
    expect(v.body).toEqual({ ok: true, entries: 101 });
  });
  it('when two agents try the same transition at once, then exactly one moves the case', async () => {
    const id = await newCase(await signInCitizen(t));
    const rs = await Promise.all([steps(villageAgent, id, { action: 'accept' }), steps(villageAgent2, id, { action: 'accept' })]);
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await t.db.collection('ledgerentries').countDocuments({ caseId: new Types.ObjectId(id), type: 'accept' })).toBe(1);
  });
  it('when the same queued step is sent 5 times (also at once), then one entry exists', async () => {
    const id = await newCase(await signInCitizen(t));
    const body = { action: 'accept', clientKey: 'offline-step-0001', clientAt: new Date(Date.now() - 3_600_000).toISOString() };
    const first = await steps(villageAgent, id, body).expect(201);
    for (let i = 0; i < 4; i++) {
      const again = await steps(villageAgent, id, body).expect(200);
      expect(again.body.replay).toBe(true);
    }
    const note = { action: 'note', text: '离线记录', clientKey: 'offline-step-0002' };
    const rs = await Promise.all(Array.from({ length: 5 }, () => steps(villageAgent, id, note)));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 200)).toHaveLength(4);
    expect(first.body.case.state).toBe('accepted');
    const entries = await t.db.collection('ledgerentries').find({ caseId: new Types.ObjectId(id) }).sort({ seq: 1 }).toArray();
    expect(entries.map((e) => e.type)).toEqual(['request', 'accept', 'note']);
    expect(entries[1].clientAt).toEqual(new Date(body.clientAt));
  });
  it('when an entry is changed directly in the database, then verify names exactly that entry', async () => {
    const id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'note', text: '收到材料' }).expect(201);
    await steps(villageAgent, id, { action: 'note', text: '已报送' }).expect(201);
    await t.db.collection('ledgerentries').updateOne({ caseId: new Types.ObjectId(id), seq: 3 }, { $set: { 'data.text': '未收到材料' } });
    const v = await request(t.app).get(`/api/delegations/${id}/ledger/verify`).set(bearer(villageAgent)).expect(200);
    expect(v.body).toMatchObject({ ok: false, broken: { caseId: id, seq: 3, reason: 'hash' } });
    const center = await request(t.app).get(`/api/admin/ledger/verify?centerId=${tree.town}`).set(bearer(townAdmin)).expect(200);
    expect(center.body).toMatchObject({ ok: false, broken: { caseId: id, seq: 3 } });
    await request(t.app).get(`/api/admin/ledger/verify?centerId=${tree.town}`).set(bearer(town2Admin)).expect(403);
  });
  it('when a correction is logged, then it is a new entry pointing at the one it corrects', async () => {
    const id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'correct_entry', seq: 99, text: 'x' }).expect(400);
    const r = await steps(villageAgent, id, { action: 'correct_entry', seq: 1, text: '申请人姓名应为张大爷' }).expect(201);
    expect(r.status).toBe(201);
    const e = await t.db.collection('ledgerentries').findOne({ caseId: new Types.ObjectId(id), seq: 2 });
    expect(e).toMatchObject({ type: 'correct_entry', corrects: 1 });
  });
});

describe('handover, stage limits and follow-up sample', () => {
  it('refuses a handover line that is not on the item’s 一次性告知 list', async () => {
    const id = await newCase(await signInCitizen(t), 'help');
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    const res = await steps(villageAgent, id, { action: 'handover', lines: [...HANDOVER, { key: 'marriage-cert', name: '结婚证', form: 'original', count: 1 }] }).expect(400);
    expect(res.body.error.details[0].field).toBe('lines.2.key');
  });
  it('lets the county set stage limits county-wide; towns cannot', async () => {
    await request(t.app).put(`/api/admin/centers/${tree.town}/chain-days`).set(bearer(townAdmin)).send({ chainDays: { three: { 'village-to-town': 3 } } }).expect(400);
    await request(t.app).put(`/api/admin/centers/${tree.county}/chain-days`).set(bearer(townAdmin)).send({ chainDays: { three: { 'village-to-town': 3 } } }).expect(403);
    const bad = await request(t.app).put(`/api/admin/centers/${tree.county}/chain-days`).set(bearer(countyAdmin)).send({ chainDays: { three: { 'village-to-moon': 3 } } }).expect(400);
    expect(bad.body.error.details[0].field).toMatch(/^chainDays\.three/);
    await request(t.app).put(`/api/admin/centers/${tree.county}/chain-days`).set(bearer(countyAdmin)).send({ chainDays: { three: { 'village-to-town': 3, back: 6 } } }).expect(200);
    const id = await newCase(await signInCitizen(t));
    const c = await request(t.app).get(`/api/delegations/${id}`).set(bearer(villageAgent)).expect(200);
    expect(c.body.stages.map((s: { days: number }) => s.days)).toEqual([3, 5, 2, 7, 6, 2]);
    await request(t.app).put(`/api/admin/centers/${tree.county}/chain-days`).set(bearer(countyAdmin)).send({ chainDays: {} }).expect(200);
  });
  it('draws a 回访 sample from the month’s completed cases', async () => {
    const id = await newCase(await signInCitizen(t), 'help');
    for (const body of [{ action: 'accept' }, { action: 'handover', lines: HANDOVER }]) await steps(villageAgent, id, body).expect(201);
    for (let i = 0; i < 6; i++) await steps(villageAgent, id, { action: 'advance' }).expect(201);
    await steps(villageAgent, id, { action: 'deliver', method: 'in_person' }).expect(201);
    await steps(villageAgent, id, { action: 'complete', result: '已办结' }).expect(201);
    const month = chinaDate(new Date()).slice(0, 7);
    await request(t.app).get(`/api/admin/delegations/follow-up-sample?centerId=${tree.town}&month=${month}`).set(bearer(town2Admin)).expect(403);
    const res = await request(t.app).get(`/api/admin/delegations/follow-up-sample?centerId=${tree.town}&month=${month}&share=1`).set(bearer(townAdmin)).expect(200);
    expect(res.body.completed).toBeGreaterThanOrEqual(1);
    expect(res.body.items.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('reassign', () => {
  it('lets an admin of the chain move a case to another agent, and no one else', async () => {
    const id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'reassign', agentId: villageAgent2.user.id, reason: '请假' }).expect(403);
    await steps(town2Admin, id, { action: 'reassign', agentId: villageAgent2.user.id, reason: '请假' }).expect(404);
    const r = await steps(townAdmin, id, { action: 'reassign', agentId: villageAgent2.user.id, reason: 'A岗请假' }).expect(201);
    expect(r.body.case).toMatchObject({ agentId: villageAgent2.user.id, state: 'accepted' });
    const agents = await request(t.app).get(`/api/admin/agents?centerId=${tree.town}`).set(bearer(townAdmin)).expect(200);
    expect(agents.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([villageAgent.user.id, villageAgent2.user.id]));
    expect(agents.body.items.map((a: { id: string }) => a.id)).not.toContain(town2Agent.user.id);
    await request(t.app).get(`/api/admin/agents?centerId=${tree.town}`).set(bearer(town2Admin)).expect(403);
    const overdue = await request(t.app).get('/api/delegations?due=overdue').set(bearer(townAdmin)).expect(200);
    expect(Array.isArray(overdue.body.items)).toBe(true);
  });
});

describe('reassign within the county, never outside it (issue 11)', () => {
  it('when a town admin reassigns to an agent of another county, then 400 with a Chinese message naming the field in details only, and nothing is written', async () => {
    const id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    const other = await seedTree();
    const outsider = await signInStaff(t, 'agent', other.village);
    const before = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(townAdmin)).expect(200);
    const res = await steps(townAdmin, id, { action: 'reassign', agentId: outsider.user.id, reason: '就近办理' }).expect(400);
    expect(res.body.error.message).toBe('该代办员不属于本县，不能指派或改派到外县');
    expect(res.body.error.message).not.toMatch(/agentId/);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'agentId' })]);
    const county = await steps(countyAdmin, id, { action: 'reassign', agentId: outsider.user.id, reason: '就近办理' }).expect(400);
    expect(county.body.error.message).not.toMatch(/agentId/);
    const after = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(townAdmin)).expect(200);
    expect(after.body.items).toHaveLength(before.body.items.length);
    const c = await request(t.app).get(`/api/delegations/${id}`).set(bearer(townAdmin)).expect(200);
    expect(c.body).toMatchObject({ agentId: villageAgent.user.id, centerId: tree.village });
  });

  it('when a town admin reassigns to an agent of another town in the same county, then it succeeds, the case moves there and the ledger records it', async () => {
    const id = await newCase(await signInCitizen(t));
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    const r = await steps(townAdmin, id, { action: 'reassign', agentId: town2Agent.user.id, reason: '群众已搬到乙镇' }).expect(201);
    expect(r.body.case).toMatchObject({ agentId: town2Agent.user.id, centerId: tree.town2, state: 'accepted' });
    const ledger = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(town2Agent)).expect(200);
    expect(ledger.body.items.at(-1)).toMatchObject({ type: 'reassign', actorRole: 'admin', data: { from: villageAgent.user.id, to: town2Agent.user.id, reason: '群众已搬到乙镇' } });
    // The new agent works it; the admin of the town it left no longer sees it.
    await steps(town2Agent, id, { action: 'note', text: '已联系群众' }).expect(201);
    await request(t.app).get(`/api/delegations/${id}`).set(bearer(townAdmin)).expect(404);
  });

  it('lists every agent of the county for a town admin’s reassign (scope=county), none of another county', async () => {
    const other = await seedTree();
    const outsider = await signInStaff(t, 'agent', other.town);
    const res = await request(t.app).get(`/api/admin/agents?centerId=${tree.town}&scope=county`).set(bearer(townAdmin)).expect(200);
    const ids = res.body.items.map((a: { id: string }) => a.id);
    expect(ids).toEqual(expect.arrayContaining([villageAgent.user.id, town2Agent.user.id]));
    expect(ids).not.toContain(outsider.user.id);
  });
});

describe('AB岗 and export', () => {
  it('assigns the B agent while A is away', async () => {
    await request(t.app).put(`/api/admin/agent-posts/${tree.village}`).set(bearer(town2Admin)).send({ a: villageAgent.user.id, b: villageAgent2.user.id }).expect(403);
    await request(t.app).put(`/api/admin/agent-posts/${tree.village}`).set(bearer(townAdmin)).send({ a: villageAgent.user.id, b: villageAgent2.user.id }).expect(200);
    const c = await signInCitizen(t);
    const today = chinaDate(new Date());
    await request(t.app).post('/api/agent/absences').set(bearer(villageAgent)).send({ from: today, to: today, reason: '县里开会' }).expect(201);
    // A citizen files at the village point's own catalog item, so the case is received there.
    const villageItem = await publishItem(t, countyAdmin, tree.village, buildServiceItem({ code: 'DB-V', assistance: { help: true, delegate: true, homeVisit: false } }));
    const res = await request(t.app).post('/api/delegations').set(bearer(c)).send({ itemId: villageItem, mode: 'help', contactPhone: '13912340003' }).expect(201);
    expect(res.body.agentId).toBe(villageAgent2.user.id);
  });
  it('exports the 台账 as xlsx and csv with masked phones, only for the admin’s centers', async () => {
    const id = await newCase(await signInCitizen(t), 'help');
    await steps(villageAgent, id, { action: 'accept' }).expect(201);
    await steps(villageAgent, id, { action: 'handover', lines: HANDOVER }).expect(201);
    await request(t.app).get(`/api/admin/delegations/export?centerId=${tree.town}`).set(bearer(town2Admin)).expect(403);
    await request(t.app).get(`/api/admin/delegations/export?centerId=${tree.town}`).set(bearer(villageAgent)).expect(403);
    const x = await request(t.app)
      .get(`/api/admin/delegations/export?centerId=${tree.town}&format=xlsx`)
      .set(bearer(townAdmin))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((x.body as Buffer).buffer.slice((x.body as Buffer).byteOffset, (x.body as Buffer).byteOffset + (x.body as Buffer).byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('代办台账')!;
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '受理日期', '申请人', '联系电话', '事项名称', '办理方式', '代办员', '材料交接', '办理进度', '办结日期', '办理结果', '群众评价', '件号', '承诺办结日', '承诺变更原因', '规费（元）', '收据号', '超期合计（工作日）', '各环节经办', '各环节超期（工作日）']);
    const cases = await t.db.collection('delegations').countDocuments({ centerPath: new Types.ObjectId(tree.town) });
    expect(ws.rowCount).toBe(cases + 2);
    const phones = [];
    for (let r = 3; r <= ws.rowCount; r++) phones.push(String(ws.getRow(r).getCell(4).value));
    expect(phones.every((p) => /^\d{3}\*{4}\d{4}$/.test(p))).toBe(true);
    const handed = [];
    for (let r = 3; r <= ws.rowCount; r++) handed.push(String(ws.getRow(r).getCell(8).value ?? ''));
    expect(handed).toContain('居民身份证×1；户口簿×1');
    const csv = await request(t.app).get(`/api/admin/delegations/export?centerId=${tree.town}&format=csv`).set(bearer(townAdmin)).expect(200);
    expect(csv.text.startsWith('\uFEFF序号,受理日期')).toBe(true);
    expect(csv.text).not.toMatch(/139\d{8}/);
  });
});
