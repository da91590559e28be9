import request from 'supertest';
import { chinaDate, WorkingCalendar, ZComplaintStaffRecord, ZStaffComplaintList, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { createComplaintService } from '../../api/src/modules/complaints';

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let townStaff: TTokens;
let town2Staff: TTokens;
let countyAdmin: TTokens;
const cal = new WorkingCalendar({ national: nationalSchedule() });

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, townStaff, town2Staff] = await Promise.all([
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town2),
  ]);
  countyAdmin = await signInStaff(t, 'admin', tree.county);
});
afterAll(() => t.close());

const file = (body: Record<string, unknown>, tokens?: TTokens) => {
  const r = request(t.app).post('/api/complaints').set('User-Agent', 'TestPhone/1.0 device-12345').set('X-Forwarded-For', '10.9.8.7');
  return (tokens ? r.set(bearer(tokens)) : r).send(body);
};
const base = { kind: 'complaint', anonymous: true, target: { kind: 'window', text: '3号窗口' }, content: '窗口工作人员态度生硬，材料不全也不一次说清楚' };

describe('POST /api/complaints', () => {
  it('refuses bad input naming the field and stores nothing', async () => {
    const a = await file({ ...base, centerId: tree.town, content: '差' }).expect(400);
    expect(a.body.error.details[0].field).toBe('content');
    const b = await file({ ...base, anonymous: false, centerId: tree.town, contact: { phone: '123' } }).expect(400);
    expect(b.body.error.details[0].field).toBe('contact.phone');
    const anonContact = await file({ ...base, centerId: tree.town, contact: { phone: '13811112222' } }).expect(400);
    expect(anonContact.body.error.details[0].field).toBe('contact');
    await file({ ...base, centerId: tree.town, target: { kind: 'staff', id: '64b000000000000000000000' } }).expect(400);
    expect(await t.db.collection('complaints').countDocuments()).toBe(0);
  });
  it('when anonymous, even from a signed-in citizen, stores no user id, IP or device; the code shows progress only', async () => {
    const citizen = await signInCitizen(t);
    const res = await file({ ...base, centerId: tree.town }, citizen).expect(201);
    const today = chinaDate(new Date());
    expect(res.body).toMatchObject({ status: 'received', answerDue: cal.addWorkingDays(today, 5) });
    const stored = await t.db.collection('complaints').findOne({ code: res.body.code });
    const raw = JSON.stringify(stored);
    expect(stored!.filerId).toBeNull();
    expect(raw).not.toContain(citizen.user.id);
    expect(raw).not.toMatch(/10\.9\.8\.7|127\.0\.0\.1|TestPhone|device-12345/);
    const events = JSON.stringify(await t.db.collection('complaintevents').find({ complaintId: stored!._id }).toArray());
    expect(events).not.toContain(citizen.user.id);
    const status = await request(t.app).get(`/api/complaints/status/${res.body.code.toLowerCase()}`).expect(200);
    expect(Object.keys(status.body).sort()).toEqual(['answerDue', 'code', 'filedAt', 'kind', 'status']);
    await request(t.app).get('/api/complaints/status/AAAAAAAA').expect(404);
  });
  it('when real-name, keeps the account and the contact for a reply, shown to the center handling it only', async () => {
    const citizen = await signInCitizen(t);
    const res = await file({ ...base, anonymous: false, centerId: tree.town, contact: { name: '王先生', phone: '13811112222' } }, citizen).expect(201);
    expect(String((await t.db.collection('complaints').findOne({ code: res.body.code }))!.filerId)).toBe(citizen.user.id);
    const own = await request(t.app).get('/api/staff/complaints').set(bearer(townStaff)).expect(200);
    ZStaffComplaintList.parse(own.body);
    expect(own.body.items.find((c: { code: string }) => c.code === res.body.code).contact.phone).toBe('13811112222');
    const other = await request(t.app).get('/api/staff/complaints').set(bearer(town2Staff)).expect(200);
    expect(other.body.items.find((c: { code: string }) => c.code === res.body.code)).toBeUndefined();
  });
});

describe('complaints naming people (center → window → staff member)', () => {
  it('refuses a 工号 of another center, naming the field, and stores nothing', async () => {
    await request(t.app).put(`/api/admin/staff-cards/${town2Staff.user.id}`).set(bearer(countyAdmin)).send({ staffNo: 'YB-77', post: '综合受理', windowId: null }).expect(200);
    const before = await t.db.collection('complaints').countDocuments();
    const res = await file({ ...base, centerId: tree.town, target: { kind: 'staff', staffNo: 'YB-77' } }).expect(400);
    expect(res.body.error.details[0].field).toBe('target.staffNo');
    expect(res.body.error.message).not.toContain('target');
    const unknown = await file({ ...base, centerId: tree.town, target: { kind: 'staff', staffNo: 'NOPE-1' } }).expect(400);
    expect(unknown.body.error.details[0].field).toBe('target.staffNo');
    const byId = await file({ ...base, centerId: tree.town, target: { kind: 'staff', id: town2Staff.user.id } }).expect(400);
    expect(byId.body.error.details[0].field).toBe('target.id');
    const badWindow = await file({ ...base, centerId: tree.town, target: { kind: 'window', windowId: '64b000000000000000000000' } }).expect(400);
    expect(badWindow.body.error.details[0].field).toBe('target.windowId');
    expect(await t.db.collection('complaints').countDocuments()).toBe(before);
  });
  it('names a staff member by 工号 (or 不清楚) with a case code; the center sees who, and the record counts on them', async () => {
    await request(t.app).put(`/api/admin/staff-cards/${townStaff.user.id}`).set(bearer(countyAdmin)).send({ staffNo: 'JA-01', post: '综合受理', windowId: null }).expect(200);
    const res = await file({ ...base, centerId: tree.town, target: { kind: 'staff', staffNo: 'ja-01'.toUpperCase() }, reference: 'JA20260001' }).expect(201);
    const list = await request(t.app).get('/api/staff/complaints').set(bearer(townAdmin)).expect(200);
    const mine = list.body.items.find((c: { code: string }) => c.code === res.body.code);
    expect(mine).toMatchObject({ staff: { id: townStaff.user.id, staffNo: 'JA-01' }, reference: 'JA20260001' });
    // The town admin handles it but may not verify it.
    expect(mine.actions).toEqual(['route', 'answer']);
    const unclear = await file({ ...base, centerId: tree.town, target: { kind: 'staff', text: '不清楚' } }).expect(201);
    expect((await t.db.collection('complaints').findOne({ code: unclear.body.code }))!.staffId).toBeNull();
  });
});

