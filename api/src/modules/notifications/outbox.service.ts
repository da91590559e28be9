import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/connect';
import { insertGrouped } from '../../db/group-insert';
import { Outbox, OutboxClaim } from './outbox.model';
import type { NotificationSender } from './senders';
import { crashPoint } from './crash-points';

export type NoticeKind = 'booking_confirmed' | 'booking_reminder' | 'booking_changed' | 'booking_cancelled' | 'booking_paused' | 'queue_soon' | 'accountability' | 'delegation_promise';

/**
 * Queue a notification for an event; the event key makes this idempotent. `page` is a mini-app deep link built with
 * `miniappPath()` from `@bianmin/shared/routes`, never a hand-written path.
 */
export async function enqueue(key: string, n: { userId: string | Types.ObjectId; kind: NoticeKind; title: string; body: string; page?: string }, now = new Date()): Promise<'queued' | 'exists'> {
  try {
    await insertGrouped(Outbox, { _id: key, userId: new Types.ObjectId(String(n.userId)), kind: n.kind, title: n.title, body: n.body, page: n.page ?? '', nextAttemptAt: now });
    return 'queued';
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return 'exists';
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
    await crashPoint('outbox:after-claim');
    try {
      const result = await sender.send({ id: String(m._id), userId: String(m.userId), kind: m.kind, title: m.title, body: m.body, page: m.page ?? '' });
      await Outbox.updateOne({ _id: m._id }, { $set: { status: result, attempts: attempt, sentAt: result === 'sent' ? now : null } });
      counts[result]++;
    } catch (err) {
      await recordFailure(String(m._id), attempt, err, now);
      counts.failed++;
    }
  }
  return counts;
}

/** A failed attempt: retried after its backoff, or failed for good after the last one. */
async function recordFailure(id: string, attempt: number, err: unknown, now: Date): Promise<void> {
  const wait = BACKOFF_MS[attempt - 1];
  await Outbox.updateOne(
    { _id: id, attempts: { $lt: attempt } },
    {
      $set: {
        attempts: attempt,
        lastError: String(err instanceof Error ? err.message : err).slice(0, 300),
        ...(wait === undefined ? { status: 'failed' } : { nextAttemptAt: new Date(now.getTime() + wait) }),
      },
    },
  );
}

/** An attempt claimed this long ago without an outcome was cut off by a crash (a send times out after 10 s). */
export const CLAIM_GRACE_MS = 2 * 60_000;

/**
 * Outbox attempts claimed without an outcome (a crash between the claim and recording the result): the attempt is
 * recorded as failed, so the message is retried under the next attempt's claim key, or failed after the last one —
 * never left pending under a claim key that can never be taken again. Returns how many were repaired.
 */
export async function repairOutbox(now = new Date()): Promise<number> {
  const pending = await Outbox.find({ status: 'pending', nextAttemptAt: { $lte: now } }, { attempts: 1 }).limit(500).lean();
  if (!pending.length) return 0;
  const claims = await OutboxClaim.find({ _id: { $in: pending.map((m) => `${m._id}#${m.attempts + 1}`) } }).lean();
  let repaired = 0;
  for (const c of claims) {
    if (c.createdAt.getTime() > now.getTime() - CLAIM_GRACE_MS) continue;
    const key = String(c._id);
    const [id, n] = [key.slice(0, key.lastIndexOf('#')), Number(key.slice(key.lastIndexOf('#') + 1))];
    await recordFailure(id, n, new Error('发送中断（进程在记录结果前停止），将重试'), now);
    repaired++;
  }
  return repaired;
}
