import { addDays, chinaDate, chinaInstant } from '@bianmin/shared';
import { miniappPath } from '@bianmin/shared/routes';
import { enqueue } from '../notifications';
import { Booking } from './booking.model';

/** Background sweep: a reminder the day before each booking (one per booking and slot). */
export async function enqueueReminders(now = new Date()): Promise<number> {
  const tomorrow = addDays(chinaDate(now), 1);
  const rows = await Booking.find({ status: 'booked', slotStart: { $gte: chinaInstant(tomorrow), $lt: chinaInstant(addDays(tomorrow, 1)) } }).lean();
  for (const b of rows) {
    await enqueue(
      `reminder:${b._id}:${b.slotStart.toISOString()}`,
      {
        userId: b.userId,
        kind: 'booking_reminder',
        title: `明天请来办理：${b.itemName}`,
        body: `预约码 ${b.code}，请按一次性告知带齐材料`,
        page: miniappPath('bookingDetail', { id: String(b._id) }),
      },
      now,
    );
  }
  return rows.length;
}
