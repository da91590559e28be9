import request from 'supertest';
import { Types } from 'mongoose';
import { ZMonthlyReportList, ZReportFigures, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInStaff, type Tree } from '../support/factories';
import { createComplaintService } from '../../api/src/modules/complaints';
// pdf-parse's index runs a self-test when required directly; the library file does not.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (b: Buffer) => Promise<{ text: string }>;

let t: TestApp;
let tree: Tree;
let admin: TTokens;

/** October 2026: 国庆 10/1–10/7 off, 10/10 (Sat) a make-up working day. Facts written directly, counted by hand. */
beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  admin = await signInStaff(t, 'admin', tree.town);
  const center = new Types.ObjectId(tree.town);
  const immediate = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'R-IM' }));
  const committed = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'R-CM', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 5 }));
  const at = (d: string) => new Date(`${d}T02:00:00Z`);
  await t.db.collection('bookings').insertMany([
    { centerId: center, itemId: new Types.ObjectId(immediate), status: 'served', slotStart: at('2026-10-09') },
    { centerId: center, itemId: new Types.ObjectId(immediate), status: 'served', slotStart: at('2026-10-10') },
    { centerId: center, itemId: new Types.ObjectId(committed), status: 'served', slotStart: at('2026-10-12') },
    { centerId: center, itemId: new Types.ObjectId(committed), status: 'served', slotStart: at('2026-09-30') },
    { centerId: center, itemId: new Types.ObjectId(immediate), status: 'cancelled', slotStart: at('2026-10-13') },
  ]);
  const refused = new Types.ObjectId();
  const corrected = new Types.ObjectId();
  await t.db.collection('delegations').insertMany([
    { centerId: center, mode: 'help', createdAt: at('2026-10-08'), updatedAt: at('2026-10-08'), state: 'accepted' },
    { centerId: center, mode: 'delegate', createdAt: at('2026-10-09'), updatedAt: at('2026-10-09'), state: 'in_progress' },
    { _id: refused, centerId: center, mode: 'home', createdAt: at('2026-10-12'), updatedAt: at('2026-10-20'), state: 'refused' },
    { _id: corrected, centerId: center, mode: 'home', createdAt: at('2026-10-14'), updatedAt: at('2026-10-14'), state: 'correction' },
  ]);
  await t.db.collection('ledgerentries').insertMany([
    { caseKey: String(corrected), centerKey: tree.town, type: 'request_correction', at: at('2026-10-15') },
    { caseKey: String(corrected), centerKey: tree.town, type: 'request_correction', at: at('2026-10-16') },
  ]);
  const r = (level: number, d: string, extra = {}) => ({ _id: `booking:${new Types.ObjectId()}`, level, centerKey: tree.town, centerId: center, createdAt: at(d), excluded: false, ...extra });
  const bad1 = r(2, '2026-10-12');
  const bad2 = r(1, '2026-10-20');
  await t.db.collection('ratings').insertMany([r(5, '2026-10-09'), r(4, '2026-10-10'), r(3, '2026-10-12'), bad1, bad2, r(1, '2026-10-21', { excluded: true })] as never[]);
  await t.db.collection('rectifications').insertMany([{ _id: bad1._id, centerKey: tree.town, status: 'closed' }, { _id: bad2._id, centerKey: tree.town, status: 'contact' }] as never[]);
  await t.db.collection('complaints').insertMany([
    { centerKey: tree.town, createdAt: at('2026-10-08'), status: 'answered', answerDue: '2026-10-14', answeredAt: at('2026-10-13') },
    { centerKey: tree.town, createdAt: at('2026-10-09'), status: 'answered', answerDue: '2026-10-15', answeredAt: at('2026-10-19') },
    { centerKey: tree.town, createdAt: at('2026-10-26'), status: 'routed', answerDue: '2026-11-02' },
  ]);
});
afterAll(() => t.close());

