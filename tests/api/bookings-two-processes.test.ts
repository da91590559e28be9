import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { addDays, chinaDate, chinaInstant, weekday, WorkingCalendar } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildServiceItem, manyCitizens, publishItem, seedTree, signInStaff, bearer } from '../support/factories';
import { startApiProcess } from '../support/api-process';
import { nationalSchedule } from '../../api/src/modules/calendar';

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
  const tree = await seedTree();
  const admin = await signInStaff(t, 'admin', tree.town);
  const itemId = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'TWO-PROC' }));
  await request(t.app)
    .post('/api/admin/windows')
    .set(bearer(admin))
    .send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 0 })
    .expect(201);
  const cal = new WorkingCalendar({ national: nationalSchedule() });
  let day = addDays(chinaDate(new Date()), 2);
  while (!cal.isOpen(day) || weekday(day) > 5) day = addDays(day, 1);
  const slotStart = chinaInstant(day, 9 * 60).toISOString();

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
