import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/connect';
import { Outbox, OutboxClaim } from './outbox.model';
import type { NotificationSender } from './senders';

export type NoticeKind = 'booking_confirmed' | 'booking_reminder' | 'booking_changed' | 'booking_cancelled' | 'booking_paused';

/**
 * Queue a notification for an event; the event key makes this idempotent. `page` is a mini-app deep link built with
 * `miniappPath()` from `@bianmin/shared/routes`, never a hand-written path.
 */
export async function enqueue(key: string, n: { userId: string | Types.ObjectId; kind: NoticeKind; title: string; body: string; page?: string }, now = new Date()) {
  try {
    await Outbox.create({ _id: key, userId: n.userId, kind: n.kind, title: n.title, body: n.body, page: n.page ?? '', nextAttemptAt: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** Retry waits after attempt 1, 2, 3, 4; then the message is marked failed. */
const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/**
 * Send what is due. Each attempt is claimed by a unique document first, so with several workers every message is
 * sent at most once per attempt, and a sent message is never sent again.
 */
export async function deliverDue(sender: NotificationSender, now = new Date(), limit = 50): Promise<{ sent: number; failed: number; skipped: number }> {
  const due = await Outbox.find({ status: 'pending', nextAttemptAt: { $lte: now } }).sort({ nextAttemptAt: 1 }).limit(limit).lean();
  const counts = { sent: 0, failed: 0, skipped: 0 };
  for (const m of due) {
    const attempt = m.attempts + 1;
    try {
      await OutboxClaim.create({ _id: `${m._id}#${attempt}` });
    } catch (err) {
      if (isDuplicateKey(err)) continue;
      throw err;
    }
    try {
      const result = await sender.send({ id: String(m._id), userId: String(m.userId), kind: m.kind, title: m.title, body: m.body, page: m.page ?? '' });
      await Outbox.updateOne({ _id: m._id }, { $set: { status: result, attempts: attempt, sentAt: result === 'sent' ? now : null } });
      counts[result]++;
    } catch (err) {
      const wait = BACKOFF_MS[attempt - 1];
      await Outbox.updateOne(
        { _id: m._id },
        {
          $set: {
            attempts: attempt,
            lastError: String(err instanceof Error ? err.message : err).slice(0, 300),
            ...(wait === undefined ? { status: 'failed' } : { nextAttemptAt: new Date(now.getTime() + wait) }),
          },
        },
      );
      counts.failed++;
    }
  }
  return counts;
}
