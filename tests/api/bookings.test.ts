import request from 'supertest';
import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, weekday, WorkingCalendar, ZBooking, ZBookingList, ZSlotsAnswer, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, manyCitizens, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { enqueueReminders } from '../../api/src/modules/bookings';
import { sweepReceptionLapses } from '../../api/src/modules/queue';

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let townStaff: TTokens;
let town2Staff: TTokens;
let agent: TTokens;
let itemId: string;
let item2Id: string;
let windowId: string;

const cal = new WorkingCalendar({ national: nationalSchedule() });
const today = chinaDate(new Date());
/** Open weekdays from the day after tomorrow on (so minimum notice never interferes). */
const openDays = (() => {
  const out: string[] = [];
  for (let d = addDays(today, 2); out.length < 6; d = addDays(d, 1)) if (cal.isOpen(d) && weekday(d) <= 5) out.push(d);
  return out;
})();
const D = openDays[0];
const at = (date: string, hhmm: string) => chinaInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))).toISOString();
const book = (tokens: TTokens | { headers: Record<string, string> }, body: Record<string, unknown>) =>
  request(t.app).post('/api/bookings').set('headers' in tokens ? tokens.headers : bearer(tokens)).send(body);

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, townStaff, town2Staff, agent] = await Promise.all([
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'staff', tree.town2),
    signInStaff(t, 'agent', tree.village),
  ]);
  itemId = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'BK-1' }));
  item2Id = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'BK-2', name: '高龄津贴申领' }));
  const w = await request(t.app)
    .post('/api/admin/windows')
    .set(bearer(townAdmin))
    .send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 1 })
    .expect(201);
  windowId = w.body.id;
});
afterAll(() => t.close());

const bookings = () => t.db.collection('bookings');
const seats = () => t.db.collection('bookingseats');

describe('POST /api/bookings (refusals)', () => {
  let citizen: TTokens;
  beforeAll(async () => {
    citizen = await signInCitizen(t);
  });
  it('when not signed in, then 401; when an admin books, then 403', async () => {
    await request(t.app).post('/api/bookings').send({ itemId, slotStart: at(D, '09:00') }).expect(401);
    await book(townAdmin, { itemId, slotStart: at(D, '09:00') }).expect(403);
  });
  it('when fields are wrong, unknown or operators, then 400 naming them and nothing is stored', async () => {
    const a = await book(citizen, { itemId, slotStart: 'tomorrow morning' }).expect(400);
    expect(a.body.error.details[0].field).toBe('slotStart');
    const b = await book(citizen, { itemId, slotStart: at(D, '09:00'), seats: 3 }).expect(400);
    expect(b.body.error.details).toContainEqual({ field: 'seats', message: '不允许的字段' });
    const c = await book(citizen, { itemId: { $ne: null }, slotStart: at(D, '09:00') }).expect(400);
    expect(c.body.error.details[0].field).toBe('itemId');
    const d = await book(citizen, { itemId, slotStart: at(D, '09:00'), person: { name: '张三', idNumber: '110101199003071234' } }).expect(400);
    expect(d.body.error.details[0]).toEqual({ field: 'person.idNumber', message: '身份证号校验位不正确' });
    expect(await bookings().countDocuments()).toBe(0);
  });
  it('when the slot is not on the grid, then 400 naming slotStart', async () => {
    const res = await book(citizen, { itemId, slotStart: at(D, '09:10') }).expect(400);
    expect(res.body.error.details[0]).toEqual({ field: 'slotStart', message: '不是可预约的时段' });
  });
  it('when the slot is in the past, then 400', async () => {
    const past = [...Array(14)].map((_, i) => addDays(today, -1 - i)).find((d) => cal.isOpen(d))!;
    const res = await book(citizen, { itemId, slotStart: at(past, '09:00') }).expect(400);
    expect(res.body.error.details[0].message).toBe('该时段已过');
  });
  it('when the day is a weekend or holiday, then 400 saying it is closed', async () => {
    const closed = [...Array(14)].map((_, i) => addDays(today, 2 + i)).find((d) => !cal.isOpen(d))!;
    const res = await book(citizen, { itemId, slotStart: at(closed, '09:00') }).expect(400);
    expect(res.body.error.details[0].message).toMatch(/不办公/);
  });
  it('when the day is beyond the 14-day horizon, then 400', async () => {
    const far = [...Array(30)].map((_, i) => addDays(today, 16 + i)).find((d) => cal.isOpen(d))!;
    const res = await book(citizen, { itemId, slotStart: at(far, '09:00') }).expect(400);
    expect(res.body.error.details[0].message).toBe('只能预约14天内的时段');
  });
  it('when the slot starts within the minimum notice, then 400', async () => {
    const actor = { id: citizen.user.id, role: 'citizen' as const };
    const slot = at(D, '09:00');
    await expect(t.bookings.create(actor, { itemId, slotStart: slot }, new Date(Date.parse(slot) - 30 * 60_000))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'slotStart', message: '需至少提前60分钟预约' }],
    });
  });
  it('when a citizen asks for a held-back priority seat, then 400', async () => {
    const res = await book(citizen, { itemId, slotStart: at(D, '09:00'), priority: true }).expect(400);
    expect(res.body.error.details[0].field).toBe('priority');
  });
  it('when the item has no booking window at its center, then 409', async () => {
    const otherItem = await publishItem(t, townAdmin, tree.village);
    const res = await book(citizen, { itemId: otherItem, slotStart: at(D, '09:00') }).expect(409);
    expect(res.body.error.message).toMatch(/暂未开放预约/);
  });
  it('when an agent books without naming the person, then 400 naming person', async () => {
    const res = await book(agent, { itemId, slotStart: at(D, '09:00') }).expect(400);
    expect(res.body.error.details[0].field).toBe('person');
  });
});

