import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { bookableSlot, manyCitizens } from '../support/factories';
import { startApiProcess } from '../support/api-process';

let t: TestApp;
let other: ChildProcess;
let otherUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  // A second API process on the same database: the real server entry point, its own connection pool.
  ({ child: other, url: otherUrl } = await startApiProcess(t));
}, 60_000);
afterAll(async () => {
  other?.kill('SIGTERM');
  await t.close();
});

it('when 200 citizens book one slot through two API processes at once, then capacity holds exactly', async () => {
  const { itemId, slotStart } = await bookableSlot(t, 'TWO-PROC', 5);

  const citizens = await manyCitizens(t, 200);
  const results = await Promise.all(
    citizens.map((c, i) =>
      i % 2 === 0
        ? request(t.app).post('/api/bookings').set(c.headers).send({ itemId, slotStart }).then((r) => r.status)
        : fetch(`${otherUrl}/api/bookings`, { method: 'POST', headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify({ itemId, slotStart }) }).then((r) => r.status),
    ),
  );
  expect(results.filter((s) => s === 201)).toHaveLength(5);
  expect(results.filter((s) => s === 409)).toHaveLength(195);
  expect(await t.db.collection('bookingseats').countDocuments({ slotStart: new Date(slotStart) })).toBe(5);
  expect(await t.db.collection('bookings').countDocuments({ slotStart: new Date(slotStart) })).toBe(5);
}, 120_000);
