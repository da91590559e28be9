import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { chinaDate, ZOutcomeList, ZPersonRecord, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInStaff, type Tree } from '../support/factories';
import { addDays, WorkingCalendar } from '@bianmin/shared';
import { lapseFacts, recordLapse, recordStaffLapse, sweepLapseReviews } from '../../api/src/modules/queue';
import { nationalSchedule } from '../../api/src/modules/calendar';

let t: TestApp;
let tree: Tree;
let other: Tree;
let townAdmin: TTokens;
let countyAdmin: TTokens;
let townStaff: TTokens;
let town2Staff: TTokens;
let sup: TTokens;
let sup2: TTokens;
let otherSup: TTokens;

async function signInSupervisor(centerId: string): Promise<TTokens> {
  const username = `sup-${randomBytes(4).toString('hex')}`;
  await t.auth.createStaffAccount({ username, password: 'Secret#123', name: '督查员', role: 'supervisor', centerId });
  return (await request(t.app).post('/api/auth/password').send({ username, password: 'Secret#123' }).expect(200)).body as TTokens;
}

beforeAll(async () => {
  t = await startTestApp();
  [tree, other] = [await seedTree(), await seedTree()];
  [townAdmin, countyAdmin, townStaff, town2Staff] = await Promise.all([
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town2),
  ]);
  [sup, sup2, otherSup] = await Promise.all([signInSupervisor(tree.county), signInSupervisor(tree.county), signInSupervisor(other.county)]);
  await request(t.app).put(`/api/admin/staff-cards/${townStaff.user.id}`).set(bearer(countyAdmin)).send({ staffNo: 'JA-09', post: '综合受理', windowId: null }).expect(200);
});
afterAll(() => t.close());

const post = (tokens: TTokens, path: string, body: Record<string, unknown>) => request(t.app).post(path).set(bearer(tokens)).send(body);

/** A complaint naming the town's staff member by 工号; returns its id. */
async function complaintAboutStaff(): Promise<string> {
  const res = await request(t.app)
    .post('/api/complaints')
    .send({ kind: 'complaint', anonymous: true, centerId: tree.town, target: { kind: 'staff', staffNo: 'JA-09' }, content: '办理时态度生硬，推诿不办' })
    .expect(201);
  return String((await t.db.collection('complaints').findOne({ code: res.body.code }))!._id);
}

describe('verifying complaints', () => {
  it('refuses: the center’s own admin 403, a supervisor of another county 404, staff 403; nothing written', async () => {
    const id = await complaintAboutStaff();
    const body = { verified: true, finding: '经调阅录像属实' };
    const own = await post(townAdmin, `/api/admin/complaints/${id}/verify`, body).expect(403);
    expect(own.body.error.message).toContain('本中心');
    await post(otherSup, `/api/admin/complaints/${id}/verify`, body).expect(404);
    await post(townStaff, `/api/admin/complaints/${id}/verify`, body).expect(403);
    expect((await t.db.collection('complaints').findOne({ _id: new (await import('mongoose')).Types.ObjectId(id) }))!.verified).toBeNull();
    expect(await t.db.collection('outcomes').countDocuments()).toBe(0);
    // Clean up for the next test: verify it as not founded.
    await post(sup, `/api/admin/complaints/${id}/verify`, { verified: false, finding: '经调查不属实' }).expect(200);
  });
  it('a supervisor sees the county’s complaints; a verified one proposes 通报批评, the second 调离岗位', async () => {
    const list = await request(t.app).get('/api/staff/complaints').set(bearer(sup)).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const [i, expected] of (['notice', 'removal'] as const).entries()) {
      const id = await complaintAboutStaff();
      const res = await post(sup, `/api/admin/complaints/${id}/verify`, { verified: true, finding: '经调阅录像属实' }).expect(200);
      expect(res.body).toMatchObject({ verified: true, staff: { id: townStaff.user.id, staffNo: 'JA-09' } });
      const outcomes = ZOutcomeList.parse((await request(t.app).get('/api/supervision/outcomes').set(bearer(sup)).expect(200)).body);
      expect(outcomes.items.filter((o) => o.personId === townStaff.user.id)).toHaveLength(i + 1);
      expect(outcomes.items[0]).toMatchObject({ proposed: expected, status: 'proposed', verifiedThisYear: i + 1, actions: ['decide'] });
    }
    const theirs = await request(t.app).get('/api/supervision/outcomes').set(bearer(otherSup)).expect(200);
    expect(theirs.body.items).toHaveLength(0);
    await request(t.app).get('/api/supervision/outcomes').set(bearer(townAdmin)).expect(403);
  });
});

