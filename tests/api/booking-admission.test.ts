import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { bookableSlot, manyCitizens } from '../support/factories';
import { bookingAdmission, createAdmission } from '../../api/src/modules/bookings/admission';
import { throughSlotGate } from '../../api/src/modules/bookings/slot-gate';
import { AppError } from '../../api/src/http/errors';

/** Admission control of the booking path: 503 with Retry-After instead of a long wait; a slot's gate. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A piece of work that ends when `release()` is called. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { work: () => done, release };
}

describe('the booking line (createAdmission)', () => {
  it('when the line already promises a wait beyond the limit, then a newcomer gets 503 BUSY at once, with a retry time', async () => {
    const line = createAdmission({ inFlight: 1, maxWaitMs: 150, maxQueue: 100, retryAfterS: 3 });
    await line.run(() => sleep(200));
    expect(line.workMs).toBeGreaterThanOrEqual(150);
    const a = held();
    const running = line.run(a.work);
    const queued = line.run(() => sleep(1)); // expected wait ≈ 200 ms, within twice the limit: joins the line
    const started = Date.now();
    // Two ahead (one running, one waiting) × ~200 ms > twice 150 ms: refused without waiting.
    await expect(line.run(() => sleep(1))).rejects.toMatchObject({ code: 'BUSY', extra: { retryAfter: 3 } });
    expect(Date.now() - started).toBeLessThan(100);
    a.release();
    await Promise.allSettled([running, queued]);
    expect(line.running).toBe(0);
  });
  it('when a waiter has waited the limit after all, then it gets 503 BUSY, and the line goes on', async () => {
    const line = createAdmission({ inFlight: 1, maxWaitMs: 150, maxQueue: 100, retryAfterS: 2 });
    const a = held();
    const running = line.run(a.work);
    const started = Date.now();
    await expect(line.run(() => sleep(1))).rejects.toBeInstanceOf(AppError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(line.waiting).toBe(0);
    a.release();
    await running;
    await expect(line.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('the slot gate (throughSlotGate)', () => {
  it('when 50 requests meet a slot with 2 seats left, then 2 contend at a time and the rest are refused as full without working', async () => {
    let left = 2;
    let contending = 0;
    let most = 0;
    let worked = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        throughSlotGate(
          'w|1',
          async () => left,
          async () => new AppError('CONFLICT', '该时段已约满'),
          async () => {
            worked++;
            most = Math.max(most, ++contending);
            await sleep(20);
            left--;
            contending--;
          },
          { maxWaitMs: 2_000, retryAfterS: 3 },
        ),
      ),
    );
    expect(most).toBe(2);
    expect(worked).toBe(2);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'rejected' && (o.reason as AppError).code === 'CONFLICT')).toHaveLength(48);
  });
  it('when a contender fails without taking the seat, then the next waiter gets its turn', async () => {
    let left = 1;
    let first = true;
    const run = () =>
      throughSlotGate(
        'w|2',
        async () => left,
        async () => new AppError('CONFLICT', '该时段已约满'),
        async () => {
          await sleep(10);
          if (first) {
            first = false;
            throw new AppError('CONFLICT', '您已预约该事项当天的时段');
          }
          left--;
          return 'booked';
        },
        { maxWaitMs: 2_000, retryAfterS: 3 },
      );
    const [a, b, c] = await Promise.allSettled([run(), run(), run()]);
    expect(a).toMatchObject({ status: 'rejected', reason: { message: '您已预约该事项当天的时段' } });
    expect(b).toMatchObject({ status: 'fulfilled', value: 'booked' });
    expect(c).toMatchObject({ status: 'rejected', reason: { message: '该时段已约满' } });
  });
});

describe('POST /api/bookings when the line is saturated', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('when every place in the line is taken for longer than the limit, then 503 BUSY with a Retry-After header, and nothing is stored', async () => {
    const { itemId, slotStart } = await bookableSlot(t, 'BUSY-1', 5);
    const [citizen] = await manyCitizens(t, 1);
    const blockers = Array.from({ length: 8 }, () => held());
    const running = blockers.map((b) => bookingAdmission.run(b.work));
    try {
      const res = await request(t.app)
        .post('/api/bookings')
        .set(citizen!.headers)
        .send({ itemId, slotStart })
        .expect(503);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.body.error).toMatchObject({ code: 'BUSY', retryAfter: 3 });
      expect(res.body.error.message).toMatch(/3秒后再试/);
      expect(await t.db.collection('bookings').countDocuments({})).toBe(0);
      expect(await t.db.collection('bookingseats').countDocuments({})).toBe(0);
    } finally {
      for (const b of blockers) b.release();
      await Promise.all(running);
    }
  }, 30_000);
});
