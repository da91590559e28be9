import request from 'supertest';
import { addDays, chinaDate, chinaInstant, isBadRating, miniappPath, weekday, WorkingCalendar, ZRating, ZRatingList, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let townAdmin2: TTokens;
let townStaff: TTokens;
let town2Staff: TTokens;
let itemId: string;
let windowId: string;

const cal = new WorkingCalendar({ national: nationalSchedule() });
let day = addDays(chinaDate(new Date()), 2);
while (!cal.isOpen(day) || weekday(day) > 5) day = addDays(day, 1);
let minute = 8 * 60 + 30;

/** A booking taken through to served at the window (fixed times on an open day), for a fresh citizen. */
async function servedBooking(): Promise<{ citizen: TTokens; bookingId: string }> {
  const citizen = await signInCitizen(t);
  const slot = chinaInstant(day, minute);
  minute += 30;
  if (minute === 12 * 60) minute = 13 * 60;
  const b = await request(t.app).post('/api/bookings').set(bearer(citizen)).send({ itemId, slotStart: slot.toISOString() }).expect(201);
  const staff = { id: townStaff.user.id, role: 'staff' as const, centerId: tree.town };
  const at = new Date(slot.getTime() - 5 * 60_000);
  await t.queue.checkIn(staff, b.body.code, at);
  const ticket = await t.queue.callNext(staff, windowId, at);
  await t.queue.done(staff, ticket.id);
  return { citizen, bookingId: b.body.id };
}

const dims = { overall: 5, efficiency: 5, service: 5, attitude: 5 } as const;
const rate = (c: TTokens, bookingId: string, level: number, extra: Record<string, unknown> = {}) =>
  request(t.app).post('/api/ratings').set(bearer(c)).send({ subject: { kind: 'booking', id: bookingId }, level, dims: { ...dims, overall: level }, ...extra });

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, townAdmin2, townStaff, town2Staff] = await Promise.all([
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town2),
  ]);
  itemId = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'EV-1' }));
  windowId = (await request(t.app).post('/api/admin/windows').set(bearer(townAdmin)).send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 20, heldBack: 0 }).expect(201)).body.id;
});
afterAll(() => t.close());

describe('POST /api/ratings (refusals)', () => {
  it('when not signed in → 401; staff → 403; someone else’s booking → 404; not yet served → 409', async () => {
    const { bookingId } = await servedBooking();
    await request(t.app).post('/api/ratings').send({ subject: { kind: 'booking', id: bookingId }, level: 5, dims }).expect(401);
    await rate(townStaff, bookingId, 5).expect(403);
    await rate(await signInCitizen(t), bookingId, 5).expect(404);
    const c = await signInCitizen(t);
    const booked = await request(t.app).post('/api/bookings').set(bearer(c)).send({ itemId, slotStart: chinaInstant(day, 16 * 60).toISOString() }).expect(201);
    const early = await rate(c, booked.body.id, 5).expect(409);
    expect(early.body.error.message).toMatch(/办结后/);
    expect(await t.db.collection('ratings').countDocuments()).toBe(0);
  });
  it('when the level or a dimension is wrong or missing, then 400 naming it', async () => {
    const { citizen, bookingId } = await servedBooking();
    const a = await rate(citizen, bookingId, 6).expect(400);
    expect(a.body.error.details.map((d: { field: string }) => d.field)).toContain('level');
    const b = await request(t.app).post('/api/ratings').set(bearer(citizen)).send({ subject: { kind: 'booking', id: bookingId }, level: 4, dims: { overall: 4 } }).expect(400);
    expect(b.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['dims.efficiency', 'dims.service', 'dims.attitude']));
    await rate(citizen, bookingId, 5, { staffId: townStaff.user.id }).expect(400);
  });
});