describe('deciding, notifying, appealing once', () => {
  it('the supervisor decides, the person is notified and appeals once, another supervisor decides the appeal', async () => {
    const items = ZOutcomeList.parse((await request(t.app).get('/api/supervision/outcomes').set(bearer(sup))).body).items;
    const o = items.find((x) => x.proposed === 'notice')!;
    const decide = { measure: 'written', reason: '初次发生，责令书面检查' };
    await post(townAdmin, `/api/supervision/outcomes/${o.id}/decide`, decide).expect(403);
    await post(otherSup, `/api/supervision/outcomes/${o.id}/decide`, decide).expect(404);
    const bad = await post(sup, `/api/supervision/outcomes/${o.id}/decide`, { measure: 'fine', reason: '罚款' }).expect(400);
    expect(bad.body.error.details[0].field).toBe('measure');
    await post(townStaff, `/api/supervision/outcomes/${o.id}/appeal`, { reason: '尚未决定不能申诉的情况' }).expect(403);
    expect(await t.db.collection('outcomeevents').countDocuments({ type: { $ne: 'proposed' } })).toBe(0);

    const decided = await post(sup, `/api/supervision/outcomes/${o.id}/decide`, decide).expect(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: { measure: 'written', reason: decide.reason } });
    await post(sup2, `/api/supervision/outcomes/${o.id}/decide`, decide).expect(409);
    const notice = await t.db.collection('outboxes').findOne({ _id: `accountability:${o.id}:decided` as never });
    expect(notice).toMatchObject({ kind: 'accountability' });
    expect(String(notice!.userId)).toBe(townStaff.user.id);
    expect(notice!.body).toContain('书面检查');

    await post(town2Staff, `/api/supervision/outcomes/${o.id}/appeal`, { reason: '我不是当事人但想申诉' }).expect(403);
    const appealed = await post(townStaff, `/api/supervision/outcomes/${o.id}/appeal`, { reason: '当天系统故障导致办理延误，并非推诿' }).expect(200);
    expect(appealed.body.status).toBe('appealed');
    await post(townStaff, `/api/supervision/outcomes/${o.id}/appeal`, { reason: '再申诉一次试试看' }).expect(409);
    await post(sup, `/api/supervision/outcomes/${o.id}/appeal-decision`, { upheld: false, measure: 'remind', reason: '改为提醒' }).expect(403);
    const final = await post(sup2, `/api/supervision/outcomes/${o.id}/appeal-decision`, { upheld: false, measure: 'remind', reason: '情况属实，改为提醒' }).expect(200);
    expect(final.body).toMatchObject({ status: 'final', appealDecision: { measure: 'remind', upheld: false }, decision: { measure: 'written' } });
    await post(townStaff, `/api/supervision/outcomes/${o.id}/appeal`, { reason: '第三次申诉的理由' }).expect(409);
    const events = await t.db.collection('outcomeevents').find({ outcomeId: new (await import('mongoose')).Types.ObjectId(o.id) }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.type)).toEqual(['proposed', 'decided', 'appealed', 'appeal_decided']);
  });
  it('a person’s record: them, their admins and the county’s supervisors; others 403, another county 404', async () => {
    const path = `/api/people/${townStaff.user.id}/record`;
    const mine = ZPersonRecord.parse((await request(t.app).get(path).set(bearer(townStaff)).expect(200)).body);
    expect(mine.person).toMatchObject({ name: expect.any(String), staffNo: 'JA-09', centerId: tree.town });
    expect(mine.outcomes.some((o) => o.status === 'final' && o.appealDecision?.measure === 'remind')).toBe(true);
    expect(mine.outcomes.find((o) => o.status === 'final')!.actions).toEqual([]);
    await request(t.app).get(path).set(bearer(townAdmin)).expect(200);
    await request(t.app).get(path).set(bearer(sup)).expect(200);
    await request(t.app).get(path).set(bearer(town2Staff)).expect(403);
    await request(t.app).get(path).set(bearer(otherSup)).expect(404);
    await request(t.app).get(path).expect(401);
  });
});

