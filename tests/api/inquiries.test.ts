import request from 'supertest';
import { Types } from 'mongoose';
import ExcelJS from 'exceljs';
import { chinaDate, WorkingCalendar, ZInquiryList, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { createInquiryService } from '../../api/src/modules/inquiries';
import { coverMovesOf } from '../../api/src/modules/absences';

let t: TestApp;
let tree: Tree;
let townStaff: TTokens;
let townStaff2: TTokens;
let townAdmin: TTokens;
let town2Staff: TTokens;
const cal = new WorkingCalendar({ national: nationalSchedule() });

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townStaff, townStaff2, townAdmin, town2Staff] = await Promise.all([
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'staff', tree.town2),
  ]);
});
afterAll(() => t.close());

const post = (tokens: TTokens | undefined, path: string, body: Record<string, unknown>) => {
  const r = request(t.app).post(path);
  return (tokens ? r.set(bearer(tokens)) : r).send(body);
};
const referred = { question: '新生儿落户需要哪些材料？', matter: '出生登记', outcome: 'referred', referral: { to: '户籍窗口', receiver: '李警官' } };

describe('POST /api/staff/inquiries', () => {
  it('refuses: 401, 403 for a citizen, 400 naming the field; nothing written', async () => {
    await post(undefined, '/api/staff/inquiries', referred).expect(401);
    await post(await signInCitizen(t), '/api/staff/inquiries', referred).expect(403);
    const noReferral = await post(townStaff, '/api/staff/inquiries', { question: '问题', outcome: 'referred' }).expect(400);
    expect(noReferral.body.error.details[0].field).toBe('referral');
    const phone = await post(townStaff, '/api/staff/inquiries', { ...referred, phone: '123' }).expect(400);
    expect(phone.body.error.details[0].field).toBe('phone');
    expect(await t.db.collection('inquiries').countDocuments()).toBe(0);
  });
  it('answered on the spot is closed at once; referred is open with a follow-up due in 1 working day', async () => {
    const spot = await post(townStaff, '/api/staff/inquiries', { question: '社保卡挂失在哪里办？', outcome: 'answered', answer: '3号窗口', channel: 'phone' }).expect(201);
    expect(spot.body).toMatchObject({ status: 'closed', followUpDue: null, actions: [] });
    const res = await post(townStaff, '/api/staff/inquiries', { ...referred, phone: '13811112222' }).expect(201);
    expect(res.body).toMatchObject({ status: 'open', followUpDue: cal.addWorkingDays(chinaDate(new Date()), 1), actions: ['close'], phone: '13811112222' });
  });
});