describe('one rating per record', () => {
  it('when 20 submissions race, then one rating is stored and the rest get 409', async () => {
    const { citizen, bookingId } = await servedBooking();
    const rs = await Promise.all(Array.from({ length: 20 }, () => rate(citizen, bookingId, 4)));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    expect(rs.filter((r) => r.status === 409)).toHaveLength(19);
    const stored = await t.db.collection('ratings').find({ subjectId: { $exists: true }, _id: `booking:${bookingId}` as never }).toArray();
    expect(stored).toHaveLength(1);
    // Who served comes from the record: the staff member who called the number, the window, the center.
    expect(String(stored[0].staffId)).toBe(townStaff.user.id);
    expect(String(stored[0].windowId)).toBe(windowId);
    expect(String(stored[0].centerId)).toBe(tree.town);
  });
  it('when the rating period has passed, then it counts as not rated and no rating is made up', async () => {
    const { citizen, bookingId } = await servedBooking();
    await expect(
      t.evaluations.rate({ id: citizen.user.id, role: 'citizen' }, { subject: { kind: 'booking', id: bookingId }, level: 5, dims }, new Date(Date.now() + 8 * 86_400_000)),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await t.db.collection('ratings').countDocuments({ _id: `booking:${bookingId}` as never })).toBe(0);
  });
  it('when the center sets a shorter rating period, then ratings after it are refused with that period named', async () => {
    const settings = (patch: Record<string, unknown>) => request(t.app).put(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).send({ evaluation: patch }).expect(200);
    await settings({ ratingPeriodDays: 2 });
    try {
      const { citizen, bookingId } = await servedBooking();
      const actor = { id: citizen.user.id, role: 'citizen' as const };
      const input = { subject: { kind: 'booking' as const, id: bookingId }, level: 5 as const, dims };
      await expect(t.evaluations.rate(actor, input, new Date(Date.now() + 3 * 86_400_000))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('2天') });
      expect(ZRating.parse(await t.evaluations.rate(actor, input, new Date(Date.now() + 86_400_000))).level).toBe(5);
    } finally {
      await settings({ ratingPeriodDays: null });
    }
  });
});

describe('差评 put right', () => {
  it('opens a rectification due in 1 and 5 working days; staff go in order; the citizen follows and answers', async () => {
    const { citizen, bookingId } = await servedBooking();
    const r = await rate(citizen, bookingId, 2, { comment: '等了很久没人理' }).expect(201);
    const today = chinaDate(new Date());
    expect(r.body.rectification).toMatchObject({ status: 'open', contactDue: cal.addWorkingDays(today, 1), rectifyDue: cal.addWorkingDays(today, 5) });
    const id = r.body.id;
    await request(t.app).post(`/api/staff/ratings/${id}/rectification`).set(bearer(town2Staff)).send({ action: 'contact', note: '电话回访' }).expect(403);
    const skip = await request(t.app).post(`/api/staff/ratings/${id}/rectification`).set(bearer(townStaff)).send({ action: 'rectify', note: '已整改' }).expect(409);
    expect(skip.body.error).toMatchObject({ message: '下一步应为“回访联系”', expected: 'contact' });
    const list = await request(t.app).get('/api/staff/ratings?bad=true').set(bearer(townStaff)).expect(200);
    expect(ZRatingList.parse(list.body).items.every((x) => isBadRating(x.level))).toBe(true);
    expect(list.body.items.find((x: { id: string }) => x.id === id).raterPhone).toMatch(/^1\d{10}$/);
    for (const action of ['contact', 'verify', 'rectify', 'reply']) {
      await request(t.app).post(`/api/staff/ratings/${id}/rectification`).set(bearer(townStaff)).send({ action, note: `${action}：已处理` }).expect(200);
    }
    const mine = await request(t.app).get(`/api/ratings/${id}`).set(bearer(citizen)).expect(200);
    expect(mine.body.rectification.steps.map((s: { action: string }) => s.action)).toEqual(['contact', 'verify', 'rectify', 'reply']);
    await request(t.app).get(`/api/ratings/${id}`).set(bearer(await signInCitizen(t))).expect(404);
    const fb = await request(t.app).post(`/api/ratings/${id}/feedback`).set(bearer(citizen)).send({ satisfied: true }).expect(200);
    expect(fb.body.rectification).toMatchObject({ status: 'closed', citizenSatisfied: true });
    await request(t.app).post(`/api/ratings/${id}/feedback`).set(bearer(citizen)).send({ satisfied: false }).expect(409);
  });
  it('counts the 回访 and 整改 deadlines in working days across 国庆 (rated 2026-09-30 → 10/8 and 10/13)', async () => {
    const { citizen, bookingId } = await servedBooking();
    // 国庆 10/1–10/7 off: 10/8 (1), 10/9 (2), 10/10 make-up Sat (3), 10/12 (4), 10/13 (5).
    const r = await t.evaluations.rate({ id: citizen.user.id, role: 'citizen' }, { subject: { kind: 'booking', id: bookingId }, level: 1, dims: { ...dims, overall: 1 } }, new Date('2026-09-30T08:00:00Z'));
    expect(r.rectification).toMatchObject({ contactDue: '2026-10-08', rectifyDue: '2026-10-13' });
  });
  it('uses the center’s own limits when set (provinces use 5 to 15 working days)', async () => {
    await request(t.app).put(`/api/admin/centers/${tree.town}/evaluation-rules`).set(bearer(townStaff)).send({ contactDays: 1, rectifyDays: 10 }).expect(403);
    const bad = await request(t.app).put(`/api/admin/centers/${tree.town}/evaluation-rules`).set(bearer(townAdmin)).send({ contactDays: 3, rectifyDays: 2 }).expect(400);
    expect(bad.body.error.details[0].field).toBe('rectifyDays');
    await request(t.app).put(`/api/admin/centers/${tree.town}/evaluation-rules`).set(bearer(townAdmin)).send({ contactDays: 1, rectifyDays: 10 }).expect(200);
    // The legacy endpoint writes the center's settings: the settings view shows the value and where it came from.
    const view = await request(t.app).get(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).expect(200);
    expect(view.body.settings.evaluation).toMatchObject({ contactDays: 1, rectifyDays: 10 });
    expect(view.body.sources['evaluation.rectifyDays']).toMatchObject({ centerId: tree.town });
    const { citizen, bookingId } = await servedBooking();
    const r = await rate(citizen, bookingId, 2).expect(201);
    expect(r.body.rectification.rectifyDue).toBe(cal.addWorkingDays(chinaDate(new Date()), 10));
    await request(t.app).put(`/api/admin/centers/${tree.town}/evaluation-rules`).set(bearer(townAdmin)).send({ contactDays: 1, rectifyDays: 5 }).expect(200);
  });
  it('counts a lapse when contact or reply is late (once, however often the sweep runs)', async () => {
    const { citizen, bookingId } = await servedBooking();
    const r = await rate(citizen, bookingId, 1).expect(201);
    const later = new Date(Date.now() + 20 * 86_400_000);
    await t.evaluations.sweepOverdue(later);
    await t.evaluations.sweepOverdue(later);
    const lapses = await t.db.collection('lapses').find({ _id: { $in: [`rating-contact:${r.body.id}`, `rating-reply:${r.body.id}`] } as never }).toArray();
    expect(lapses).toHaveLength(2);
  });
  it('lets staff appeal once and an admin (not the appellant) decide; an upheld appeal keeps the rating but excludes it', async () => {
    const { citizen, bookingId } = await servedBooking();
    const r = await rate(citizen, bookingId, 1, { comment: '恶意差评测试' }).expect(201);
    const id = r.body.id;
    await request(t.app).post(`/api/staff/ratings/${id}/appeal`).set(bearer(town2Staff)).send({ reason: '不是本中心的服务' }).expect(403);
    await request(t.app).post(`/api/staff/ratings/${id}/appeal`).set(bearer(townAdmin)).send({ reason: '当日系统故障，非工作人员原因' }).expect(201);
    await request(t.app).post(`/api/staff/ratings/${id}/appeal`).set(bearer(townStaff)).send({ reason: '再次申诉内容' }).expect(409);
    await request(t.app).post(`/api/admin/ratings/${id}/appeal/decision`).set(bearer(townAdmin)).send({ decision: 'upheld', reason: '自己复核自己' }).expect(403);
    await request(t.app).post(`/api/admin/ratings/${id}/appeal/decision`).set(bearer(townAdmin2)).send({ decision: 'upheld', reason: '核实为系统故障所致' }).expect(200);
    const stored = await t.db.collection('ratings').findOne({ _id: id as never });
    expect(stored).toMatchObject({ excluded: true, level: 1 });
    await request(t.app).post(`/api/admin/ratings/${id}/appeal/decision`).set(bearer(townAdmin2)).send({ decision: 'rejected', reason: '改变主意了吧' }).expect(409);
  });
});