describe('booking, cancelling, rescheduling', () => {
  it('when booked, then a code, place and deadline come back and seat, event and notice are stored', async () => {
    const c = await signInCitizen(t);
    const res = await book(c, { itemId, slotStart: at(D, '10:00') }).expect(201);
    expect(res.body).toMatchObject({ status: 'booked', windowName: '综合窗口', bookedFor: 'self', slotStart: at(D, '10:00') });
    expect(res.body.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(res.body.place).toContain('甲镇便民服务中心');
    expect(res.body.changeableUntil).toBe(new Date(Date.parse(at(D, '10:00')) - 3_600_000).toISOString());
    const id = new Types.ObjectId(res.body.id as string);
    expect(await seats().countDocuments({ bookingId: id })).toBe(1);
    expect(await t.db.collection('bookingevents').countDocuments({ bookingId: id, type: 'booked' })).toBe(1);
    expect(await t.db.collection('outboxes').countDocuments({ _id: `booking-confirmed:${res.body.id}` as never })).toBe(1);
    const slots = await request(t.app).get(`/api/booking/slots?itemId=${itemId}&date=${D}`).expect(200);
    expect(slots.body.slots.find((s: { start: string }) => s.start === at(D, '10:00')).seatsLeft).toBe(3);
    expect(slots.body.slots[0].start).toBe(at(D, '08:30'));
    expect(slots.body.slots).toHaveLength(16);
    expect(slots.body.rules).toEqual({ horizonDays: 14, minNoticeMinutes: 60, cancelCutoffMinutes: 60 });
  });
  it('when the citizen saved a checklist, then the confirmation lists what is still missing', async () => {
    const c = await signInCitizen(t);
    await request(t.app).post('/api/checklists').set(bearer(c)).send({ itemId, has: ['id-card'], answers: {} }).expect(201);
    const res = await book(c, { itemId, slotStart: at(D, '10:30') }).expect(201);
    expect(res.body.missing.map((m: { key: string }) => m.key)).toEqual(['hukou', 'form']);
  });
  it('when the citizen saves a newer checklist and deletes it again, then the booking shows the latest one left, then none', async () => {
    const c = await signInCitizen(t);
    const older = await request(t.app).post('/api/checklists').set(bearer(c)).send({ itemId, has: ['id-card'], answers: {} }).expect(201);
    const newer = await request(t.app).post('/api/checklists').set(bearer(c)).send({ itemId, has: ['id-card', 'hukou'], answers: {} }).expect(201);
    const b = await book(c, { itemId, slotStart: at(D, '14:30') }).expect(201);
    const missing = async () => (await request(t.app).get(`/api/bookings/${b.body.id}`).set(bearer(c)).expect(200)).body.missing?.map((m: { key: string }) => m.key);
    expect(await missing()).toEqual(['form']);
    await request(t.app).delete(`/api/checklists/${newer.body.id}`).set(bearer(c)).expect(204);
    expect(await missing()).toEqual(['hukou', 'form']);
    await request(t.app).delete(`/api/checklists/${older.body.id}`).set(bearer(c)).expect(204);
    expect(await missing()).toBeUndefined();
    const ids = [older.body.id, newer.body.id].map((id: string) => new Types.ObjectId(id));
    expect(await t.db.collection('latestchecklists').countDocuments({ checklistId: { $in: ids } })).toBe(0);
  });
  it('when another citizen reads, cancels or reschedules my booking, then 404 and nothing changes', async () => {
    const mine = await signInCitizen(t);
    const other = await signInCitizen(t);
    const b = await book(mine, { itemId, slotStart: at(D, '11:00') }).expect(201);
    await request(t.app).get(`/api/bookings/${b.body.id}`).set(bearer(other)).expect(404);
    await request(t.app).post(`/api/bookings/${b.body.id}/cancel`).set(bearer(other)).expect(404);
    await request(t.app).post(`/api/bookings/${b.body.id}/reschedule`).set(bearer(other)).send({ slotStart: at(D, '13:00') }).expect(404);
    expect((await bookings().findOne({ _id: new Types.ObjectId(b.body.id as string) }))!.status).toBe('booked');
    expect((await request(t.app).get('/api/bookings').set(bearer(other)).expect(200)).body.items).toEqual([]);
  });
  it('when cancelled before the cut-off, then the seat is free again; after the cut-off, then 409', async () => {
    const c = await signInCitizen(t);
    const b = await book(c, { itemId, slotStart: at(D, '14:00') }).expect(201);
    const late = new Date(Date.parse(at(D, '14:00')) - 30 * 60_000);
    await expect(t.bookings.cancel({ id: c.user.id, role: 'citizen' }, b.body.id, late)).rejects.toMatchObject({ code: 'CONFLICT' });
    const res = await request(t.app).post(`/api/bookings/${b.body.id}/cancel`).set(bearer(c)).expect(200);
    expect(res.body.status).toBe('cancelled');
    expect(await seats().countDocuments({ bookingId: new Types.ObjectId(b.body.id as string) })).toBe(0);
    await request(t.app).post(`/api/bookings/${b.body.id}/cancel`).set(bearer(c)).expect(409);
    // The same item the same day can be booked again once cancelled.
    await book(c, { itemId, slotStart: at(D, '14:30') }).expect(201);
  });
  it('when rescheduled, then the new seat is held and the old one released', async () => {
    const c = await signInCitizen(t);
    const b = await book(c, { itemId, slotStart: at(D, '15:00') }).expect(201);
    const res = await request(t.app).post(`/api/bookings/${b.body.id}/reschedule`).set(bearer(c)).send({ slotStart: at(openDays[1], '09:30') }).expect(200);
    expect(res.body).toMatchObject({ slotStart: at(openDays[1], '09:30'), code: b.body.code, status: 'booked' });
    const held = await seats().find({ bookingId: new Types.ObjectId(b.body.id as string) }).toArray();
    expect(held.map((s) => s.slotStart.toISOString())).toEqual([at(openDays[1], '09:30')]);
  });
  it('when rescheduling to a full slot, then 409 and the original booking is kept', async () => {
    const full = at(openDays[1], '16:00');
    for (const c of await manyCitizens(t, 4)) await book(c, { itemId, slotStart: full }).expect(201);
    const c = await signInCitizen(t);
    const b = await book(c, { itemId, slotStart: at(D, '15:30') }).expect(201);
    const res = await request(t.app).post(`/api/bookings/${b.body.id}/reschedule`).set(bearer(c)).send({ slotStart: full }).expect(409);
    expect(res.body.error.message).toMatch(/原预约保留/);
    const kept = await request(t.app).get(`/api/bookings/${b.body.id}`).set(bearer(c)).expect(200);
    expect(kept.body).toMatchObject({ slotStart: at(D, '15:30'), status: 'booked' });
    expect(await seats().countDocuments({ bookingId: new Types.ObjectId(b.body.id as string) })).toBe(1);
  });
  it('when a person holds the maximum of 3 active bookings, then a fourth is refused', async () => {
    const c = await signInCitizen(t);
    for (const d of openDays.slice(2, 5)) await book(c, { itemId: item2Id, slotStart: at(d, '09:00') }).expect(201);
    const res = await book(c, { itemId: item2Id, slotStart: at(openDays[5], '09:00') }).expect(409);
    expect(res.body.error.message).toMatch(/最多3个/);
  });
  it('when booking for a family member, then the ID number is stored encrypted, never in clear', async () => {
    const c = await signInCitizen(t);
    const res = await book(c, { itemId: item2Id, slotStart: at(D, '16:30'), person: { name: '李奶奶', idNumber: '110101194503070023', phone: '13912345678', relation: '母亲' } }).expect(201);
    expect(res.body).toMatchObject({ bookedFor: 'family', personName: '李奶奶', personPhone: '13912345678' });
    const raw = JSON.stringify(await bookings().findOne({ _id: new Types.ObjectId(res.body.id as string) }));
    expect(raw).not.toContain('110101194503070023');
    const stored = await bookings().findOne({ _id: new Types.ObjectId(res.body.id as string) });
    expect(stored!.personKey).toMatch(/^id:/);
    expect(stored!.personIdEnc).toMatch(/^v1\./);
  });
});

describe('correct under load', () => {
  it('when 200 citizens book one slot of capacity 5 (1 held back) at once, then exactly 4 succeed and the rest get 409 with next slots', async () => {
    const slot = at(openDays[2], '10:00');
    const citizens = await manyCitizens(t, 200);
    const results = await Promise.all(citizens.map((c) => book(c, { itemId, slotStart: slot })));
    const ok = results.filter((r) => r.status === 201);
    const full = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(4);
    expect(full).toHaveLength(196);
    expect(full[0].body.error.nextSlots.length).toBeGreaterThan(0);
    expect(full[0].body.error.nextSlots.every((s: { seatsLeft: number }) => s.seatsLeft > 0)).toBe(true);
    expect(await seats().countDocuments({ slotStart: new Date(slot) })).toBe(4);
    expect(await bookings().countDocuments({ slotStart: new Date(slot), status: 'booked' })).toBe(4);
  }, 120_000);
  it('when staff add a priority booking to that full slot, then the held-back seat is used, and no more', async () => {
    const slot = at(openDays[2], '10:00');
    const person = { name: '王大爷', idNumber: '110101194001010012' };
    await book(townStaff, { itemId, slotStart: slot, person, priority: true }).expect(201);
    await book(townStaff, { itemId, slotStart: slot, person: { name: '赵大妈', idNumber: '110101194101010028' }, priority: true }).expect(409);
    expect(await seats().countDocuments({ slotStart: new Date(slot) })).toBe(5);
  });
  it('when one citizen sends 20 identical requests at once, then one booking exists', async () => {
    const c = await signInCitizen(t);
    const slot = at(openDays[3], '13:30');
    const results = await Promise.all(Array.from({ length: 20 }, () => book(c, { itemId, slotStart: slot })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    expect(await bookings().countDocuments({ userId: new Types.ObjectId(c.user.id), status: 'booked' })).toBe(1);
  });
});

describe('at the center: check-in, queue numbers, no-shows, lapses', () => {
  const slot = at(D, '09:30');
  const morning = new Date(Date.parse(at(D, '09:20')));

  it('when checked in by code on the day, then numbers are issued in order; another center’s staff get 403; wrong day 409', async () => {
    const cs = await manyCitizens(t, 3);
    const made = [];
    for (const c of cs) made.push((await book(c, { itemId, slotStart: slot }).expect(201)).body);
    const staffActor = { id: townStaff.user.id, role: 'staff' as const, centerId: tree.town };
    await expect(t.queue.checkIn(staffActor, made[0].code, new Date(Date.parse(slot) - 3 * 86_400_000))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.queue.checkIn({ id: town2Staff.user.id, role: 'staff', centerId: tree.town2 }, made[0].code, morning)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const results = await Promise.all(made.map((b) => t.queue.checkIn(staffActor, b.code, morning)));
    expect(results.map((r) => r.ticket.number).sort()).toEqual([1, 2, 3]);
    expect(results[0].ticket.label).toMatch(/^A00[123]$/);
    // Checking in again returns the same number.
    const again = await t.queue.checkIn(staffActor, made[0].code, morning);
    expect(again.ticket.label).toBe(results[0].ticket.label);
    // Through HTTP, the staff API refuses citizens and malformed codes.
    await request(t.app).post('/api/staff/check-in').set(bearer(await signInCitizen(t))).send({ code: made[0].code }).expect(403);
    const bad = await request(t.app).post('/api/staff/check-in').set(bearer(townStaff)).send({ code: 'abc' }).expect(400);
    expect(bad.body.error.details[0].field).toBe('code');
    await request(t.app).get(`/api/staff/queue?windowId=${windowId}`).set(bearer(town2Staff)).expect(403);
  });
  it('when staff call next, then priority walk-ins go first, each number is called once, and a 30-minute wait counts a lapse', async () => {
    const staffActor = { id: townStaff.user.id, role: 'staff' as const, centerId: tree.town };
    const pri = await t.queue.walkIn(staffActor, windowId, true, morning);
    const first = await t.queue.callNext(staffActor, windowId, morning);
    expect(first.label).toBe(pri.label);
    // Two staff press "call next" at the same moment: two different numbers.
    const late = new Date(Date.parse(slot) + 40 * 60_000);
    const [a, b] = await Promise.all([t.queue.callNext(staffActor, windowId, late), t.queue.callNext(staffActor, windowId, late)]);
    expect(a.label).not.toBe(b.label);
    const lapses = await t.db.collection('lapses').find({ kind: 'reception' }).toArray();
    expect(lapses).toHaveLength(2);
    // The sweep finds the last waiting booking number and records it once, however often it runs.
    await sweepReceptionLapses(late);
    await sweepReceptionLapses(late);
    expect(await t.db.collection('lapses').countDocuments({ kind: 'reception' })).toBe(3);
    const done = await t.queue.done(staffActor, a.id);
    expect(done.status).toBe('done');
    const served = await bookings().findOne({ _id: new Types.ObjectId(a.bookingId) });
    expect(served!.status).toBe('served');
    expect(String(served!.servedBy)).toBe(townStaff.user.id);
  });
  it('when a citizen misses 3 bookings in 90 days, then online booking pauses with the date it resumes', async () => {
    const c = await signInCitizen(t);
    const staffActor = { id: townStaff.user.id, role: 'staff' as const, centerId: tree.town };
    for (const d of openDays.slice(0, 3)) {
      const b = await book(c, { itemId: item2Id, slotStart: at(d, '11:30') }).expect(201);
      await expect(t.queue.noShow(staffActor, b.body.id, new Date(Date.parse(at(d, '11:00'))))).rejects.toMatchObject({ code: 'CONFLICT' });
      await t.queue.noShow(staffActor, b.body.id, new Date(Date.parse(at(d, '12:30'))));
    }
    const res = await book(c, { itemId: item2Id, slotStart: at(openDays[4], '14:00') }).expect(403);
    expect(res.body.error.code).toBe('BOOKING_PAUSED');
    expect(res.body.error.message).toMatch(/暂停至\d{4}-\d{2}-\d{2}/);
    expect(Date.parse(res.body.error.pausedUntil)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await t.db.collection('outboxes').countDocuments({ kind: 'booking_paused' })).toBe(1);
  });
});

describe('GET /api/staff/bookings', () => {
  it('shows the day of the staff member’s own center with full phone numbers; other centers see none of it', async () => {
    const own = await request(t.app).get(`/api/staff/bookings?date=${D}`).set(bearer(townStaff)).expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.some((b: { personPhone?: string }) => /^1\d{10}$/.test(b.personPhone ?? ''))).toBe(true);
    const other = await request(t.app).get(`/api/staff/bookings?date=${D}`).set(bearer(town2Staff)).expect(200);
    expect(other.body.items).toEqual([]);
  });
});

describe('the contract and deep links', () => {
  it('when a booking is made, read, listed and cancelled, then every answer parses with the shared schemas', async () => {
    const c = await signInCitizen(t);
    const made = await book(c, { itemId: item2Id, slotStart: at(openDays[1], '08:30') }).expect(201);
    expect(ZBooking.parse(made.body)).toEqual(made.body);
    ZBooking.parse((await request(t.app).get(`/api/bookings/${made.body.id}`).set(bearer(c)).expect(200)).body);
    ZBookingList.parse((await request(t.app).get('/api/bookings').set(bearer(c)).expect(200)).body);
    ZSlotsAnswer.parse((await request(t.app).get(`/api/booking/slots?itemId=${itemId}&date=${D}`).expect(200)).body);
    const cancelled = await request(t.app).post(`/api/bookings/${made.body.id}/cancel`).set(bearer(c)).expect(200);
    expect(ZBooking.parse(cancelled.body).status).toBe('cancelled');
  });
  it('when booked, changed, cancelled or reminded, then each notice links to the booking detail page of the mini-app', async () => {
    const c = await signInCitizen(t);
    const b = await book(c, { itemId: item2Id, slotStart: at(openDays[1], '13:00') }).expect(201);
    const page = `packages/booking/pages/detail/index?id=${b.body.id}`;
    const outbox = () => t.db.collection('outboxes');
    expect(await outbox().findOne({ _id: `booking-confirmed:${b.body.id}` as never })).toMatchObject({ page });
    await request(t.app).post(`/api/bookings/${b.body.id}/reschedule`).set(bearer(c)).send({ slotStart: at(openDays[1], '13:30') }).expect(200);
    expect(await outbox().findOne({ _id: `booking-changed:${b.body.id}:2` as never })).toMatchObject({ page });
    await enqueueReminders(new Date(Date.parse(at(openDays[1], '09:00')) - 86_400_000));
    expect(await outbox().findOne({ _id: `reminder:${b.body.id}:${at(openDays[1], '13:30')}` as never })).toMatchObject({ page });
    await request(t.app).post(`/api/bookings/${b.body.id}/cancel`).set(bearer(c)).expect(200);
    expect(await outbox().findOne({ _id: `booking-cancelled:${b.body.id}` as never })).toMatchObject({ page });
    expect(await outbox().countDocuments({ page: /booking-detail/ })).toBe(0);
  });
});

describe('rules from the center settings', () => {
  it('when the town changes its booking rules (PUT booking-rules), then slots and refusals follow, and the settings hold them', async () => {
    const rules = { horizonDays: 3, minNoticeMinutes: 120, maxActivePerPerson: 3, cancelCutoffMinutes: 180, noShowLimit: 3, noShowWindowDays: 90, pauseDays: 30 };
    const res = await request(t.app).put(`/api/admin/centers/${tree.town}/booking-rules`).set(bearer(townAdmin)).send(rules).expect(200);
    expect(res.body).toEqual(rules);
    await request(t.app).put(`/api/admin/centers/${tree.town}/booking-rules`).set(bearer(townStaff)).send(rules).expect(403);
    const view = await request(t.app).get(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).expect(200);
    expect(view.body.settings.booking).toEqual(rules);
    const slots = await request(t.app).get(`/api/booking/slots?itemId=${itemId}&date=${D}`).expect(200);
    expect(slots.body.rules).toEqual({ horizonDays: 3, minNoticeMinutes: 120, cancelCutoffMinutes: 180 });
    const far = openDays.find((d) => d > addDays(today, 3))!;
    const refused = await book(await signInCitizen(t), { itemId, slotStart: at(far, '09:00') }).expect(400);
    expect(refused.body.error.details[0]).toEqual({ field: 'slotStart', message: '只能预约3天内的时段' });
    expect(refused.body.error.message).not.toMatch(/slotStart/);
    await request(t.app).put(`/api/admin/centers/${tree.town}/booking-rules`).set(bearer(townAdmin)).send({ ...rules, horizonDays: 14, minNoticeMinutes: 60, cancelCutoffMinutes: 60 }).expect(200);
  });
  it('when the town sets a shorter reception limit, then the sweep counts a lapse after that many minutes', async () => {
    await request(t.app).put(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).send({ queue: { receptionLapseMinutes: 10 } }).expect(200);
    const staffActor = { id: townStaff.user.id, role: 'staff' as const, centerId: tree.town };
    const issued = new Date(Date.parse(at(D, '09:00')));
    const w = await t.queue.walkIn(staffActor, windowId, false, issued);
    await sweepReceptionLapses(new Date(issued.getTime() + 9 * 60_000));
    expect(await t.db.collection('lapses').countDocuments({ _id: `reception:${w.id}` as never })).toBe(0);
    await sweepReceptionLapses(new Date(issued.getTime() + 11 * 60_000));
    const lapse = await t.db.collection('lapses').findOne({ _id: `reception:${w.id}` as never });
    expect(lapse).toMatchObject({ kind: 'reception', detail: expect.stringContaining('超过10分钟未受理') });
    await request(t.app).put(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).send({ queue: { receptionLapseMinutes: null } }).expect(200);
  });
});
