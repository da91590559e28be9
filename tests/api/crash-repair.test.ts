import request from 'supertest';
import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, weekday, WorkingCalendar, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { repairAfterCrash, REPAIR_GRACE_MS } from '../../api/src/modules/bookings';
import { crashPoints, deliverDue, type NotificationSender } from '../../api/src/modules/notifications';

/**
 * Crash repair: each injected crash point stops a write path exactly where a crash would, then the sweep (as the
 * periodic jobs run it, once the grace period is over) leaves the data as if the step had completed or never begun.
 */
let t: TestApp;
let tree: Tree;
let itemId: string;

const cal = new WorkingCalendar({ national: nationalSchedule() });
const days = (() => {
  const out: string[] = [];
  for (let d = addDays(chinaDate(new Date()), 2); out.length < 4; d = addDays(d, 1)) if (cal.isOpen(d) && weekday(d) <= 5) out.push(d);
  return out;
})();
const slot = (i: number) => chinaInstant(days[i % days.length]!, 9 * 60 + 30 * Math.floor(i / days.length)).toISOString();
const book = (c: TTokens, slotStart: string) => request(t.app).post('/api/bookings').set(bearer(c)).send({ itemId, slotStart });
const afterGrace = () => new Date(Date.now() + REPAIR_GRACE_MS + 5_000);
const col = (name: string) => t.db.collection(name);

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  const admin = await signInStaff(t, 'admin', tree.town);
  itemId = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'CR-1' }));
  await request(t.app).post('/api/admin/windows').set(bearer(admin)).send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 2, heldBack: 0 }).expect(201);
});
afterEach(() => crashPoints.disarm());
afterAll(() => t.close());

describe('crash repair of the booking path', () => {
  it.each(['booking:after-locks', 'booking:after-seat', 'booking:after-projection'])(
    'when a booking stops at %s, then the sweep releases what it held and the citizen can book that slot',
    async (point) => {
      const c = await signInCitizen(t);
      const s = slot(['booking:after-locks', 'booking:after-seat', 'booking:after-projection'].indexOf(point));
      crashPoints.arm(point);
      await book(c, s).expect(500);
      crashPoints.disarm();
      // Before the grace period nothing is touched (the step may still be in progress).
      expect((await repairAfterCrash()).orphanClaims + (await repairAfterCrash()).unconfirmedBookings).toBe(0);
      await repairAfterCrash(afterGrace());
      const userId = new Types.ObjectId(c.user.id);
      expect(await col('bookings').countDocuments({ userId })).toBe(0);
      expect(await col('bookinglocks').countDocuments({ _id: { $regex: `u:${c.user.id}` } } as never)).toBe(0);
      expect(await col('bookingseats').countDocuments({ slotStart: new Date(s) })).toBe(0);
      await book(c, s).expect(201);
    },
  );

  it('when a booking stops after its event, then the sweep queues its lost confirmation notice', async () => {
    const c = await signInCitizen(t);
    crashPoints.arm('booking:after-event');
    await book(c, slot(3)).expect(500);
    crashPoints.disarm();
    const b = (await col('bookings').findOne({ userId: new Types.ObjectId(c.user.id) }))!;
    expect(await col('outboxes').countDocuments({ _id: `booking-confirmed:${b._id}` } as never)).toBe(0);
    const counts = await repairAfterCrash(afterGrace());
    expect(counts.notices).toBe(1);
    expect(await col('outboxes').countDocuments({ _id: `booking-confirmed:${b._id}` } as never)).toBe(1);
    expect(await col('bookingseats').countDocuments({ bookingId: b._id })).toBe(1);
  });

  it('when a cancellation stops after its event, then the sweep brings the projection up to it and frees the seat', async () => {
    const c = await signInCitizen(t);
    const s = slot(5);
    const b = await book(c, s).expect(201);
    crashPoints.arm('transition:after-event');
    await request(t.app).post(`/api/bookings/${b.body.id}/cancel`).set(bearer(c)).expect(500);
    crashPoints.disarm();
    const id = new Types.ObjectId(b.body.id as string);
    expect((await col('bookings').findOne({ _id: id }))!.status).toBe('booked');
    expect((await repairAfterCrash(afterGrace())).projections).toBe(1);
    expect(await col('bookings').findOne({ _id: id })).toMatchObject({ status: 'cancelled', seq: 2 });
    expect(await col('bookingseats').countDocuments({ bookingId: id })).toBe(0);
    const again = await request(t.app).get(`/api/bookings/${b.body.id}`).set(bearer(c)).expect(200);
    expect(again.body.status).toBe('cancelled');
  });
});

describe('crash repair of the outbox', () => {
  it('when delivery stops between claiming an attempt and recording it, then the sweep makes it retry, and it is sent', async () => {
    const sent: string[] = [];
    const sender: NotificationSender = { send: async (n) => (sent.push(n.id), 'sent') };
    await repairAfterCrash(afterGrace());
    await deliverDue(sender, afterGrace());
    sent.length = 0;
    const c = await signInCitizen(t);
    const b = await book(c, slot(6)).expect(201);
    const key = `booking-confirmed:${b.body.id}`;
    crashPoints.arm('outbox:after-claim');
    await expect(deliverDue(sender)).rejects.toThrow(/injected crash/);
    crashPoints.disarm();
    // Stuck: the claim of attempt 1 is taken, the message still pending with 0 attempts.
    expect((await deliverDue(sender)).sent).toBe(0);
    const later = afterGrace();
    expect((await repairAfterCrash(later)).outbox).toBe(1);
    const m = (await col('outboxes').findOne({ _id: key } as never))!;
    expect(m).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await deliverDue(sender, new Date(later.getTime() + 10 * 60_000))).sent).toBe(1);
    expect(sent).toEqual([key]);
    expect((await col('outboxes').findOne({ _id: key } as never))!.status).toBe('sent');
  });
});
