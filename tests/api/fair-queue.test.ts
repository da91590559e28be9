import request from 'supertest';
import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, weekday, WorkingCalendar, ZHallDisplay, ZQueuePlace, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, manyCitizens, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { sweepReceptionLapses } from '../../api/src/modules/queue';
import type { Actor } from '../../api/src/http/auth';

/**
 * 公平叫号 (issue 10 part 6): 重呼 up to three calls, 过号 after three calls or five minutes, one 重新排队, 转窗口
 * keeping the arrival time (no double lapse), the reception clock in opening hours only, a citizen's place and
 * 即将到号 notice, and the public hall display.
 */

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let townStaff: TTokens;
let town2Staff: TTokens;
let staff: Actor;
let itemId: string;
const windows: Record<string, string> = {};

const cal = new WorkingCalendar({ national: nationalSchedule() });
const today = chinaDate(new Date());
const openDays = (() => {
  const out: string[] = [];
  for (let d = addDays(today, 2); out.length < 8; d = addDays(d, 1)) if (cal.isOpen(d) && weekday(d) <= 5) out.push(d);
  return out;
})();
const at = (date: string, hhmm: string) => new Date(chinaInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))).getTime());
const tickets = () => t.db.collection('queuetickets');
const lapses = () => t.db.collection('lapses');
const events = () => t.db.collection('queueevents');

async function makeWindow(code: string, itemCodes: string[] = ['NONE-1']): Promise<string> {
  const w = await request(t.app)
    .post('/api/admin/windows')
    .set(bearer(townAdmin))
    .send({ centerId: tree.town, name: `${code === 'A' ? 1 : code.charCodeAt(0) - 63}号窗口`, code, itemCodes, slotMinutes: 30, capacity: 5, heldBack: 1 })
    .expect(201);
  windows[code] = w.body.id;
  return w.body.id;
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, townStaff, town2Staff] = await Promise.all([signInStaff(t, 'admin', tree.town), signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town2)]);
  staff = { id: townStaff.user.id, role: 'staff', centerId: tree.town };
  itemId = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'FQ-1' }));
  await makeWindow('A', []);
  for (const c of ['B', 'C', 'D', 'E', 'F', 'G']) await makeWindow(c);
});
afterAll(() => t.close());