describe('lapses: pending until a supervisor confirms or dismisses them', () => {
  it('lists the county’s pending lapses with a 5-working-day review date; dismissal needs a reason', async () => {
    const today = chinaDate(new Date());
    const subject = '64b0000000000000000000aa';
    await recordLapse({ id: 'test-lapse:1', kind: 'deadline', centerId: tree.town, staffId: townStaff.user.id, subjectId: subject, date: today, detail: '首问转交未按期回复', status: 'pending' });
    await recordLapse({ id: 'test-lapse:2', kind: 'deadline', centerId: tree.town, staffId: townStaff.user.id, subjectId: subject, date: today, detail: '投诉答复超期', status: 'pending' });
    const list = await request(t.app).get('/api/supervision/lapses').set(bearer(sup)).expect(200);
    expect(list.body.items.map((l: { id: string }) => l.id).sort()).toEqual(['test-lapse:1', 'test-lapse:2']);
    expect(list.body.items[0].reviewDue > today).toBe(true);
    expect((await request(t.app).get('/api/supervision/lapses').set(bearer(otherSup)).expect(200)).body.items).toHaveLength(0);

    const noReason = await post(sup, '/api/supervision/lapses/test-lapse:1/decide', { decision: 'dismissed' }).expect(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    await post(otherSup, '/api/supervision/lapses/test-lapse:1/decide', { decision: 'confirmed' }).expect(404);
    await post(townAdmin, '/api/supervision/lapses/test-lapse:1/decide', { decision: 'confirmed' }).expect(403);
    expect((await t.db.collection('lapses').findOne({ _id: 'test-lapse:1' as never }))!.status).toBe('pending');

    const dismissed = await post(sup, '/api/supervision/lapses/test-lapse:1/decide', { decision: 'dismissed', reason: '系统故障所致' }).expect(200);
    expect(dismissed.body).toMatchObject({ status: 'dismissed', reason: '系统故障所致' });
    await post(sup, '/api/supervision/lapses/test-lapse:2/decide', { decision: 'confirmed' }).expect(200);
    await post(sup2, '/api/supervision/lapses/test-lapse:2/decide', { decision: 'dismissed', reason: '改判' }).expect(409);
    expect((await request(t.app).get('/api/supervision/lapses').set(bearer(sup))).body.items).toHaveLength(0);
  });
});

describe('every lapse kind waits for a supervisor (window cases, reception, 首问, complaints)', () => {
  const cal = new WorkingCalendar({ national: nationalSchedule() });
  const subject = '64b0000000000000000000bb';
  const ids = { notice: 'case-notice:64b0000000000000000000bb:3', overdue: 'case-deadline:64b0000000000000000000bb:1', reception: 'reception:64b0000000000000000000bc' };
  const stored = (id: string) => t.db.collection('lapses').findOne({ _id: id as never });

  it('window-case and reception lapses are recorded pending and listed for the county’s supervisors', async () => {
    const today = chinaDate(new Date());
    const staff = { centerId: tree.town, windowId: null, staffId: townStaff.user.id, subjectId: subject };
    await recordStaffLapse({ ...staff, id: ids.notice, kind: 'notice', date: today, detail: '再次补正要求了首次补正告知未列出的材料' });
    await recordStaffLapse({ ...staff, id: ids.overdue, kind: 'deadline', date: today, detail: '超过承诺办结日期第1个工作日' });
    await recordLapse({ ...staff, id: ids.reception, kind: 'reception', subjectId: '64b0000000000000000000bc', date: today, detail: 'A001 超过30分钟未受理' });
    for (const id of Object.values(ids)) expect(await stored(id)).toMatchObject({ status: 'pending' });
    const list = await request(t.app).get('/api/supervision/lapses').set(bearer(sup)).expect(200);
    const kinds = new Map(list.body.items.map((l: { id: string; kind: string }) => [l.id, l.kind]));
    expect([kinds.get(ids.notice), kinds.get(ids.overdue), kinds.get(ids.reception)]).toEqual(['notice', 'deadline', 'reception']);
    expect(list.body.items.find((l: { id: string }) => l.id === ids.notice)).toMatchObject({ staffId: townStaff.user.id, status: 'pending', reviewDue: cal.addWorkingDays(today, 5) });
    // Pending lapses within their review period do not count yet.
    expect((await lapseFacts([tree.town], today, addDays(today, 1))).map((l) => l.id)).not.toContain(ids.notice);
  });

  it('refuses: another county’s supervisor 404, staff and admins 403, dismissal without a reason 400; nothing written', async () => {
    await post(otherSup, `/api/supervision/lapses/${ids.notice}/decide`, { decision: 'confirmed' }).expect(404);
    await post(townStaff, `/api/supervision/lapses/${ids.notice}/decide`, { decision: 'confirmed' }).expect(403);
    await post(countyAdmin, `/api/supervision/lapses/${ids.notice}/decide`, { decision: 'confirmed' }).expect(403);
    const noReason = await post(sup, `/api/supervision/lapses/${ids.reception}/decide`, { decision: 'dismissed', reason: '  ' }).expect(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    await post(sup, '/api/supervision/lapses/reception:nothing/decide', { decision: 'confirmed' }).expect(404);
    for (const id of Object.values(ids)) expect(await stored(id)).toMatchObject({ status: 'pending', decidedBy: null, decisionReason: '' });
  });

  it('a confirmed lapse counts, a dismissed one never, and one left pending past its 5 working days counts (its day rolled again once)', async () => {
    const today = chinaDate(new Date());
    await post(sup, `/api/supervision/lapses/${ids.notice}/decide`, { decision: 'confirmed' }).expect(200);
    await post(sup, `/api/supervision/lapses/${ids.reception}/decide`, { decision: 'dismissed', reason: '群众中途离开大厅' }).expect(200);
    const counted = async (from: string) => (await lapseFacts([tree.town], from, addDays(today, 1))).map((l) => l.id);
    expect(await counted(today)).toEqual(expect.arrayContaining([ids.notice]));
    expect(await counted(today)).not.toContain(ids.reception);
    expect(await counted(today)).not.toContain(ids.overdue);

    // A lapse of 20 days ago that nobody reviewed: still pending (a supervisor may decide it), but it counts.
    const old = addDays(today, -20);
    await recordStaffLapse({ id: 'case-deadline:64b0000000000000000000bd:1', kind: 'deadline', centerId: tree.town, windowId: null, staffId: townStaff.user.id, subjectId: '64b0000000000000000000bd', date: old, detail: '超期' });
    expect(await counted(old)).toContain('case-deadline:64b0000000000000000000bd:1');
    await t.db.collection('dirtydays').deleteMany({});
    expect(await sweepLapseReviews()).toBe(1);
    expect(await sweepLapseReviews()).toBe(0);
    expect(await t.db.collection('dirtydays').countDocuments({ day: old, centerKey: tree.town })).toBe(1);
    expect(await stored('case-deadline:64b0000000000000000000bd:1')).toMatchObject({ status: 'pending', reviewLapsedAt: expect.any(Date) });
  });
});