describe('rating cards', () => {
  it('rates once by a printed single-use token without signing in; reuse and made-up tokens are refused', async () => {
    const { bookingId } = await servedBooking();
    await request(t.app).post('/api/staff/rating-cards').set(bearer(town2Staff)).send({ kind: 'booking', id: bookingId }).expect(403);
    const card = await request(t.app).post('/api/staff/rating-cards').set(bearer(townStaff)).send({ kind: 'booking', id: bookingId }).expect(201);
    expect(card.body.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The card's QR opens the rating page of the mini-app (a page declared in app.config.ts).
    expect(card.body.path).toBe(miniappPath('rate', { card: card.body.token }));
    const res = await request(t.app).post('/api/ratings/card').send({ token: card.body.token, level: 5, dims }).expect(201);
    expect(res.body.channel).toBe('card');
    expect((await t.db.collection('ratings').findOne({ _id: `booking:${bookingId}` as never }))!.raterId).toBeNull();
    await request(t.app).post('/api/ratings/card').send({ token: card.body.token, level: 1, dims }).expect(409);
    await request(t.app).post('/api/ratings/card').send({ token: 'A'.repeat(22), level: 5, dims }).expect(404);
    await request(t.app).post('/api/ratings/card').send({ token: 'short', level: 5, dims }).expect(400);
  });
});
