import request from 'supertest';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { chinaDate, ZMyScorecard, ZScoreLine, ZScorecards, type TTokens } from '@bianmin/shared';
import { rollToday } from '../../api/src/modules/facts';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInStaff, type Tree } from '../support/factories';

let t: TestApp;
let tree: Tree;
let admin: TTokens;
let s1: TTokens;
let s2: TTokens;
let g: TTokens;
const win = new Types.ObjectId();

/** November 2026 at the town: facts written directly, so every expected figure below can be checked by hand. */
beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [admin, s1, s2, g] = await Promise.all([signInStaff(t, 'admin', tree.town), signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town), signInStaff(t, 'agent', tree.town)]);
  const center = new Types.ObjectId(tree.town);
  await t.db.collection('bookingwindows').insertOne({ _id: win, centerId: center, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 0 });
  const staffOf = [s1, s1, s1, s2, s2];
  const bookings = staffOf.map(() => new Types.ObjectId());
  const tickets = staffOf.map(() => new Types.ObjectId());
  await t.db.collection('queuetickets').insertMany(staffOf.map((s, i) => ({ _id: tickets[i], calledBy: new Types.ObjectId(s.user.id) })));
  await t.db.collection('bookings').insertMany(
    bookings.map((id, i) => ({ _id: id, centerId: center, windowId: win, status: 'served', ticketId: tickets[i], servedBy: new Types.ObjectId(staffOf[i].user.id), slotStart: new Date(`2026-11-1${i}T02:00:00Z`) })),
  );
  const cases = [new Types.ObjectId(), new Types.ObjectId()];
  await t.db.collection('delegations').insertMany([
    { _id: cases[0], centerId: center, agentId: new Types.ObjectId(g.user.id), state: 'completed', completedOn: '2026-11-20', stages: [{ key: 'a', lateDays: 0 }] },
    { _id: cases[1], centerId: center, agentId: new Types.ObjectId(g.user.id), state: 'followed_up', completedOn: '2026-11-25', stages: [{ key: 'a', lateDays: 2 }] },
  ]);
  const rating = (id: string, level: number, staffId: string | null, extra: Record<string, unknown> = {}) => ({
    _id: id, level, centerId: center, centerKey: tree.town, windowId: staffId ? win : null, staffId: staffId ? new Types.ObjectId(staffId) : null, agentId: null, excluded: false, createdAt: new Date('2026-11-26T02:00:00Z'), ...extra,
  });
  await t.db.collection('ratings').insertMany([
    rating(`booking:${bookings[0]}`, 5, s1.user.id),
    rating(`booking:${bookings[1]}`, 2, s1.user.id),
    rating(`booking:${bookings[2]}`, 1, s1.user.id),
    // bookings[3]: not rated.
    rating(`booking:${bookings[4]}`, 1, s2.user.id, { excluded: true }),
    rating(`case:${cases[0]}`, 4, null, { agentId: new Types.ObjectId(g.user.id), windowId: null }),
  ] as never[]);
  await t.db.collection('rectifications').insertMany([
    { _id: `booking:${bookings[1]}`, centerKey: tree.town, status: 'closed' },
    { _id: `booking:${bookings[2]}`, centerKey: tree.town, status: 'contact' },
    { _id: `booking:${bookings[4]}`, centerKey: tree.town, status: 'open' },
  ] as never[]);
  await t.db.collection('lapses').insertMany([
    { _id: 'l1', centerId: center, agentId: new Types.ObjectId(g.user.id), date: '2026-11-21' },
    { _id: 'l2', centerId: center, agentId: new Types.ObjectId(g.user.id), date: '2026-11-24' },
    { _id: 'l3', centerId: center, windowId: win, staffId: new Types.ObjectId(s1.user.id), date: '2026-11-12' },
    { _id: 'l4', centerId: center, date: '2026-12-01' },
  ] as never[]);
  await t.db.collection('complaints').insertOne({ centerKey: tree.town, centerId: center, kind: 'complaint', staffId: new Types.ObjectId(s1.user.id), createdAt: new Date('2026-11-15T02:00:00Z') });
});
afterAll(() => t.close());

