import request from 'supertest';
import { Types } from 'mongoose';
import { WorkingCalendar, chinaDate, chinaInstant, type TTokens, type TWindowCaseDetail } from '@bianmin/shared';
import { nationalSchedule } from '../../api/src/modules/calendar/national-schedule';
import { sweepOverdueCases } from '../../api/src/modules/cases';
import { coverMovesOf } from '../../api/src/modules/absences';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let staffA: TTokens;
let staffB: TTokens;
let town2Staff: TTokens;
let town2Admin: TTokens;
let windowId: string;
const items: Record<'immediate' | 'committed' | 'joint' | 'reported' | 'other', string> = {} as never;

const ALL = ['id-card', 'hukou', 'form'];
const cases = () => t.db.collection('windowcases');
const notices = () => t.db.collection('casenotices');
const events = () => t.db.collection('windowcaseevents');
const lapses = () => t.db.collection('lapses');

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, staffA, staffB, town2Staff, town2Admin] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town2),
    signInStaff(t, 'admin', tree.town2),
  ]);
  items.immediate = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'WC-IMM' }));
  items.committed = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'WC-COM', name: '低保申请', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 5 }));
  items.joint = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'WC-JNT', name: '残疾人两项补贴', caseType: 'joint', legalLimitDays: 15, committedLimitDays: 8 }));
  items.reported = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'WC-REP', name: '特困人员认定', caseType: 'reported', legalLimitDays: 20, committedLimitDays: 10 }));
  items.other = await publishItem(t, town2Admin, tree.town2, buildServiceItem({ code: 'WC-OTH', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 3 }));
  windowId = (await request(t.app).post('/api/admin/windows').set(bearer(townAdmin)).send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 20, heldBack: 0 }).expect(201)).body.id;
});
afterAll(() => t.close());

const open = (tokens: TTokens, body: Record<string, unknown>) => request(t.app).post('/api/staff/cases').set(bearer(tokens)).send(body);
const act = (tokens: TTokens, id: string, path: string, body: Record<string, unknown> = {}) => request(t.app).post(`/api/staff/cases/${id}/${path}`).set(bearer(tokens)).send(body);
const applicant = { name: '张三', phone: '13800001111' };
const answers = { 'by-agent': false };

async function openOk(tokens: TTokens, body: Record<string, unknown>): Promise<TWindowCaseDetail> {
  const res = await open(tokens, { applicant, answers, ...body });
  expect(res.status).toBe(201);
  return res.body as TWindowCaseDetail;
}

async function counts() {
  return { cases: await cases().countDocuments(), notices: await notices().countDocuments(), events: await events().countDocuments(), lapses: await lapses().countDocuments() };
}