describe('refusals (nothing written)', () => {
  it('when the wrong people or states ask, then 401/403/404/409/400 and no queue event is stored', async () => {
    const day = openDays[0];
    const w = await t.queue.walkIn(staff, windows.B, false, at(day, '09:00'));
    // Another center's staff, a citizen, nobody.
    await request(t.app).post(`/api/staff/queue/tickets/${w.id}/recall`).expect(401);
    await request(t.app).post(`/api/staff/queue/tickets/${w.id}/recall`).set(bearer(town2Staff)).expect(403);
    await request(t.app).post(`/api/staff/queue/tickets/${w.id}/skip`).set(bearer(await signInCitizen(t))).expect(403);
    await request(t.app).post(`/api/staff/queue/tickets/${new Types.ObjectId()}/skip`).set(bearer(townStaff)).expect(404);
    // A waiting number cannot be recalled, skipped or re-queued.
    await expect(t.queue.recall(staff, w.id, at(day, '09:01'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.queue.skip(staff, w.id, at(day, '09:01'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.queue.requeue(staff, w.id, at(day, '09:01'))).rejects.toMatchObject({ code: 'CONFLICT' });
    // Called once, one minute ago: too early to skip.
    await t.queue.callNext(staff, windows.B, at(day, '09:02'));
    await expect(t.queue.skip(staff, w.id, at(day, '09:03'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('5分钟') });
    // Transfer to another center's window or to the same window: 400 naming windowId.
    const other = await request(t.app)
      .post('/api/admin/windows')
      .set(bearer(await signInStaff(t, 'admin', tree.town2)))
      .send({ centerId: tree.town2, name: '乙镇窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 1 })
      .expect(201);
    const bad = await request(t.app).post(`/api/staff/queue/tickets/${w.id}/transfer`).set(bearer(townStaff)).send({ windowId: other.body.id }).expect(400);
    expect(bad.body.error.details[0].field).toBe('windowId');
    const same = await request(t.app).post(`/api/staff/queue/tickets/${w.id}/transfer`).set(bearer(townStaff)).send({ windowId: windows.B }).expect(400);
    expect(same.body.error.details[0].field).toBe('windowId');
    expect(await events().countDocuments()).toBe(0);
    expect((await tickets().findOne({ _id: new Types.ObjectId(w.id) }))!.status).toBe('called');
    // The display of an unknown center; the place of someone else's booking.
    await request(t.app).get(`/api/display/${new Types.ObjectId()}`).expect(404);
    await request(t.app).get('/api/display/nonsense').expect(404);
    await request(t.app).get(`/display/${new Types.ObjectId()}`).expect(404);
    await request(t.app).get(`/api/my/queue/${new Types.ObjectId()}`).set(bearer(await signInCitizen(t))).expect(404);
  });
});

describe('过号, 重呼, 重新排队', () => {
  it('when called three times, then a fourth call is refused, the number may be skipped, re-queued once at the back, and it is no lapse', async () => {
    const day = openDays[1];
    const first = await t.queue.walkIn(staff, windows.C, false, at(day, '09:00'));
    const second = await t.queue.walkIn(staff, windows.C, false, at(day, '09:01'));
    const called = await t.queue.callNext(staff, windows.C, at(day, '09:02'));
    expect(called).toMatchObject({ id: first.id, callCount: 1 });
    expect((await t.queue.recall(staff, first.id, at(day, '09:03'))).callCount).toBe(2);
    const third = await request(t.app).post(`/api/staff/queue/tickets/${first.id}/recall`).set(bearer(townStaff)).expect(200);
    expect(third.body.callCount).toBe(3);
    const fourth = await request(t.app).post(`/api/staff/queue/tickets/${first.id}/recall`).set(bearer(townStaff)).expect(409);
    expect(fourth.body.error.message).toContain('请过号');
    const skipped = await request(t.app).post(`/api/staff/queue/tickets/${first.id}/skip`).set(bearer(townStaff)).expect(200);
    expect(skipped.body.status).toBe('skipped');
    // Back at the desk: re-queued behind the number that was already waiting.
    const back = await t.queue.requeue(staff, first.id, at(day, '09:30'));
    expect(back).toMatchObject({ status: 'waiting', requeued: true });
    expect((await t.queue.callNext(staff, windows.C, at(day, '09:31'))).id).toBe(second.id);
    // Called again (its call is claimed afresh), skipped after 5 minutes, and not re-queued a second time.
    expect((await t.queue.callNext(staff, windows.C, at(day, '09:32'))).id).toBe(first.id);
    await expect(t.queue.skip(staff, first.id, at(day, '09:33'))).rejects.toMatchObject({ code: 'CONFLICT' });
    await t.queue.skip(staff, first.id, at(day, '09:38'));
    await expect(t.queue.requeue(staff, first.id, at(day, '09:40'))).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('一次') });
    // A skipped citizen is not the staff's lapse, however long after.
    await sweepReceptionLapses(at(day, '16:00'));
    expect(await lapses().countDocuments({ subjectId: new Types.ObjectId(first.id) })).toBe(0);
    const kinds = (await events().find({ ticketId: new Types.ObjectId(first.id) }).toArray()).map((e) => e.kind).sort();
    expect(kinds).toEqual(['recall', 'recall', 'requeue', 'skip', 'skip']);
  });
});

describe('转窗口', () => {
  it('when a number is transferred, then it keeps its arrival place at the new window and counts at most one lapse', async () => {
    const day = openDays[2];
    // D: Z arrives 09:00, never called, transferred to E; E: Y arrived 09:10.
    const z = await t.queue.walkIn(staff, windows.D, false, at(day, '09:00'));
    const y = await t.queue.walkIn(staff, windows.E, false, at(day, '09:10'));
    const moved = await t.queue.transfer(staff, z.id, windows.E, at(day, '09:15'));
    expect(moved).toMatchObject({ status: 'transferred', transferredTo: { windowId: windows.E, label: expect.stringMatching(/^E\d{3}$/) } });
    await request(t.app).post(`/api/staff/queue/tickets/${z.id}/transfer`).set(bearer(townStaff)).send({ windowId: windows.F }).expect(409);
    // Called at E at 09:45: first in line (arrived 09:00), and 45 minutes since arrival → one lapse, keyed by the first ticket.
    const atE = await t.queue.callNext(staff, windows.E, at(day, '09:45'));
    expect(atE.label).toBe(moved.transferredTo!.label);
    expect(await lapses().countDocuments({ _id: `reception:${z.id}` as never })).toBe(1);
    // Transferred on again after being received: no second lapse.
    const again = await t.queue.transfer(staff, atE.id, windows.F, at(day, '09:50'));
    await t.queue.callNext(staff, windows.F, at(day, '10:40'));
    await sweepReceptionLapses(at(day, '11:00'));
    expect(await lapses().countDocuments({ subjectId: new Types.ObjectId(z.id) })).toBe(1);
    expect(again.transferredTo!.label).toMatch(/^F/);
    expect((await t.queue.callNext(staff, windows.E, at(day, '10:41'))).id).toBe(y.id);
  });
});

describe('the reception clock counts opening hours only', () => {
  it('across lunch: 11:50 → 13:20 is 30 opening minutes (no lapse); → 13:21 is 31 (a lapse)', async () => {
    const day = openDays[3];
    const a = await t.queue.walkIn(staff, windows.F, false, at(day, '11:50'));
    const b = await t.queue.walkIn(staff, windows.F, false, at(day, '11:50'));
    await t.queue.callNext(staff, windows.F, at(day, '13:20'));
    expect(await lapses().countDocuments({ _id: `reception:${a.id}` as never })).toBe(0);
    await sweepReceptionLapses(at(day, '13:00'));
    expect(await lapses().countDocuments({ _id: `reception:${b.id}` as never })).toBe(0);
    await t.queue.callNext(staff, windows.F, at(day, '13:21'));
    const lapse = await lapses().findOne({ _id: `reception:${b.id}` as never });
    expect(lapse).toMatchObject({ kind: 'reception', detail: expect.stringContaining('办公时间内等候31分钟') });
  });
  it('across closing: 17:20 → next opening day 08:50 is 30 minutes (none); at 08:55 it is 35 (a lapse)', async () => {
    const [day, next] = [openDays[4], openDays[5]];
    const a = await t.queue.walkIn(staff, windows.G, false, at(day, '17:20'));
    const b = await t.queue.walkIn(staff, windows.G, false, at(day, '17:20'));
    await t.queue.callNext(staff, windows.G, at(day, '17:25'));
    // Evening and the night (and a weekend in between, if any) do not count: 10 minutes before closing + 20 after opening.
    await sweepReceptionLapses(at(next, '08:50'));
    expect(await lapses().countDocuments({ _id: { $in: [`reception:${a.id}`, `reception:${b.id}`] } as never })).toBe(0);
    await sweepReceptionLapses(at(next, '08:55'));
    expect(await lapses().countDocuments({ _id: `reception:${a.id}` as never })).toBe(0);
    const lapse = await lapses().findOne({ _id: `reception:${b.id}` as never });
    expect(lapse).toMatchObject({ kind: 'reception', date: day, detail: expect.stringContaining('办公时间内等候35分钟') });
  });
});

describe('a citizen’s place, 即将到号, and the hall display', () => {
  it('when five booked citizens wait, then each sees their place and wait, the near ones get one notice, and the hall shows the call', async () => {
    const day = openDays[6];
    const slots = [at(day, '09:30'), at(day, '10:00')].map((d) => d.toISOString());
    const people = await manyCitizens(t, 5);
    const made: { id: string; code: string }[] = [];
    for (const [i, c] of people.entries()) made.push((await request(t.app).post('/api/bookings').set(c.headers).send({ itemId, slotStart: slots[i < 4 ? 0 : 1] }).expect(201)).body);
    for (const b of made) await t.queue.checkIn(staff, b.code, at(day, '09:20'));
    const last = await request(t.app).get(`/api/my/queue/${made[4].id}`).set(people[4].headers).expect(200);
    expect(ZQueuePlace.parse(last.body)).toMatchObject({ ahead: 4, estimatedMinutes: 24, status: 'waiting', windowName: '1号窗口', canRequeue: false });
    // Someone else's booking: 404.
    await request(t.app).get(`/api/my/queue/${made[4].id}`).set(people[0].headers).expect(404);
    expect(await t.db.collection('outboxes').countDocuments({ kind: 'queue_soon' })).toBe(0);

    await t.queue.callNext(staff, windows.A, at(day, '09:31'));
    const soon = await t.db.collection('outboxes').find({ kind: 'queue_soon' }).toArray();
    expect(soon.map((n) => String(n.userId)).sort()).toEqual(people.slice(1).map((p) => p.id).sort());
    expect(soon.find((n) => String(n.userId) === people[4].id)!.body).toContain('前面还有3位');
    expect((await request(t.app).get(`/api/my/queue/${made[4].id}`).set(people[4].headers).expect(200)).body.ahead).toBe(3);
    // The hall display shows the call: window + number, no name by default, and the next numbers per window.
    const d = ZHallDisplay.parse(await t.queue.display(tree.town, at(day, '09:31')));
    expect(d.calling[0]).toMatchObject({ label: expect.stringMatching(/^A\d{3}$/), windowName: '1号窗口' });
    expect(d.calling[0].name).toBeUndefined();
    expect(d.windows.find((w) => w.id === windows.A)!.next).toHaveLength(4);
    // A second call sends no duplicate notice; the center turns names on → 群* (masked).
    await t.queue.callNext(staff, windows.A, at(day, '09:40'));
    expect(await t.db.collection('outboxes').countDocuments({ kind: 'queue_soon' })).toBe(4);
    await request(t.app).put(`/api/admin/centers/${tree.town}/settings`).set(bearer(townAdmin)).send({ queue: { displayNames: true } }).expect(200);
    const named = ZHallDisplay.parse(await t.queue.display(tree.town, at(day, '09:41')));
    expect(named.calling[0].name).toMatch(/^群\*+$/);
    // Through HTTP (public, today's numbers): the contract holds.
    ZHallDisplay.parse((await request(t.app).get(`/api/display/${tree.town}`).expect(200)).body);
    // The page itself: self-contained HTML, not the H5 app.
    const page = await request(t.app).get(`/display/${tree.town}`).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('speechSynthesis');
    expect(page.text).toContain(`/api/display/${tree.town}`);
  });
});
