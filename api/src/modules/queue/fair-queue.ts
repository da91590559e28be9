import { Types } from 'mongoose';
import { miniappPath, type TQueuePlace, type TQueueTicket } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import type { BookingService } from '../bookings';
import { enqueue } from '../notifications';
import { authorizeQueue } from './queue.policy';
import { QueueEvent, QueueTicket } from './queue.model';
import { findTicket, inCallOrder, issueTicket, originOf, presentTicket, type TicketRow } from './tickets';

/**
 * 公平叫号: 重呼, 过号, 重新排队 (once), 转窗口 keeping the arrival time, a citizen's place and estimated wait, and
 * the 即将到号 notice. Every change after the first call appends a QueueEvent with a deterministic id first.
 */

/** 过号 is allowed after this many calls… */
export const MAX_CALLS = 3;
/** …or this long after the first call without the citizen showing up. */
export const SHOW_UP_MINUTES = 5;
/** 即将到号: the notice goes out when this many numbers (or fewer) are ahead. */
export const SOON_AHEAD = 3;

type Bookings = BookingService;

/** Append the event first: a second request for the same step collides on its id and changes nothing. */
async function claimEvent(id: string, t: TicketRow, kind: 'recall' | 'skip' | 'requeue' | 'transfer', actor: Actor, data: Record<string, unknown> = {}): Promise<void> {
  try {
    await QueueEvent.create({ _id: id, ticketId: t._id, kind, staffId: new Types.ObjectId(actor.id), data });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该号刚刚已被处理，请刷新');
    throw err;
  }
}

async function loadTicket(actor: Actor, id: string, action: 'call' | 'finish'): Promise<TicketRow> {
  const t = await findTicket(id);
  if (!t) throw AppError.notFound('号');
  await authorizeQueue(actor, action, String(t.centerId));
  return t;
}

/** 重呼: call a called number again (at most three calls in all). */
export async function recall(actor: Actor, ticketId: string, now = new Date()): Promise<TQueueTicket> {
  const t = await loadTicket(actor, ticketId, 'call');
  if (t.status !== 'called') throw new AppError('CONFLICT', '只有已叫号的号可以重呼');
  const count = t.callCount ?? 1;
  if (count >= MAX_CALLS) throw new AppError('CONFLICT', `已叫号${MAX_CALLS}次，请过号`);
  await claimEvent(`${t._id}:recall:${count + 1}`, t, 'recall', actor);
  await QueueTicket.updateOne({ _id: t._id }, { $set: { callCount: count + 1, lastCalledAt: now } });
  return presentTicket({ ...t, callCount: count + 1, lastCalledAt: now });
}

/** 过号: a number called three times, or not shown within five minutes of its first call, leaves the queue. */
export async function skip(actor: Actor, ticketId: string, now = new Date()): Promise<TQueueTicket> {
  const t = await loadTicket(actor, ticketId, 'call');
  if (t.status !== 'called') throw new AppError('CONFLICT', '只有已叫号的号可以过号');
  const calls = t.callCount ?? 1;
  const waitedMs = now.getTime() - (t.calledAt ?? now).getTime();
  if (calls < MAX_CALLS && waitedMs < SHOW_UP_MINUTES * 60_000) {
    throw new AppError('CONFLICT', `叫号满${MAX_CALLS}次或满${SHOW_UP_MINUTES}分钟未到才能过号`);
  }
  await claimEvent(`${t._id}:skip:${t.requeued ? 2 : 1}`, t, 'skip', actor, { calls });
  await QueueTicket.updateOne({ _id: t._id }, { $set: { status: 'skipped' } });
  return presentTicket({ ...t, status: 'skipped' });
}

/** 重新排队: a skipped citizen who comes back is put at the back of the queue, once; the wait is counted afresh. */
export async function requeue(actor: Actor, ticketId: string, now = new Date()): Promise<TQueueTicket> {
  const t = await loadTicket(actor, ticketId, 'call');
  if (t.status !== 'skipped') throw new AppError('CONFLICT', '只有过号的号可以重新排队');
  if (t.requeued) throw new AppError('CONFLICT', '过号后只能重新排队一次，请重新取号');
  await claimEvent(`${t._id}:requeue`, t, 'requeue', actor);
  const set = { status: 'waiting' as const, requeued: true, arrivedAt: now, dueFrom: now, receivedAt: null, callCount: 0, calledAt: null, lastCalledAt: null };
  await QueueTicket.updateOne({ _id: t._id }, { $set: set });
  return presentTicket({ ...t, ...set });
}

/**
 * 转窗口: the citizen waits at another window of the same center with a new number there, in the place their
 * original arrival gives them. The reception clock is not restarted and the lapse key stays the first ticket's.
 */