describe('refusals first (nothing written)', () => {
  it('when not signed in, then 401; a citizen gets 403 on staff routes', async () => {
    const before = await counts();
    await open({ accessToken: '' } as TTokens, { itemId: items.immediate, applicant, receivedMaterials: ALL }).expect(401);
    await request(t.app).post('/api/staff/cases').send({ itemId: items.immediate, applicant, receivedMaterials: ALL }).expect(401);
    await request(t.app).get('/api/staff/cases').expect(401);
    await request(t.app).get('/api/my/cases').expect(401);
    const citizen = await signInCitizen(t);
    await open(citizen, { itemId: items.immediate, applicant, receivedMaterials: ALL }).expect(403);
    expect(await counts()).toEqual(before);
  });

  it('when fields are missing, unknown or carry $ operators, then 400 naming the field', async () => {
    const before = await counts();
    const noApplicant = await open(staffA, { itemId: items.immediate, receivedMaterials: ALL }).expect(400);
    expect(noApplicant.body.error.details.map((d: { field: string }) => d.field)).toContain('applicant');
    const unknown = await open(staffA, { itemId: items.immediate, applicant, receivedMaterials: ALL, fee: 100 }).expect(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('fee');
    const op = await open(staffA, { itemId: { $ne: null }, applicant, receivedMaterials: ALL }).expect(400);
    expect(op.body.error.details[0].field).toBe('itemId');
    const opName = await open(staffA, { itemId: items.immediate, applicant: { name: { $gt: '' } }, receivedMaterials: ALL }).expect(400);
    expect(opName.body.error.details[0].field).toBe('applicant.name');
    const both = await open(staffA, { itemId: items.immediate, applicant, receivedMaterials: ALL, ticketId: new Types.ObjectId().toHexString(), bookingId: new Types.ObjectId().toHexString() }).expect(400);
    expect(both.body.error.details[0].field).toBe('bookingId');
    const badKey = await open(staffA, { itemId: items.immediate, applicant, answers, receivedMaterials: ['id-card', 'passport'] }).expect(400);
    expect(badKey.body.error.details[0].field).toBe('receivedMaterials.1');
    const unanswered = await open(staffA, { itemId: items.immediate, applicant, receivedMaterials: ALL }).expect(400);
    expect(unanswered.body.error.details[0]).toMatchObject({ field: 'answers.by-agent' });
    expect(unanswered.body.error.message).not.toContain('by-agent');
    const badPhone = await open(staffA, { itemId: items.immediate, applicant: { name: '张三', phone: '123' }, answers, receivedMaterials: ALL }).expect(400);
    expect(badPhone.body.error.details[0].field).toBe('applicant.phone');
    const stages = await open(staffA, { itemId: items.committed, applicant, answers, receivedMaterials: ALL, stages: [{ department: '民政局', days: 2 }] }).expect(400);
    expect(stages.body.error.details[0].field).toBe('stages');
    expect(await counts()).toEqual(before);
  });

  it('when the item belongs to another center, then 403; an unknown item or ticket 404; nothing written', async () => {
    const before = await counts();
    const other = await open(staffA, { itemId: items.other, applicant, answers, receivedMaterials: ALL }).expect(403);
    expect(other.body.error.message).toMatch(/本中心/);
    await open(town2Staff, { itemId: items.immediate, applicant, answers, receivedMaterials: ALL }).expect(403);
    // A county admin does not receive at a town window.
    await open(countyAdmin, { itemId: items.immediate, applicant, answers, receivedMaterials: ALL }).expect(403);
    await open(staffA, { itemId: new Types.ObjectId().toHexString(), applicant, answers, receivedMaterials: ALL }).expect(404);
    await open(staffA, { itemId: items.immediate, applicant, answers, receivedMaterials: ALL, ticketId: new Types.ObjectId().toHexString() }).expect(404);
    expect(await counts()).toEqual(before);
  });

  it('when staff of another center touch a case, then 404 and nothing changes; refusals without reason or basis name the field; out of order → 409', async () => {
    const c = await openOk(staffA, { itemId: items.committed, receivedMaterials: ['id-card'] });
    expect(c.state).toBe('supplement');
    const before = await counts();
    await request(t.app).get(`/api/staff/cases/${c.id}`).set(bearer(town2Staff)).expect(404);
    await act(town2Staff, c.id, 'materials', { receivedMaterials: ['hukou'] }).expect(404);
    await act(town2Admin, c.id, 'refuse', { reason: '不符合', legalBasis: '条例' }).expect(404);
    const noReason = await act(staffA, c.id, 'refuse', { legalBasis: '《社会救助暂行办法》第十一条' }).expect(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    const noBasis = await act(staffA, c.id, 'refuse', { reason: '家庭收入超过标准' }).expect(400);
    expect(noBasis.body.error.details[0].field).toBe('legalBasis');
    const blank = await act(staffA, c.id, 'refuse', { reason: '  ', legalBasis: 'x' }).expect(400);
    expect(blank.body.error.details[0].field).toBe('reason');
    const early = await act(staffA, c.id, 'complete', { result: '已办结', delivery: 'window' }).expect(409);
    expect(early.body.error.message).toContain('待补正');
    await act(staffA, c.id, 'stages/0/complete').expect(409);
    await act(staffA, c.id, 'complete', { result: '已办结', delivery: 'drone' }).expect(400);
    await act(staffA, c.id, 'supplement', { missing: ['nope'] }).expect(400);
    expect(await counts()).toEqual(before);
    const stored = await cases().findOne({ _id: new Types.ObjectId(c.id) });
    expect(stored).toMatchObject({ state: 'supplement', version: 1 });
  });

  it('when a progress code does not exist, then 404 in Chinese, as JSON and as a page', async () => {
    const json = await request(t.app).get('/api/track/ZZZZZZZZ').expect(404);
    expect(json.body.error.message).toMatch(/没有找到该办件/);
    await request(t.app).get('/api/track/%24where').expect(404);
    const page = await request(t.app).get('/track/ZZZZZZZZ').set('Accept', 'text/html').expect(404);
    expect(page.headers['content-type']).toMatch(/html/);
    expect(page.text).toContain('没有找到该办件');
  });
});

describe('即办件 from a called walk-in ticket', () => {
  let c: TWindowCaseDetail;
  it('when a walk-in is called and received with every material, then accepted with a numbered 受理通知书; one case per ticket', async () => {
    const ticket = (await request(t.app).post('/api/staff/walk-in').set(bearer(staffA)).send({ windowId }).expect(201)).body;
    const waiting = await open(staffA, { itemId: items.immediate, applicant, answers, receivedMaterials: ALL, ticketId: ticket.id }).expect(409);
    expect(waiting.body.error.message).toContain('叫号');
    await request(t.app).post('/api/staff/queue/call-next').set(bearer(staffA)).send({ windowId }).expect(200);
    c = await openOk(staffA, { itemId: items.immediate, receivedMaterials: ALL, ticketId: ticket.id });
    expect(c).toMatchObject({ type: 'immediate', state: 'accepted', ticketId: ticket.id, windowId, windowName: '综合窗口', applicantPhone: '13800001111', missing: [], promisedOn: null });
    expect(c.clockFrom).not.toBeNull();
    expect(c.dueAt).not.toBeNull();
    expect(c.notices).toHaveLength(1);
    expect(c.notices[0].kind).toBe('acceptance');
    expect(c.notices[0].number).toBe(`甲镇便民服务中心〔${c.notices[0].year}〕第${String(c.notices[0].seq).padStart(4, '0')}号`);
    expect(c.actions).toEqual(['request_supplement', 'refuse', 'complete']);
    const again = await open(staffB, { itemId: items.immediate, applicant, answers, receivedMaterials: ALL, ticketId: ticket.id }).expect(409);
    expect(again.body.error.caseId).toBe(c.id);
    expect(await cases().countDocuments({ ticketId: new Types.ObjectId(ticket.id) })).toBe(1);
  });

  it('when finished, then completed with an 办结单, on time by opening minutes, and events seq 1, 2', async () => {
    const done = (await act(staffA, c.id, 'complete', { result: '已参保登记', delivery: 'window' }).expect(200)).body as TWindowCaseDetail;
    expect(done).toMatchObject({ state: 'completed', result: '已参保登记', delivery: 'window', onTime: true, actions: [] });
    expect(typeof done.minutes).toBe('number');
    expect(done.notices.map((n) => n.kind)).toEqual(['acceptance', 'completion']);
    expect(done.events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'open'],
      [2, 'complete'],
    ]);
    await act(staffA, c.id, 'refuse', { reason: 'x', legalBasis: 'y' }).expect(409);
    const slip = await request(t.app).get(`${done.notices[1].printUrl}?format=slip`).set(bearer(staffA)).expect(200);
    expect(slip.headers['content-type']).toMatch(/html/);
    expect(slip.text).toContain('80mm');
    expect(slip.text).toContain(done.notices[1].number);
    expect(slip.text).toContain('<svg');
    expect(slip.text).toContain(`/track/${done.code}`);
    expect(slip.text).toContain('测试staff');
    const a4 = await request(t.app).get(done.notices[0].printUrl).set(bearer(staffB)).expect(200);
    expect(a4.text).toContain('size:A4');
    expect(a4.text).toContain('受理通知书');
    await request(t.app).get(done.notices[0].printUrl).set(bearer(town2Staff)).expect(404);
  });

  it('when the walk-in rates by the card printed on the 办结单, then one rating naming the window and staff member; a second is refused', async () => {
    const done = (await request(t.app).get(`/api/staff/cases/${c.id}`).set(bearer(staffA)).expect(200)).body as TWindowCaseDetail;
    expect(done.rating).toMatchObject({ rated: false });
    const token = /card=([A-Za-z0-9_-]{22})/.exec(done.rating!.url!)![1];
    const slip = await request(t.app).get(`${done.notices[1].printUrl}?format=slip`).set(bearer(staffA)).expect(200);
    expect(slip.text).toContain('扫码评价本次服务');
    // A colleague's admin over the center sees that a card exists, not its link.
    const admin = (await request(t.app).get(`/api/staff/cases/${c.id}`).set(bearer(countyAdmin)).expect(200)).body;
    expect(admin.rating.url).toBeUndefined();
    const dims = { overall: 2, efficiency: 1, service: 2, attitude: 2 };
    const rated = await request(t.app).post('/api/ratings/card').send({ token, level: 2, dims, comment: '等太久' }).expect(201);
    expect(rated.body).toMatchObject({ subject: { kind: 'window_case', id: c.id }, level: 2, channel: 'card' });
    await request(t.app).post('/api/ratings/card').send({ token, level: 5, dims }).expect(409);
    const stored = await t.db.collection('ratings').findOne({ _id: `window_case:${c.id}` as never });
    expect(stored).toMatchObject({ staffId: new Types.ObjectId(c.staffId), windowId: new Types.ObjectId(windowId), centerKey: tree.town });
    // 差评: the rectification flow starts as for any rating.
    expect(await t.db.collection('rectifications').countDocuments({ _id: `window_case:${c.id}` as never })).toBe(1);
    const after = (await request(t.app).get(`/api/staff/cases/${c.id}`).set(bearer(staffA)).expect(200)).body;
    expect(after.rating).toMatchObject({ rated: true });
    expect(after.rating.url).toBeUndefined();
  });
});

