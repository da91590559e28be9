/* eslint-disable no-console -- a benchmark: printing figures is its job */
/**
 * Through nginx in front of two API processes (deploy/run-local.sh bench): 200 citizens book one 5-seat slot at
 * once, and one staff account is guessed at repeatedly. Prints figures; exits 1 if capacity or the lockout did not
 * hold across both processes. Needs MONGODB_URI/DB_NAME (the shared database), JWT_SECRET, BASE, API_DIRECT.
 */
import mongoose from 'mongoose';
import { addDays, chinaDate, chinaInstant } from '@bianmin/shared';
import { signAccessToken } from '../api/src/http/auth';
import { User } from '../api/src/modules/auth/auth.model';
import { Center } from '../api/src/modules/centers/center.model';
import { Booking, BookingWindow } from '../api/src/modules/bookings/booking.model';
import { ServiceItem } from '../api/src/modules/service-items/service-item.model';
import { calendarFor } from '../api/src/modules/calendar/calendar.service';

const BASE = process.env.BASE!;
const DIRECT = (process.env.API_DIRECT ?? '').trim().split(/\s+/);
const N = Number(process.env.BENCH_CITIZENS ?? 200);

/** Sum of one counter family (optionally one label value) in a process's /metrics. */
async function counter(api: string, name: string, match = ''): Promise<number> {
  const text = await fetch(`${api}/metrics`).then((r) => r.text());
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && l.includes(match))
    .reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
}

async function main() {
  await mongoose.connect(process.env.MONGODB_URI!, { dbName: process.env.DB_NAME });
  const town = (await Center.findOne({ code: 'QH-CHENGGUAN' }).lean())!;
  await BookingWindow.updateOne({ centerId: town._id, code: 'A' }, { $set: { capacity: 5, heldBack: 0, slotMinutes: 30 } });
  const item = (await ServiceItem.findOne({ centerId: town._id, status: 'published' }).lean())!;
  const cal = await calendarFor(String(town._id));
  let slot = '';
  for (let d = addDays(chinaDate(new Date()), 2); !slot; d = addDays(d, 1)) {
    const span = cal.day(d).hours[0];
    if (span) slot = chinaInstant(d, span.start).toISOString();
  }
  const users = await User.insertMany(Array.from({ length: N }, (_, i) => ({ role: 'citizen', name: `压测${i}`, phone: `136${String(i).padStart(8, '0')}` })));

  const before = await Promise.all(DIRECT.map((api) => counter(api, 'bianmin_booking_outcomes_total')));
  const statuses = new Map<string, number>();
  const t0 = performance.now();
  const times = await Promise.all(
    users.map(async (u) => {
      const token = signAccessToken({ id: String(u._id), role: 'citizen' }, process.env.JWT_SECRET!, 3600);
      const s = performance.now();
      const res = await fetch(`${BASE}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ itemId: String(item._id), slotStart: slot }),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      const key = `${res.status}${body.error?.code ? ` ${body.error.code}` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      return performance.now() - s;
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  const after = await Promise.all(DIRECT.map((api) => counter(api, 'bianmin_booking_outcomes_total')));
  const booked = await Booking.countDocuments({ slotStart: new Date(slot), status: { $ne: 'cancelled' } });
  const perProcess = after.map((a, i) => a - before[i]);
  times.sort((a, b) => a - b);
  console.log(`booking race: ${N} citizens, one 5-seat slot, all at once through nginx → ${DIRECT.length} API processes`);
  console.log(`  answered ${times.length}/${N} in ${secs.toFixed(1)} s; p50 ${times[Math.floor(N / 2)].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`);
  console.log(`  statuses: ${[...statuses].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  console.log(`  requests per API process (from each one's /metrics): ${perProcess.join(' + ')}`);
  console.log(`  bookings in the database for the slot: ${booked} (capacity 5)`);

  // Sign-in lockout: wrong passwords for one account through nginx, spread over both processes.
  const perBefore = await Promise.all(DIRECT.map((api) => counter(api, 'bianmin_http_requests_total', 'route="POST /api/auth/password"')));
  const codes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${BASE}/api/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'town1-staff', password: `wrong-${i}` }) });
    codes.push(res.status);
  }
  const right = await fetch(`${BASE}/api/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'town1-staff', password: 'Demo@2026' }) });
  const perAfter = await Promise.all(DIRECT.map((api) => counter(api, 'bianmin_http_requests_total', 'route="POST /api/auth/password"')));
  console.log(`sign-in lockout: 10 wrong passwords → ${codes.join(' ')}; then the right password → ${right.status}`);
  console.log(`  attempts per API process: ${perAfter.map((a, i) => a - perBefore[i]).join(' + ')}`);
  await mongoose.disconnect();

  const failures: string[] = [];
  if (booked !== 5) failures.push(`capacity: ${booked} booked`);
  if (times.length !== N) failures.push('not all answered');
  if (perProcess.filter((n) => n > 0).length < 2) failures.push('one process took every booking request');
  if (!codes.includes(423) || right.status !== 423) failures.push('lockout did not hold across processes');
  if (failures.length) {
    console.log(`FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('capacity and the sign-in lockout held across both processes');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
