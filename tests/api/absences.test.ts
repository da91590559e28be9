import request from 'supertest';
import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, weekday, WorkingCalendar, ZAbsence, ZWindow, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { coverFor, coverMovesOf } from '../../api/src/modules/absences';

/**
 * AB岗 for windows (issue 10 part 3): absences as date ranges with a reason (no clock-in, no 打卡), overlapping
 * ranges refused, B covers while A is away, and a window with neither present is closed for booking, its booked
 * citizens told in advance.
 */

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let town2Admin: TTokens;
let staffA: TTokens;
let staffB: TTokens;
let other: TTokens;
let itemId: string;
let windowId: string;

const cal = new WorkingCalendar({ national: nationalSchedule() });
const today = chinaDate(new Date());
const openDays = (() => {
  const out: string[] = [];
  for (let d = addDays(today, 2); out.length < 6; d = addDays(d, 1)) if (cal.isOpen(d) && weekday(d) <= 5) out.push(d);
  return out;
})();
const at = (date: string, hhmm: string) => chinaInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))).toISOString();
const record = (who: TTokens | null, body: Record<string, unknown>) => {
  const r = request(t.app).post('/api/staff/absences');
  return (who ? r.set(bearer(who)) : r).send(body);
};
const absences = () => t.db.collection('absences');
const days = () => t.db.collection('absencedays');

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, town2Admin, staffA, staffB, other] = await Promise.all([
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town),
  ]);
  itemId = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'AB-1' }));
  // AB posts must be staff of the window's own center; A and B are two people.
  const town2Staff = await signInStaff(t, 'staff', tree.town2);
  const base = { centerId: tree.town, name: '3号窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 1 };
  const foreign = await request(t.app).post('/api/admin/windows').set(bearer(townAdmin)).send({ ...base, staffA: town2Staff.user.id }).expect(400);
  expect(foreign.body.error.details[0].field).toBe('staffA');
  const same = await request(t.app).post('/api/admin/windows').set(bearer(townAdmin)).send({ ...base, staffA: staffA.user.id, staffB: staffA.user.id }).expect(400);
  expect(same.body.error.details[0].field).toBe('staffB');
  const w = await request(t.app)
    .post('/api/admin/windows')
    .set(bearer(townAdmin))
    .send({ centerId: tree.town, name: '3号窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 1, staffA: staffA.user.id, staffB: staffB.user.id })
    .expect(201);
  expect(ZWindow.parse(w.body)).toMatchObject({ staffA: staffA.user.id, staffB: staffB.user.id });
  windowId = w.body.id;
});
afterAll(() => t.close());

describe('POST /api/staff/absences (refusals first; nothing written)', () => {
  it('when not signed in, a citizen, someone else’s staff or another center’s admin, then 401/403/404', async () => {
    await record(null, { from: openDays[0], to: openDays[0], reason: '年休假' }).expect(401);
    await record(await signInCitizen(t), { from: openDays[0], to: openDays[0], reason: '年休假' }).expect(403);
    await record(other, { userId: staffA.user.id, from: openDays[0], to: openDays[0], reason: '年休假' }).expect(403);
    await record(town2Admin, { userId: staffA.user.id, from: openDays[0], to: openDays[0], reason: '年休假' }).expect(403);
    await record(townAdmin, { userId: String(new Types.ObjectId()), from: openDays[0], to: openDays[0], reason: '年休假' }).expect(404);
    expect(await absences().countDocuments()).toBe(0);
  });
  it('when the range is backwards, the reason empty or a clock-in field is sent, then 400 naming the field', async () => {
    const a = await record(staffA, { from: openDays[1], to: openDays[0], reason: '年休假' }).expect(400);
    expect(a.body.error.details[0].field).toBe('to');
    const b = await record(staffA, { from: openDays[0], to: openDays[0], reason: '  ' }).expect(400);
    expect(b.body.error.details[0].field).toBe('reason');
    await record(staffA, { from: openDays[0], to: openDays[0], reason: '年休假', clockIn: '08:30' }).expect(400);
    expect(await absences().countDocuments()).toBe(0);
  });
  it('when a range overlaps one already recorded, then 400 naming from, and nothing more is stored', async () => {
    await record(other, { from: openDays[3], to: openDays[4], reason: '培训' }).expect(201);
    const clash = await record(other, { from: openDays[4], to: openDays[5], reason: '病假' }).expect(400);
    expect(clash.body.error.details[0]).toMatchObject({ field: 'from', message: expect.stringContaining('重叠') });
    expect(await absences().countDocuments({ userKey: other.user.id })).toBe(1);
    // Two overlapping ranges sent at the same moment: one is stored, the other refused, each day once.
    const both = await Promise.all([record(other, { from: openDays[0], to: openDays[1], reason: '事假' }), record(other, { from: openDays[1], to: openDays[2], reason: '事假' })]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(await absences().countDocuments({ userKey: other.user.id })).toBe(2);
    const stored = await days().find({ _id: { $regex: `^${other.user.id}:` } as never }).toArray();
    expect(new Set(stored.map((d) => d._id)).size).toBe(stored.length);
  });
});

describe('AB岗: B covers while A is away; neither present closes the window', () => {
  it('when A is away, then B covers and the window stays bookable', async () => {
    const D = openDays[0];
    const res = await record(staffA, { from: D, to: D, reason: '外出开会' }).expect(201);
    expect(ZAbsence.parse(res.body)).toMatchObject({ userId: staffA.user.id, from: D, to: D, closedWindows: [] });
    expect(await coverFor(staffA.user.id, D)).toBe(staffB.user.id);
    expect(await coverFor(staffA.user.id, openDays[1])).toBeNull();
    expect(await coverFor(staffB.user.id, D)).toBeNull();
    const cover = await request(t.app).get(`/api/staff/absences/cover?date=${D}`).set(bearer(staffB)).expect(200);
    expect(cover.body.items).toEqual([{ windowId, windowName: '3号窗口', forUserId: staffA.user.id, forUserName: '测试staff', date: D }]);
    const slots = await request(t.app).get(`/api/booking/slots?itemId=${itemId}&date=${D}`).expect(200);
    expect(slots.body.slots.length).toBeGreaterThan(0);
    // B calls at A's window that day: the handover is recorded (append-only), once.
    const b = { id: staffB.user.id, role: 'staff' as const, centerId: tree.town };
    const walkIn = await t.queue.walkIn(b, windowId, false, new Date(at(D, '09:00')));
    await t.queue.callNext(b, windowId, new Date(at(D, '09:01')));
    expect(await coverMovesOf(walkIn.id)).toEqual([{ kind: 'call', fromUser: staffA.user.id, toUser: staffB.user.id, date: D, detail: expect.stringContaining('B岗') }]);
  });
  it('when B is away too, then the window is closed for booking that day and citizens booked there are told in advance', async () => {
    const D = openDays[1];
    const citizen = await signInCitizen(t);
    const booked = await request(t.app).post('/api/bookings').set(bearer(citizen)).send({ itemId, slotStart: at(D, '09:00') }).expect(201);
    await record(staffA, { from: D, to: D, reason: '年休假' }).expect(201);
    const res = await record(townAdmin, { userId: staffB.user.id, from: D, to: openDays[2], reason: '病假' }).expect(201);
    expect(res.body.closedWindows).toEqual([{ windowId, windowName: '3号窗口', dates: [D] }]);
    expect(await coverFor(staffA.user.id, D)).toBeNull();
    // Closed that day: no slots, and booking is refused naming slotStart; the next day (A back) is open.
    const slots = await request(t.app).get(`/api/booking/slots?itemId=${itemId}&date=${D}`).expect(200);
    expect(slots.body.slots).toEqual([]);
    const refused = await request(t.app).post('/api/bookings').set(bearer(await signInCitizen(t))).send({ itemId, slotStart: at(D, '10:00') }).expect(400);
    expect(refused.body.error.details[0].field).toBe('slotStart');
    expect((await request(t.app).get(`/api/booking/slots?itemId=${itemId}&date=${openDays[2]}`).expect(200)).body.slots.length).toBeGreaterThan(0);
    // The citizen already booked is told, once, and the move is recorded.
    const notices = await t.db.collection('outboxes').find({ userId: new Types.ObjectId(citizen.user.id), kind: 'booking_changed' }).toArray();
    expect(notices).toHaveLength(1);
    expect(notices[0].title).toContain('暂停办理');
    expect(await coverMovesOf(booked.body.id)).toEqual([expect.objectContaining({ kind: 'booking', fromUser: staffB.user.id, date: D })]);
    // Lists: own, and an admin's view of their staff; another center's admin cannot read them.
    const mine = await request(t.app).get('/api/staff/absences').set(bearer(staffA)).expect(200);
    expect(mine.body.items.map((a: { from: string }) => a.from)).toEqual([D, openDays[0]]);
    await request(t.app).get(`/api/staff/absences?userId=${staffB.user.id}`).set(bearer(townAdmin)).expect(200);
    await request(t.app).get(`/api/staff/absences?userId=${staffB.user.id}`).set(bearer(town2Admin)).expect(403);
  });
});

describe('AB岗: citizens booked at a window with nobody present move to another window of the center', () => {
  it('when A and B are both away, then a booked citizen moves to a window serving the same matter with a seat free in the same slot (event, seat, notice, move recorded); one who cannot be moved is told', async () => {
    const D = openDays[5];
    const [a2, b2] = await Promise.all([signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town)]);
    const item2 = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'AB-2' }));
    const win = (body: Record<string, unknown>) => request(t.app).post('/api/admin/windows').set(bearer(townAdmin)).send({ centerId: tree.town, itemCodes: ['AB-2'], slotMinutes: 30, heldBack: 0, ...body }).expect(201);
    const w1 = (await win({ name: '5号窗口', code: 'B', capacity: 5, staffA: a2.user.id, staffB: b2.user.id })).body.id;
    const w2 = (await win({ name: '6号窗口', code: 'C', capacity: 1 })).body.id;
    const [c1, c2] = await Promise.all([signInCitizen(t), signInCitizen(t)]);
    const first = await request(t.app).post('/api/bookings').set(bearer(c1)).send({ itemId: item2, slotStart: at(D, '09:00') }).expect(201);
    const second = await request(t.app).post('/api/bookings').set(bearer(c2)).send({ itemId: item2, slotStart: at(D, '09:00') }).expect(201);
    const stored = (id: string) => t.db.collection('bookings').findOne({ _id: new Types.ObjectId(id) });
    expect(String((await stored(first.body.id))!.windowId)).toBe(w1);
    // 3号窗口 (serving every matter) is closed that day too, so 6号窗口 is the only one left.
    await record(staffA, { from: D, to: D, reason: '年休假' }).expect(201);
    await record(staffB, { from: D, to: D, reason: '年休假' }).expect(201);

    await record(a2, { from: D, to: D, reason: '年休假' }).expect(201);
    await record(townAdmin, { userId: b2.user.id, from: D, to: D, reason: '外出培训' }).expect(201);

    // 6号窗口 has one seat in that slot: exactly one of the two moves there, the other is told to rebook.
    const after = await Promise.all([stored(first.body.id), stored(second.body.id)]);
    const movedOne = after.find((b) => String(b!.windowId) === w2)!;
    const toldOne = after.find((b) => String(b!.windowId) === w1)!;
    expect(movedOne).toBeTruthy();
    expect(toldOne).toBeTruthy();
    expect(movedOne).toMatchObject({ status: 'booked', slotStart: new Date(at(D, '09:00')) });
    const events = await t.db.collection('bookingevents').find({ bookingId: movedOne._id }).sort({ seq: 1 }).toArray();
    expect(events.map((e) => e.type)).toEqual(['booked', 'moved']);
    expect(events[1]!.data).toMatchObject({ fromWindow: w1, toWindow: w2 });
    const seats = await t.db.collection('bookingseats').find({ bookingId: movedOne._id }).toArray();
    expect(seats.map((s) => String(s.windowId))).toEqual([w2]);
    expect(await t.db.collection('bookingseats').countDocuments({ bookingId: toldOne._id, windowId: new Types.ObjectId(w1) })).toBe(1);

    const notices = async (b: typeof movedOne) => t.db.collection('outboxes').find({ userId: b.userId, kind: 'booking_changed' }).toArray();
    expect((await notices(movedOne)).map((n) => n.title)).toEqual(['预约已改到6号窗口']);
    expect((await notices(toldOne)).map((n) => n.title)).toEqual([expect.stringContaining('暂停办理')]);
    expect(await coverMovesOf(String(movedOne._id))).toEqual([expect.objectContaining({ kind: 'booking', date: D, detail: expect.stringContaining('改到6号窗口') })]);
    expect(await coverMovesOf(String(toldOne._id))).toEqual([expect.objectContaining({ kind: 'booking', date: D, detail: expect.stringContaining('提前告知') })]);

    // The moved citizen's booking reads at the new window.
    const mine = await request(t.app).get(`/api/bookings/${movedOne._id}`).set(bearer(String(movedOne.userId) === c1.user.id ? c1 : c2)).expect(200);
    expect(mine.body.windowId).toBe(w2);
  });
});