describe('补办件: 补正告知书, materials completed, and 一次性告知 breaches', () => {
  let c: TWindowCaseDetail;
  it('when materials are missing, then 补办 with everything missing told at once and no clock', async () => {
    c = await openOk(staffA, { itemId: items.committed, receivedMaterials: ['id-card'], answers: { 'by-agent': true }, applicant: { name: '李小明', phone: '13800002222', idNumber: '110101194001010012' } });
    expect(c).toMatchObject({ state: 'supplement', clockFrom: null, promisedOn: null });
    expect(c.missing.map((m) => m.key).sort()).toEqual(['agent-id', 'form', 'hukou']);
    expect(c.notices.map((n) => n.kind)).toEqual(['supplement']);
    const page = await request(t.app).get(c.notices[0].printUrl).set(bearer(staffA)).expect(200);
    for (const name of ['户口簿', '城乡居民基本养老保险参保登记表', '代办人居民身份证']) expect(page.text).toContain(name);
    const track = (await request(t.app).get(`/api/track/${c.code}`).expect(200)).body;
    expect(track).toMatchObject({ applicantName: '李**', state: 'supplement', type: 'committed', typeLabel: '承诺件' });
    expect(track.missing).toContain('户口簿');
    expect(JSON.stringify(track)).not.toMatch(/13800002222|110101194001010012/);
  });

  it('when some arrive, then still 补办; when all arrive, then accepted, the clock starts from completion, with a 承诺件通知单', async () => {
    const part = (await act(staffA, c.id, 'materials', { receivedMaterials: ['hukou'] }).expect(200)).body as TWindowCaseDetail;
    expect(part).toMatchObject({ state: 'supplement', clockFrom: null });
    expect(part.missing.map((m) => m.key).sort()).toEqual(['agent-id', 'form']);
    expect(part.notices).toHaveLength(1);
    const full = (await act(staffB, c.id, 'materials', { receivedMaterials: ['form', 'agent-id'] }).expect(200)).body as TWindowCaseDetail;
    const cal = new WorkingCalendar({ national: nationalSchedule() });
    expect(full).toMatchObject({ state: 'accepted', missing: [], promisedOn: cal.addWorkingDays(chinaDate(new Date(full.clockFrom!)), 5) });
    expect(full.notices.map((n) => n.kind)).toEqual(['supplement', 'commitment']);
    expect(full.notices[1].seq).toBe(full.notices[0].seq + 1);
  });

  it('when a later 补正 asks for a material the first notice did not list, then a lapse against the receiving staff member', async () => {
    const again = (await act(staffB, c.id, 'supplement', { missing: ['photo', 'hukou'] }).expect(200)).body as TWindowCaseDetail;
    expect(again).toMatchObject({ state: 'supplement', clockFrom: null, promisedOn: null, breaches: ['photo'] });
    const stored = await lapses().find({ subjectId: new Types.ObjectId(c.id) }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'notice', staffId: new Types.ObjectId(c.staffId), centerId: new Types.ObjectId(tree.town) });
    // Asking again for what the first notice listed is no breach.
    await act(staffB, c.id, 'materials', { receivedMaterials: ['photo', 'hukou'] }).expect(200);
    await act(staffB, c.id, 'supplement', { missing: ['form'] }).expect(200);
    expect(await lapses().countDocuments({ subjectId: new Types.ObjectId(c.id) })).toBe(1);
  });

  it('when the handling staff member reads it, then the ID number in full; a colleague sees it masked; lists mask the phone', async () => {
    const mine = (await request(t.app).get(`/api/staff/cases/${c.id}`).set(bearer(staffA)).expect(200)).body;
    expect(mine.applicantIdNumber).toBe('110101194001010012');
    const colleague = (await request(t.app).get(`/api/staff/cases/${c.id}`).set(bearer(staffB)).expect(200)).body;
    expect(colleague.applicantIdNumber).toBe('110101********0012');
    const list = (await request(t.app).get('/api/staff/cases?state=supplement').set(bearer(staffA)).expect(200)).body;
    const row = list.items.find((i: { id: string }) => i.id === c.id);
    expect(row).toMatchObject({ applicantPhone: '138****2222', applicantIdNumber: '110101********0012' });
    const stored = await cases().findOne({ _id: new Types.ObjectId(c.id) });
    expect(JSON.stringify(stored)).not.toContain('110101194001010012');
  });
});