describe('handling', () => {
  it('routes, answers within the deadlines, and the filer sees the answer by code; late steps count lapses once', async () => {
    const res = await file({ ...base, centerId: tree.county }).expect(201);
    const c = await t.db.collection('complaints').findOne({ code: res.body.code });
    const id = String(c!._id);
    await request(t.app).post(`/api/staff/complaints/${id}/route`).set(bearer(townStaff)).send({ centerId: tree.town }).expect(403);
    const county = await signInStaff(t, 'staff', tree.county);
    await request(t.app).post(`/api/staff/complaints/${id}/route`).set(bearer(county)).send({ centerId: tree.town, note: '属城关镇窗口' }).expect(200);
    await request(t.app).post(`/api/staff/complaints/${id}/route`).set(bearer(county)).send({ centerId: tree.town }).expect(403);
    const late = new Date(Date.now() + 30 * 86_400_000);
    await t.complaintsSweep(late);
    await t.complaintsSweep(late);
    expect(await t.db.collection('lapses').countDocuments({ _id: `complaint-answer:${id}` as never })).toBe(1);
    await request(t.app).post(`/api/staff/complaints/${id}/answer`).set(bearer(townStaff)).send({ answer: '已约谈当事人并整改，感谢监督' }).expect(200);
    await request(t.app).post(`/api/staff/complaints/${id}/answer`).set(bearer(townStaff)).send({ answer: '再次答复内容' }).expect(409);
    const status = await request(t.app).get(`/api/complaints/status/${res.body.code}`).expect(200);
    expect(status.body).toMatchObject({ status: 'answered', answer: '已约谈当事人并整改，感谢监督' });
  });
  it('counts verified complaints per staff member a year: 1 → notify the department, 2 → recommend removal; admins only', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await file({ ...base, centerId: tree.town, target: { kind: 'staff', id: townStaff.user.id } }).expect(201);
      const c = await t.db.collection('complaints').findOne({ code: res.body.code });
      await request(t.app).post(`/api/admin/complaints/${c!._id}/verify`).set(bearer(townStaff)).send({ verified: true, finding: '经调查属实' }).expect(403);
      // The town's own admin may not verify complaints about the town's staff (issue 10); an admin above may.
      await request(t.app).post(`/api/admin/complaints/${c!._id}/verify`).set(bearer(townAdmin)).send({ verified: true, finding: '经调查属实' }).expect(403);
      await request(t.app).post(`/api/admin/complaints/${c!._id}/verify`).set(bearer(countyAdmin)).send({ verified: true, finding: '经调查属实' }).expect(200);
      await request(t.app).post(`/api/admin/complaints/${c!._id}/verify`).set(bearer(countyAdmin)).send({ verified: false, finding: '再核实一次' }).expect(409);
      const year = Number(chinaDate(new Date()).slice(0, 4));
      const rec = await request(t.app).get(`/api/admin/complaints/staff-record?centerId=${tree.town}&year=${year}`).set(bearer(townAdmin)).expect(200);
      expect(ZComplaintStaffRecord.parse(rec.body).items[0]).toMatchObject({ staffId: townStaff.user.id, verifiedComplaints: i + 1, consequence: i === 0 ? '通报所在部门' : '建议调离服务中心' });
    }
    await request(t.app).get(`/api/admin/complaints/staff-record?centerId=${tree.town}&year=2026`).set(bearer(townStaff)).expect(403);
  });
  it('takes the routing and answer limits from the center’s settings', async () => {
    const settings = (patch: Record<string, unknown>) => request(t.app).put(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).send({ complaints: patch }).expect(200);
    await settings({ routeDays: 2, answerDays: 10 });
    try {
      const svc = createComplaintService();
      const res = await svc.file(undefined, { kind: 'complaint', anonymous: true, centerId: tree.town, target: { kind: 'center' }, content: '按中心设置计算时限' }, new Date('2026-09-30T02:00:00Z'));
      // 国庆 10/1–10/7 off: route by the 2nd working day (10/9), answer by the 10th (10/20).
      expect(res.answerDue).toBe('2026-10-20');
      expect((await t.db.collection('complaints').findOne({ code: res.code }))!.routeDue).toBe('2026-10-09');
    } finally {
      await settings({ routeDays: null, answerDays: null });
    }
  });
});