describe('monthly public report', () => {
  it('refuses other centers’ admins, staff, and months not over yet', async () => {
    const other = await signInStaff(t, 'admin', tree.town2);
    await request(t.app).post('/api/admin/reports').set(bearer(other)).send({ centerId: tree.town, month: '2026-10' }).expect(403);
    await request(t.app).post('/api/admin/reports').set(bearer(await signInStaff(t, 'staff', tree.town))).send({ centerId: tree.town, month: '2026-10' }).expect(403);
    const future = await request(t.app).post('/api/admin/reports').set(bearer(admin)).send({ centerId: tree.town, month: '2099-01' }).expect(400);
    expect(future.body.error.details[0].field).toBe('month');
    await request(t.app).get(`/api/reports/${tree.town}/2026-10`).expect(404);
  });
  it('computes October 2026 (holidays at the start) by hand-checked figures, stores it and publishes it', async () => {
    const res = await request(t.app).post('/api/admin/reports').set(bearer(admin)).send({ centerId: tree.town, month: '2026-10' }).expect(201);
    // The shared contract the public report page imports.
    expect(ZReportFigures.parse(res.body)).toMatchObject({ month: '2026-10', from: '2026-10-01', to: '2026-11-01' });
    // 办件 are window cases (none in this fixture; tests/api/case-counting.test.ts counts them by hand): served
    // bookings are no longer 办件 but their own line — three served in October (10/9, 10/10 make-up Saturday, 10/12);
    // 9/30 and the cancelled one don't count.
    expect(res.body.cases).toMatchObject({ received: 0, immediate: 0, committed: 0, completed: 0, onTimeRate: null });
    expect(res.body.bookings).toEqual({ served: 3 });
    // 代办 on its own line: 退办 one case refused in October; 补办 one case with (two) correction notices.
    expect(res.body.assisted).toEqual({ help: 1, delegate: 1, home: 2, refused: 1, corrected: 1, finished: 0, onTimeRate: null });
    // Ratings counted 5 (the appeal-upheld one is out): 3 good → 60%; 2 bad, one rectified.
    expect(res.body.ratings).toMatchObject({ total: 5, byLevel: { '5': 1, '4': 1, '3': 1, '2': 1, '1': 1 }, goodRate: 60, bad: 2, badRectified: 1 });
    // Complaints: 3 received, 2 answered, 1 of them in time.
    expect(res.body.complaints).toEqual({ total: 3, answered: 2, answeredInTime: 1 });
    const pub = await request(t.app).get(`/api/reports/${tree.town}/2026-10`).expect(200);
    expect(ZReportFigures.parse(pub.body)).toEqual(res.body);
    expect(ZMonthlyReportList.parse((await request(t.app).get(`/api/reports?centerId=${tree.town}`).expect(200)).body).items).toEqual([{ month: '2026-10' }]);
  });
  it('prints a PDF that opens and holds the figures', async () => {
    const res = await request(t.app).get(`/api/reports/${tree.town}/2026-10/pdf`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfParse(res.body as Buffer);
    const flat = text.replace(/\s+/g, '');
    for (const s of ['甲镇便民服务中心', '2026年10月政务服务情况公告', '受理办件：0', '即办件：0', '预约接待：3', '代办退办：1', '代办补正：1', '好评率：60%', '差评：2件，已整改1件', '已答复：2件，其中按时答复1件', '上门服务：2']) {
      expect(flat).toContain(s);
    }
  });
  it('is generated automatically in the first days of the next month, once', async () => {
    const { generateDue } = await import('../../api/src/modules/reports');
    expect(await generateDue(new Date('2026-12-03T02:00:00Z'))).toBe(4);
    expect(await generateDue(new Date('2026-12-03T02:00:00Z'))).toBe(0);
    expect(await generateDue(new Date('2026-12-12T02:00:00Z'))).toBe(0);
  });
});

describe('deadlines across holidays', () => {
  it('a complaint filed on 2026-09-30 is due to be routed by 10/8 and answered by 10/13', async () => {
    const svc = createComplaintService();
    const res = await svc.file(undefined, { kind: 'complaint', anonymous: true, centerId: tree.town, target: { kind: 'center' }, content: '国庆前反映的问题' }, new Date('2026-09-30T02:00:00Z'));
    // 国庆 10/1–10/7 off: 10/8 (1), 10/9 (2), 10/10 make-up Sat (3), 10/12 (4), 10/13 (5).
    expect(res.answerDue).toBe('2026-10-13');
    expect((await t.db.collection('complaints').findOne({ code: res.code }))!.routeDue).toBe('2026-10-08');
  });
});