describe('承诺件, 联办件, 上报件, 退办 through their whole lifecycles', () => {
  it('承诺件: accepted with its promised date → 办结 on time', async () => {
    const c = await openOk(staffA, { itemId: items.committed, receivedMaterials: ALL });
    expect(c.notices[0].kind).toBe('commitment');
    const done = (await act(staffA, c.id, 'complete', { result: '准予低保', delivery: 'post' }).expect(200)).body;
    expect(done).toMatchObject({ state: 'completed', onTime: true, delivery: 'post' });
  });

  it('联办件: stages with departments and due dates, completed in order, then 办结', async () => {
    const c = await openOk(staffA, { itemId: items.joint, receivedMaterials: ALL, stages: [{ department: '县残联', days: 3 }, { department: '县民政局', days: 5 }] });
    expect(c.stages).toHaveLength(2);
    expect(c.stages.every((s) => !!s.dueOn)).toBe(true);
    expect(c.stages[1].dueOn).toBe(c.promisedOn);
    expect(c.actions).toEqual(['request_supplement', 'complete_stage', 'refuse']);
    await act(staffA, c.id, 'complete', { result: '补贴已发放', delivery: 'window' }).expect(409);
    await act(staffA, c.id, 'stages/1/complete').expect(409);
    await act(staffA, c.id, 'stages/0/complete', { note: '残联已审核' }).expect(200);
    const s2 = (await act(staffB, c.id, 'stages/1/complete').expect(200)).body;
    expect(s2.stages.every((s: { completedOn?: string }) => !!s.completedOn)).toBe(true);
    expect(s2.actions).toEqual(['request_supplement', 'refuse', 'complete']);
    const done = (await act(staffA, c.id, 'complete', { result: '补贴已发放', delivery: 'agent' }).expect(200)).body;
    expect(done.state).toBe('completed');
    expect(done.events.map((e: { type: string }) => e.type)).toEqual(['open', 'complete_stage', 'complete_stage', 'complete']);
    const track = (await request(t.app).get(`/track/${done.code}`).set('Accept', 'text/html').expect(200)).text;
    expect(track).toContain('县残联');
    expect(track).toContain('已办结');
  });

  it('上报件: by default reported to the county level with the committed days', async () => {
    const c = await openOk(staffA, { itemId: items.reported, receivedMaterials: ALL });
    expect(c.stages).toEqual([expect.objectContaining({ level: 'county', days: 10, department: '县人力资源和社会保障局' })]);
    await act(staffA, c.id, 'stages/0/complete').expect(200);
    await act(staffA, c.id, 'complete', { result: '已认定', delivery: 'window' }).expect(200);
  });

  it('退办: reason and legal basis → 不予受理告知书; nothing moves after', async () => {
    const c = await openOk(staffA, { itemId: items.committed, receivedMaterials: ['id-card'] });
    const r = (await act(staffA, c.id, 'refuse', { reason: '家庭人均收入高于当地低保标准', legalBasis: '《社会救助暂行办法》第九条' }).expect(200)).body;
    expect(r).toMatchObject({ state: 'refused', refusal: { reason: '家庭人均收入高于当地低保标准', legalBasis: '《社会救助暂行办法》第九条' }, actions: [] });
    expect(r.notices.map((n: { kind: string }) => n.kind)).toEqual(['supplement', 'refusal']);
    const page = await request(t.app).get(r.notices[1].printUrl).set(bearer(staffA)).expect(200);
    expect(page.text).toContain('《社会救助暂行办法》第九条');
    await act(staffA, c.id, 'materials', { receivedMaterials: ALL }).expect(409);
  });
});