describe('open, overdue and closing', () => {
  it('only the holder closes; another center sees nothing; overdue ones are listed and counted as a pending lapse once', async () => {
    const res = await post(townStaff, '/api/staff/inquiries', referred).expect(201);
    const id = res.body.id;
    const list = await request(t.app).get('/api/staff/inquiries').set(bearer(townStaff2)).expect(200);
    const seen = ZInquiryList.parse(list.body).items.find((i) => i.id === id)!;
    expect(seen.actions).toEqual([]);
    await post(townStaff2, `/api/staff/inquiries/${id}/close`, { note: '已电话告知' }).expect(403);
    await post(townAdmin, `/api/staff/inquiries/${id}/close`, { note: '已电话告知' }).expect(403);
    await post(town2Staff, `/api/staff/inquiries/${id}/close`, { note: '已电话告知' }).expect(404);
    const other = await request(t.app).get('/api/staff/inquiries?status=all').set(bearer(town2Staff)).expect(200);
    expect(other.body.items).toHaveLength(0);

    const svc = createInquiryService();
    const late = new Date(Date.now() + 10 * 86_400_000);
    const actor = { id: townStaff.user.id, role: 'staff' as const, centerId: tree.town };
    const overdue = await svc.list(actor, 'overdue', late);
    expect(overdue.items.map((i) => i.id)).toContain(id);
    await svc.list(actor, 'overdue', late);
    const lapse = await t.db.collection('lapses').findOne({ _id: `inquiry-overdue:${id}` as never });
    expect(lapse).toMatchObject({ status: 'pending', kind: 'deadline' });
    expect(String(lapse!.staffId)).toBe(townStaff.user.id);
    expect(await t.db.collection('lapses').countDocuments({ _id: `inquiry-overdue:${id}` as never })).toBe(1);

    const closed = await post(townStaff, `/api/staff/inquiries/${id}/close`, { note: '已电话告知所需材料' }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeNote: '已电话告知所需材料' });
    await post(townStaff, `/api/staff/inquiries/${id}/close`, { note: '再次办结' }).expect(409);
    expect(await t.db.collection('inquiryevents').countDocuments({ type: 'closed' })).toBe(1);
  });
  it('takes the follow-up days from the center’s settings', async () => {
    const settings = (v: number | null) => request(t.app).put(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).send({ inquiries: { followUpDays: v } }).expect(200);
    await settings(3);
    try {
      const res = await post(townStaff, '/api/staff/inquiries', referred).expect(201);
      expect(res.body.followUpDue).toBe(cal.addWorkingDays(chinaDate(new Date()), 3));
    } finally {
      await settings(null);
    }
  });
  it('exports the register to Excel', async () => {
    const res = await request(t.app).get('/api/staff/inquiries/export.xlsx?status=all').set(bearer(townStaff)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.getWorksheet('首问登记')!;
    expect(ws.getRow(1).getCell(5).value).toBe('咨询问题');
    const questions = ws.getColumn(5).values.slice(2);
    expect(questions).toContain('新生儿落户需要哪些材料？');
    expect(ws.rowCount - 1).toBe((await request(t.app).get('/api/staff/inquiries?status=all').set(bearer(townStaff))).body.items.length);
  });
});

describe('AB岗: an absent holder’s open 首问 entries go to B', () => {
  it('when A is recorded away today, then listing hands A’s open entries to B, each move recorded once, and B closes them', async () => {
    const [a, b] = await Promise.all([signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town)]);
    await request(t.app)
      .post('/api/admin/windows')
      .set(bearer(townAdmin))
      .send({ centerId: tree.town, name: '首问AB窗口', code: 'Q', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 1, staffA: a.user.id, staffB: b.user.id })
      .expect(201);
    const open = await post(a, '/api/staff/inquiries', referred).expect(201);
    const spot = await post(a, '/api/staff/inquiries', { question: '在哪里复印？', outcome: 'answered', answer: '大厅东侧' }).expect(201);
    const today = chinaDate(new Date());
    await request(t.app).post('/api/staff/absences').set(bearer(a)).send({ from: today, to: today, reason: '外出培训' }).expect(201);

    const list = await request(t.app).get('/api/staff/inquiries').set(bearer(b)).expect(200);
    const moved = ZInquiryList.parse(list.body).items.find((i) => i.id === open.body.id)!;
    expect(moved).toMatchObject({ holderId: b.user.id, holderName: '测试staff', actions: ['close'] });
    await request(t.app).get('/api/staff/inquiries').set(bearer(a)).expect(200);
    const events = await t.db.collection('inquiryevents').find({ inquiryId: new Types.ObjectId(open.body.id) }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.type)).toEqual(['recorded', 'cover']);
    expect(events[1]!.data).toMatchObject({ from: a.user.id, to: b.user.id, date: today });
    expect(await coverMovesOf(open.body.id)).toEqual([{ kind: 'inquiry', fromUser: a.user.id, toUser: b.user.id, date: today, detail: referred.question }]);
    // A closed entry stays with A; A may no longer close the one B now holds.
    expect(await coverMovesOf(spot.body.id)).toEqual([]);
    await post(a, `/api/staff/inquiries/${open.body.id}/close`, { note: '已答复' }).expect(403);
    await post(b, `/api/staff/inquiries/${open.body.id}/close`, { note: '已电话答复' }).expect(200);
  });
});
