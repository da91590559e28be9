import type { ChildProcess } from 'node:child_process';
import { Types } from 'mongoose';
import { startTestApp, type TestApp } from '../support/test-app';
import { bookableSlot, manyCitizens } from '../support/factories';
import { startApiProcess } from '../support/api-process';
import { repairAfterCrash, REPAIR_GRACE_MS } from '../../api/src/modules/bookings';

/**
 * `kill -9` in the middle of a booking burst: a real API process (the server entry point) is killed with SIGKILL
 * while 200 citizens are booking one slot. Whatever was acknowledged must be there, nothing may be half-written
 * once the repair sweep has run, a new process must start on the same database, and the citizens left without an
 * answer can book again — ending with exactly the slot's capacity, one booking per citizen.
 */
let t: TestApp;
const children: ChildProcess[] = [];

async function startApi() {
  const p = await startApiProcess(t);
  children.push(p.child);
  return p;
}

beforeAll(async () => {
  t = await startTestApp();
}, 60_000);
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t.close();
});

const CAPACITY = 40;

it('when the API process is killed with SIGKILL mid-burst, then acknowledged bookings survive, the sweep leaves no half-writes, and the retried burst ends at capacity', async () => {
  const { itemId, slotStart } = await bookableSlot(t, 'KILL-9', CAPACITY);
  const citizens = await manyCitizens(t, 200);

  // The burst against a real process; it is killed as soon as a few bookings have been acknowledged.
  const first = await startApi();
  const acknowledged: string[] = [];
  let answered = 0;
  const burst = Promise.all(
    citizens.map((c) =>
      fetch(`${first.url}/api/bookings`, { method: 'POST', headers: { ...c.headers, 'content-type': 'application/json' }, body: JSON.stringify({ itemId, slotStart }) })
        .then(async (r) => {
          answered++;
          if (r.status === 201) acknowledged.push(((await r.json()) as { id: string }).id);
          else await r.arrayBuffer();
          if (acknowledged.length >= 5) first.child.kill('SIGKILL');
          return r.status;
        })
        .catch(() => 0),
    ),
  );
  const statuses = await burst;
  first.child.kill('SIGKILL');
  const cut = statuses.filter((s) => s === 0).length;
  console.log(`kill -9 mid-burst: ${answered} answered before the kill (${acknowledged.length} booked), ${cut} cut off`);
  expect(acknowledged.length).toBeGreaterThanOrEqual(5);
  expect(cut).toBeGreaterThan(0);

  // What was acknowledged is durable.
  const bookings = t.db.collection('bookings');
  for (const id of acknowledged) expect(await bookings.countDocuments({ _id: new Types.ObjectId(id) })).toBe(1);

  // The sweep (as the jobs run it once the grace period is over) leaves seats = bookings, each booking with its event.
  const slot = { slotStart: new Date(slotStart) };
  const seatsLeft = await t.db.collection('bookingseats').countDocuments(slot);
  const repaired = await repairAfterCrash(new Date(Date.now() + REPAIR_GRACE_MS + 5_000));
  console.log(`after the kill: ${await bookings.countDocuments(slot)} bookings, ${seatsLeft} seats; repair: ${JSON.stringify(repaired)}`);
  const afterRepair = await bookings.find(slot).toArray();
  expect(await t.db.collection('bookingseats').countDocuments(slot)).toBe(afterRepair.length);
  expect(afterRepair.length).toBeLessThanOrEqual(CAPACITY);
  for (const b of afterRepair) expect(await t.db.collection('bookingevents').countDocuments({ bookingId: b._id, type: 'booked' })).toBe(1);
  expect(new Set(afterRepair.map((b) => String(b.userId))).size).toBe(afterRepair.length);

  // A new process starts on the same database, and everyone who did not get a booking tries again.
  const second = await startApi();
  // As the app does: a 503 (the booking line is full) is tried again after its Retry-After.
  const bookUntilAnswered = async (headers: Record<string, string>): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      const r = await fetch(`${second.url}/api/bookings`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ itemId, slotStart }) });
      await r.arrayBuffer();
      if (r.status !== 503 || attempt === 10) return r.status;
      await new Promise((res) => setTimeout(res, Math.min(3, Number(r.headers.get('retry-after') ?? 1)) * 1000));
    }
  };
  const retried = await Promise.all(citizens.map((c) => bookUntilAnswered(c.headers)));
  // 201 for new bookings; 409 for a full slot or for a citizen who already holds this slot.
  expect(retried.every((s) => s === 201 || s === 409)).toBe(true);
  const final = await bookings.find(slot).toArray();
  expect(final).toHaveLength(CAPACITY);
  expect(new Set(final.map((b) => String(b.userId))).size).toBe(CAPACITY);
  expect(await t.db.collection('bookingseats').countDocuments(slot)).toBe(CAPACITY);
  second.child.kill('SIGTERM');
}, 240_000);