describe('lists, 我的办件 and the public progress', () => {
  it('when a county admin lists, then town cases with who holds them; staff lists are their own center; mine filters', async () => {
    const admin = (await request(t.app).get('/api/staff/cases').set(bearer(countyAdmin)).expect(200)).body;
    expect(admin.items.length).toBeGreaterThan(3);
    expect(admin.items.every((i: { staffName: string; centerId: string }) => i.staffName === '测试staff' && i.centerId === tree.town)).toBe(true);
    expect(admin.items.every((i: { actions: string[] }) => i.actions.length === 0)).toBe(true);
    expect((await request(t.app).get('/api/staff/cases').set(bearer(town2Staff)).expect(200)).body.items).toHaveLength(0);
    const mineB = (await request(t.app).get('/api/staff/cases?mine=true').set(bearer(staffB)).expect(200)).body;
    expect(mineB.items).toHaveLength(0);
    await request(t.app).get('/api/staff/cases?state=$ne').set(bearer(staffA)).expect(400);
    await request(t.app).get('/api/staff/cases?state[$ne]=x').set(bearer(staffA)).expect(400);
  });

  it('when a citizen signs in with the applicant phone, then 我的办件 lists the case; another citizen cannot read it', async () => {
    const me = await signInCitizen(t, '13800003333');
    const c = await openOk(staffA, { itemId: items.committed, receivedMaterials: ['id-card'], applicant: { name: '王五', phone: '13800003333', idNumber: '110101194001010012' } });
    const list = (await request(t.app).get('/api/my/cases').set(bearer(me)).expect(200)).body;
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    expect(list.items[0]).toMatchObject({ applicantPhone: '138****3333', applicantIdNumber: '110101********0012', actions: [] });
    const detail = (await request(t.app).get(`/api/my/cases/${c.id}`).set(bearer(me)).expect(200)).body;
    expect(detail).toMatchObject({ applicantPhone: '13800003333', applicantIdNumber: '110101********0012', breaches: [] });
    expect(detail.events[0].actorName).toBeUndefined();
    expect(detail.notices[0].printUrl).toMatch(/^\/api\/my\/cases\//);
    await request(t.app).get(detail.notices[0].printUrl).set(bearer(me)).expect(200);
    const other = await signInCitizen(t);
    await request(t.app).get(`/api/my/cases/${c.id}`).set(bearer(other)).expect(404);
    await request(t.app).get(detail.notices[0].printUrl).set(bearer(other)).expect(404);
    expect((await request(t.app).get('/api/my/cases').set(bearer(other)).expect(200)).body.items).toHaveLength(0);
  });
});

describe('a citizen rates from 我的办件', () => {
  it('when the signed-in applicant rates 不满意 by the card in 我的办件, then they are the rater: rectification runs and they answer it', async () => {
    const me = await signInCitizen(t, '13800004444');
    const c = await openOk(staffA, { itemId: items.immediate, receivedMaterials: ALL, applicant: { name: '赵六', phone: '13800004444' } });
    await act(staffA, c.id, 'complete', { result: '已办结', delivery: 'window' }).expect(200);
    const mine = (await request(t.app).get(`/api/my/cases/${c.id}`).set(bearer(me)).expect(200)).body as TWindowCaseDetail;
    const token = /card=([A-Za-z0-9_-]{22})/.exec(mine.rating!.url!)![1];
    const dims = { overall: 2, efficiency: 2, service: 2, attitude: 2 };
    const rated = (await request(t.app).post('/api/ratings/card').set(bearer(me)).send({ token, level: 2, dims, comment: '材料来回跑' }).expect(201)).body;
    expect(rated).toMatchObject({ subject: { kind: 'window_case', id: c.id }, level: 2 });
    expect(await t.db.collection('ratings').findOne({ _id: `window_case:${c.id}` as never })).toMatchObject({ raterId: new Types.ObjectId(me.user.id), staffId: new Types.ObjectId(c.staffId) });
    expect((await request(t.app).get('/api/ratings/mine').set(bearer(me)).expect(200)).body.items.map((r: { id: string }) => r.id)).toContain(rated.id);
    for (const action of ['contact', 'verify', 'rectify', 'reply']) {
      const step = await request(t.app).post(`/api/staff/ratings/${rated.id}/rectification`).set(bearer(townAdmin)).send({ action, note: `${action}：已处理` });
      expect([step.status, step.body.error]).toEqual([200, undefined]);
    }
    // Someone else's account cannot answer it.
    await request(t.app).post(`/api/ratings/${rated.id}/feedback`).set(bearer(await signInCitizen(t))).send({ satisfied: true }).expect(404);
    const fb = await request(t.app).post(`/api/ratings/${rated.id}/feedback`).set(bearer(me)).send({ satisfied: false, note: '还是没解决' }).expect(200);
    expect(fb.body.rectification).toMatchObject({ status: 'closed', citizenSatisfied: false });
  });

  it('when a signed-in citizen who is not the applicant uses a card, then the rating counts but names no rater', async () => {
    const c = await openOk(staffA, { itemId: items.immediate, receivedMaterials: ALL, applicant: { name: '钱七', phone: '13800005555' } });
    const done = (await act(staffA, c.id, 'complete', { result: '已办结', delivery: 'window' }).expect(200)).body as TWindowCaseDetail;
    const token = /card=([A-Za-z0-9_-]{22})/.exec(done.rating!.url!)![1];
    const dims = { overall: 5, efficiency: 5, service: 5, attitude: 5 };
    await request(t.app).post('/api/ratings/card').set(bearer(await signInCitizen(t))).send({ token, level: 5, dims }).expect(201);
    expect((await t.db.collection('ratings').findOne({ _id: `window_case:${c.id}` as never }))!.raterId).toBeNull();
  });
});

describe('numbered notices under load', () => {
  it('when 50 staff issue notices at once, then the numbers are 1…50 without gaps or repeats', async () => {
    const staff = await Promise.all(Array.from({ length: 10 }, () => signInStaff(t, 'staff', tree.town2)));
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => open(staff[i % staff.length], { itemId: items.other, applicant: { name: `群众${i}` }, answers, receivedMaterials: ALL })),
    );
    const ms = Date.now() - started;
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => (r.body as TWindowCaseDetail).notices[0].seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await notices().find({ centerKey: tree.town2 }).toArray();
    expect(new Set(stored.map((n) => n.number)).size).toBe(50);
    process.stdout.write(`50 concurrent case openings with numbered notices: ${ms} ms\n`);
  });
});