export async function transfer(bookings: Bookings, actor: Actor, ticketId: string, windowId: string, now = new Date()): Promise<TQueueTicket> {
  const t = await loadTicket(actor, ticketId, 'call');
  if (!['waiting', 'called'].includes(t.status)) throw new AppError('CONFLICT', '只有等候或已叫号的号可以转窗口');
  const w = await bookings.findWindow(windowId);
  if (!w || w.centerId !== String(t.centerId)) throw AppError.validation([{ field: 'windowId', message: '请选择本中心的其他窗口' }]);
  if (w.id === String(t.windowId)) throw AppError.validation([{ field: 'windowId', message: '已在该窗口排队' }]);
  await claimEvent(`${t._id}:transfer`, t, 'transfer', actor, { windowId: w.id });
  const next = await issueTicket(
    w,
    {
      kind: t.kind,
      source: `transfer:${t._id}`,
      bookingId: t.bookingId ? String(t.bookingId) : null,
      dueFrom: t.dueFrom,
      arrivedAt: t.arrivedAt ?? t.createdAt,
      originId: new Types.ObjectId(originOf(t)),
      receivedAt: t.receivedAt ?? t.calledAt ?? null,
    },
    now,
  );
  await QueueTicket.updateOne({ _id: t._id }, { $set: { status: 'transferred', transferredTo: next._id } });
  return { ...presentTicket({ ...t, status: 'transferred' }), transferredTo: { windowId: w.id, label: next.label } };
}

/** Waiting numbers of a window today, in call order. */
export async function waitingAt(windowId: string, date: string): Promise<TicketRow[]> {
  return inCallOrder((await QueueTicket.find({ windowId: new Types.ObjectId(windowId), date, status: 'waiting' }).lean()) as TicketRow[]);
}

/** Minutes per citizen at a window today: the mean of finished numbers, else the window's slot over its seats. */
async function minutesPerCitizen(windowId: string, date: string, fallback: number): Promise<number> {
  const done = await QueueTicket.find({ windowId: new Types.ObjectId(windowId), date, status: 'done', doneAt: { $ne: null } }, { calledAt: 1, doneAt: 1 }).lean();
  const spans = done.filter((d) => d.calledAt && d.doneAt).map((d) => (d.doneAt!.getTime() - d.calledAt!.getTime()) / 60_000);
  if (!spans.length) return fallback;
  return Math.max(1, spans.reduce((a, b) => a + b, 0) / spans.length);
}

/** 即将到号: booked citizens with three or fewer numbers ahead get one outbox notice each (keyed by the first ticket). */
export async function noticeSoon(bookings: Bookings, windowId: string, windowName: string, date: string): Promise<void> {
  const near = (await waitingAt(windowId, date)).slice(0, SOON_AHEAD + 1).filter((t) => t.bookingId);
  if (!near.length) return;
  const refs = new Map((await bookings.byIds(near.map((t) => String(t.bookingId)))).map((b) => [b.id, b]));
  for (const [i, t] of near.entries()) {
    const b = refs.get(String(t.bookingId));
    if (!b) continue;
    await enqueue(`queue-soon:${originOf(t)}`, {
      userId: b.userId,
      kind: 'queue_soon',
      title: `即将到号：${t.label}`,
      body: i === 0 ? `下一个就是您，请到${windowName}附近等候` : `前面还有${i}位，请到${windowName}附近等候`,
      page: miniappPath('bookingDetail', { id: b.id }),
    });
  }
}

/** A citizen's place in the queue for their booking (the latest number, following transfers). */
export async function placeOf(bookings: Bookings, actor: Actor, bookingId: string): Promise<TQueuePlace> {
  const [b] = await bookings.byIds([bookingId]);
  if (!b || b.userId !== actor.id) throw AppError.notFound('预约');
  const t = (await QueueTicket.findOne({ bookingId: new Types.ObjectId(b.id) }).sort({ createdAt: -1, _id: -1 }).lean()) as TicketRow | null;
  if (!t) throw new AppError('NOT_FOUND', '尚未取号：请到窗口签到取号');
  const w = await bookings.findWindow(String(t.windowId));
  const windowName = w?.name ?? '';
  let ahead = 0;
  let estimatedMinutes = 0;
  if (t.status === 'waiting') {
    const order = await waitingAt(String(t.windowId), t.date);
    ahead = Math.max(0, order.findIndex((x) => String(x._id) === String(t._id)));
    const fallback = w ? Math.max(1, w.slotMinutes / Math.max(1, w.capacity)) : 10;
    estimatedMinutes = Math.round(ahead * (await minutesPerCitizen(String(t.windowId), t.date, fallback)));
  }
  return { label: t.label, status: t.status, windowName, ahead, estimatedMinutes, canRequeue: t.status === 'skipped' && !t.requeued };
}