describe('GET /api/admin/scorecards', () => {
  it('refuses staff, other centers and bad periods', async () => {
    await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=month:2026-11`).set(bearer(s1)).expect(403);
    const other = await signInStaff(t, 'admin', tree.town2);
    await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=month:2026-11`).set(bearer(other)).expect(403);
    const bad = await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=2026-11`).set(bearer(admin)).expect(400);
    expect(bad.body.error.details[0].field).toBe('query.period');
  });
  it('computes the month by hand-checked figures', async () => {
    const res = await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=month:2026-11`).set(bearer(admin)).expect(200);
    // The answer is the shared contract the mini-app imports: every line a ZScoreLine.
    expect(ZScorecards.parse(res.body).period).toEqual({ kind: 'month', value: '2026-11' });
    for (const l of [...res.body.centers, ...res.body.windows, ...res.body.staff, ...res.body.agents]) expect(() => ZScoreLine.parse(l)).not.toThrow();
    // Center: 5 served bookings + 2 finished cases = 7 records. Counted ratings 4 (the 5th was excluded on appeal):
    // good 2 (5 and 4) → 50%; bad 2: one rectified (closed) → 50%, both contacted → 100%; unrated 3 of 7 → 42.9%;
    // cases on time 1 of 2 → 50%; lapses 3 in November (the December one is not counted); complaints 1.
    expect(res.body.centers).toEqual([
      expect.objectContaining({ served: 5, casesFinished: 2, ratings: 4, goodRate: 50, activeGoodRate: 50, badCount: 2, rectifiedRate: 50, followUpRate: 100, unratedRate: 42.9, onTimeRate: 50, lapses: 3, complaints: 1 }),
    ]);
    const byKey = (list: { key: string }[], id: string) => list.find((l) => l.key.endsWith(id));
    // Staff 1: served 3, rated 3, good 1 → 33.3%, bad 2, rectified 1 → 50%, unrated 0, one reception lapse, one complaint.
    expect(byKey(res.body.staff, s1.user.id)).toMatchObject({ served: 3, ratings: 3, goodRate: 33.3, badCount: 2, rectifiedRate: 50, followUpRate: 100, unratedRate: 0, lapses: 1, complaints: 1 });
    // Staff 2: served 2, no counted rating → no 好评率, unrated 100%.
    expect(byKey(res.body.staff, s2.user.id)).toMatchObject({ served: 2, ratings: 0, goodRate: null, unratedRate: 100 });
    // Agent: 2 cases, on time 50%, 1 rating (good) → 100%, unrated 1 of 2 → 50%, lapses 2.
    expect(byKey(res.body.agents, g.user.id)).toMatchObject({ casesFinished: 2, onTimeRate: 50, ratings: 1, goodRate: 100, unratedRate: 50, lapses: 2 });
    expect(byKey(res.body.windows, String(win))).toMatchObject({ name: '综合窗口', served: 5, ratings: 3 });
  });
  it('exports the same numbers as the API, one sheet per kind', async () => {
    const api = await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=month:2026-11`).set(bearer(admin)).expect(200);
    await request(t.app).get(`/api/admin/scorecards.xlsx?centerId=${tree.town}&period=month:2026-11`).set(bearer(s1)).expect(403);
    const x = await request(t.app).get(`/api/admin/scorecards.xlsx?centerId=${tree.town}&period=month:2026-11`).set(bearer(admin)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    const buf = x.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const center = wb.getWorksheet('中心')!;
    // 办件 (window cases; none here) first, then bookings (预约接待, no longer 办件) and 代办 on their own columns.
    const header = center.getRow(2).values as unknown[];
    expect(header).not.toContain('办件量（预约）');
    expect(header.slice(16, 19)).toEqual(['预约接待', '代办办结', '代办限时办结率%']);
    const c = api.body.centers[0];
    const cell = (label: string) => center.getRow(3).getCell(header.indexOf(label)).value;
    expect([cell('名称'), cell('预约接待'), cell('代办办结'), cell('代办限时办结率%'), cell('失误'), cell('评价数'), cell('好评率%'), cell('未评价率%'), cell('投诉'), cell('受理办件')]).toEqual([
      c.name, c.served, c.casesFinished, c.onTimeRate, c.lapses, c.ratings, c.goodRate, c.unratedRate, c.complaints, 0,
    ]);
    expect(wb.getWorksheet('工作人员')!.rowCount).toBe(api.body.staff.length + 2);
  });
  it('gives a staff member their own line only', async () => {
    const res = await request(t.app).get('/api/staff/scorecard?period=quarter:2026-Q4').set(bearer(s2)).expect(200);
    expect(res.body).toMatchObject({ from: '2026-10-01', to: '2027-01-01', line: { key: `staff:${s2.user.id}`, served: 2 } });
    expect(ZScoreLine.parse(ZMyScorecard.parse(res.body).line)).toMatchObject({ served: 2 });
  });
  it('says up to when today is counted (数据截至) for a period that reaches today, and nothing for one that has ended', async () => {
    const month = `month:${chinaDate(new Date()).slice(0, 7)}`;
    const before = Date.now();
    const live = ZMyScorecard.parse((await request(t.app).get(`/api/staff/scorecard?period=${month}`).set(bearer(s1)).expect(200)).body);
    expect(Date.parse(live.countedAt!)).toBeGreaterThanOrEqual(before - 1000);
    // Once the job has counted today, reads show today as of that count (what a just-finished case waits for).
    await rollToday();
    const job = await t.db.collection('provisionaldays').findOne({});
    const cards = ZScorecards.parse((await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=${month}`).set(bearer(admin)).expect(200)).body);
    expect(cards.countedAt).toBe((job!.asOf as Date).toISOString());
    const ended = (await request(t.app).get('/api/staff/scorecard?period=month:2020-01').set(bearer(s1)).expect(200)).body;
    expect(ended).not.toHaveProperty('countedAt');
  });
  it('refuses citizens and admins the staff route, and staff without a center line get null', async () => {
    await request(t.app).get('/api/staff/scorecard?period=month:2026-11').set(bearer(admin)).expect(403);
    const fresh = await signInStaff(t, 'agent', tree.town2);
    const res = await request(t.app).get('/api/staff/scorecard?period=month:2026-11').set(bearer(fresh)).expect(200);
    expect(res.body.line).toBeNull();
  });
});