describe('the overdue sweep across 国庆 2026 (10/1–10/7 off, 10/10 Sat a make-up working day)', () => {
  it('when a 承诺件 promised for 9/30 is still open, then one lapse per working day late, once each, against its receiver', async () => {
    const c = await openOk(staffA, { itemId: items.committed, receivedMaterials: ALL });
    await cases().updateOne({ _id: new Types.ObjectId(c.id) }, { $set: { promisedOn: '2026-09-30', clockFrom: chinaInstant('2026-09-23', 600) } });
    const at = (date: string) => chinaInstant(date, 10 * 60);
    const mine = () => lapses().find({ subjectId: new Types.ObjectId(c.id) }).sort({ date: 1 }).toArray();
    await sweepOverdueCases(at('2026-10-07'));
    expect(await mine()).toHaveLength(0);
    await sweepOverdueCases(at('2026-10-09'));
    await sweepOverdueCases(at('2026-10-09'));
    expect((await mine()).map((l) => l.date)).toEqual(['2026-10-08', '2026-10-09']);
    await sweepOverdueCases(at('2026-10-10'));
    await sweepOverdueCases(at('2026-10-11'));
    const all = await mine();
    expect(all.map((l) => [l._id, l.date, l.kind])).toEqual([
      [`case-deadline:${c.id}:1`, '2026-10-08', 'deadline'],
      [`case-deadline:${c.id}:2`, '2026-10-09', 'deadline'],
      [`case-deadline:${c.id}:3`, '2026-10-10', 'deadline'],
    ]);
    expect(all.every((l) => String(l.staffId) === c.staffId && String(l.windowId ?? '') === '')).toBe(true);
    const overdue = (await request(t.app).get('/api/staff/cases?due=overdue').set(bearer(townAdmin)).expect(200)).body;
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(c.id);
    // 办结 late: the days already counted are not counted again.
    const done = (await act(staffA, c.id, 'complete', { result: '已办结', delivery: 'window' }).expect(200)).body;
    expect(done.onTime).toBe(false);
    expect((await mine()).slice(0, 3).map((l) => l._id)).toEqual(all.map((l) => l._id));
  });
});

describe('AB岗: while the receiving staff member is away, their cases go to the B post', () => {
  it('when A is recorded away, then A’s open cases and new cases opened under A go to B, each move an appended cover event', async () => {
    const posts = await request(t.app)
      .post('/api/admin/windows')
      .set(bearer(townAdmin))
      .send({ centerId: tree.town, name: 'AB窗口', code: 'B', itemCodes: [], slotMinutes: 30, capacity: 20, heldBack: 0, staffA: staffA.user.id, staffB: staffB.user.id })
      .expect(201);
    const before = await openOk(staffA, { itemId: items.committed, receivedMaterials: ALL, windowId: posts.body.id });
    const done = await openOk(staffA, { itemId: items.immediate, receivedMaterials: ALL, windowId: posts.body.id });
    await act(staffA, done.id, 'complete', { result: '已办结', delivery: 'window' }).expect(200);
    const today = chinaDate(new Date());
    await request(t.app).post('/api/staff/absences').set(bearer(staffA)).send({ from: today, to: today, reason: '外出培训' }).expect(201);

    // B's own list hands A's open case over first; the finished one stays with A.
    const mineB = (await request(t.app).get('/api/staff/cases?mine=true').set(bearer(staffB)).expect(200)).body;
    expect(mineB.items.map((i: { id: string }) => i.id)).toContain(before.id);
    expect(mineB.items.map((i: { id: string }) => i.id)).not.toContain(done.id);
    const moved = (await request(t.app).get(`/api/staff/cases/${before.id}`).set(bearer(staffB)).expect(200)).body as TWindowCaseDetail;
    expect(moved.staffId).toBe(staffB.user.id);
    expect(moved.events.map((e) => e.type)).toEqual(['open', 'cover']);
    expect(moved.events[1]!.data).toMatchObject({ from: staffA.user.id, to: staffB.user.id, date: today });
    expect((await cases().findOne({ _id: new Types.ObjectId(done.id) }))!.staffKey).toBe(staffA.user.id);
    // Once only: another list or the sweep does not move it again.
    await request(t.app).get('/api/staff/cases').set(bearer(townAdmin)).expect(200);
    await sweepOverdueCases();
    expect(await events().countDocuments({ caseKey: before.id, type: 'cover' })).toBe(1);
    expect(await coverMovesOf(before.id)).toEqual([expect.objectContaining({ kind: 'case', fromUser: staffA.user.id, toUser: staffB.user.id, date: today })]);

    // A new case at A's window opened under A's name while A is away goes to B as well; B can move it on.
    const fresh = await openOk(staffA, { itemId: items.committed, receivedMaterials: ALL, windowId: posts.body.id });
    expect(fresh.staffId).toBe(staffB.user.id);
    expect(fresh.events.map((e) => e.type)).toEqual(['open', 'cover']);
    const finished = (await act(staffB, fresh.id, 'complete', { result: '已办结', delivery: 'window' }).expect(200)).body as TWindowCaseDetail;
    expect(finished.events.map((e) => [e.seq, e.type])).toEqual([[1, 'open'], [2, 'cover'], [3, 'complete']]);
  });
});
