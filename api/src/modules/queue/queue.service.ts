import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { chinaDate, type TCheckIn, type TQueue, type TQueueTicket } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import type { BookingService, WindowRef } from '../bookings';
import { coverFor, recordCoverMove } from '../absences';
import { authorizeQueue } from './queue.policy';
import { QueueCall, QueueTicket } from './queue.model';
import { findTicket, issueTicket, lapseIfWaitedTooLong, presentTicket, type TicketRow } from './tickets';
import { hallDisplay } from './display';
import { noticeSoon, placeOf, recall, requeue, skip, transfer, waitingAt } from './fair-queue';

type Bookings = BookingService;

async function windowFor(bookings: Bookings, actor: Actor, windowId: string, action: 'walkIn' | 'view' | 'call'): Promise<WindowRef> {
  const w = await bookings.findWindow(windowId);
  if (!w) throw AppError.notFound('窗口');
  await authorizeQueue(actor, action, w.centerId);
  return w;
}

/** Claim the call of one waiting ticket (unique per ticket and re-queue: two staff never call the same person). */
async function claimCall(t: TicketRow, actor: Actor): Promise<boolean> {
  try {
    await QueueCall.create({ _id: t.requeued ? `${t._id}:requeue` : String(t._id), staffId: new Types.ObjectId(actor.id) });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** AB岗: a call made by the B post while the window's A post is away is recorded as a handover. */
async function recordCoveredCall(w: WindowRef, t: TicketRow, actor: Actor, now: Date): Promise<void> {
  const away = w.staffA && w.staffA !== actor.id ? w.staffA : null;
  if (!away || (await coverFor(away, chinaDate(now))) !== actor.id) return;
  await recordCoverMove({ kind: 'call', subjectId: String(t._id), centerId: w.centerId, windowId: w.id, fromUser: away, toUser: actor.id, date: chinaDate(now), detail: `${t.label} 由B岗叫号` });
}

/** Check a booked citizen in by code (typed or scanned): a queue number at the booking's window; again → the same. */
async function checkIn(bookings: Bookings, actor: Actor, code: string, now = new Date()): Promise<TCheckIn> {
  const b = await bookings.findByCode(code);
  if (!b) throw AppError.notFound('预约（请核对预约码）');
  await authorizeQueue(actor, 'checkIn', b.centerId);
  const existing = b.status === 'checked_in' && b.ticketId ? await findTicket(b.ticketId) : null;
  if (existing) return { ticket: presentTicket(existing, b), booking: await bookings.view(b.id, actor) };
  const w = await bookings.findWindow(b.windowId);
  if (!w) throw AppError.notFound('窗口');
  let ticket: TicketRow | undefined;
  const dueFrom = new Date(Math.max(b.slotStart.getTime(), now.getTime()));
  const booking = await bookings.checkIn(actor, b.id, now, async () => {
    ticket = await issueTicket(w, { kind: b.priority ? 'priority' : 'booking', source: `booking:${b.id}`, bookingId: b.id, dueFrom }, now);
    return { id: String(ticket._id), label: ticket.label };
  });
  return { ticket: presentTicket(ticket!, b), booking };
}

/** A walk-in takes a number in the same queue; priority (绿色通道) numbers are called first. */
async function walkIn(bookings: Bookings, actor: Actor, windowId: string, priority: boolean, now = new Date()): Promise<TQueueTicket> {
  const w = await windowFor(bookings, actor, windowId, 'walkIn');
  return presentTicket(await issueTicket(w, { kind: priority ? 'priority' : 'walkin', source: `walkin:${randomUUID()}`, bookingId: null, dueFrom: now }, now));
}

/** A window's numbers of a date, with the person and slot of each booked one. */
async function queueOf(bookings: Bookings, actor: Actor, windowId: string, date: string): Promise<TQueue> {
  const w = await windowFor(bookings, actor, windowId, 'view');
  const rows = (await QueueTicket.find({ windowId: new Types.ObjectId(w.id), date }).sort({ number: 1 }).lean()) as TicketRow[];
  const refs = await bookings.byIds(rows.filter((r) => r.bookingId).map((r) => String(r.bookingId)));
  const people = new Map(refs.map((b) => [b.id, b]));
  return { window: { id: w.id, name: w.name, code: w.code }, items: rows.map((r) => presentTicket(r, r.bookingId ? people.get(String(r.bookingId)) : null)) };
}

/** Call the next waiting number (priority first, then in order); a long wait counts a reception lapse. */
async function callNext(bookings: Bookings, actor: Actor, windowId: string, now = new Date()): Promise<TQueueTicket> {
  const w = await windowFor(bookings, actor, windowId, 'call');
  const waiting = await waitingAt(w.id, chinaDate(now));
  for (const t of waiting) {
    if (!(await claimCall(t, actor))) continue;
    const called = { status: 'called' as const, calledAt: now, lastCalledAt: now, callCount: 1, calledBy: new Types.ObjectId(actor.id), receivedAt: t.receivedAt ?? now };
    await QueueTicket.updateOne({ _id: t._id }, { $set: called });
    await lapseIfWaitedTooLong(t, actor.id, now);
    if (t.bookingId && !t.receivedAt && !t.requeued) await bookings.receive(actor, String(t.bookingId), now);
    const [b] = t.bookingId ? await bookings.byIds([String(t.bookingId)]) : [];
    await noticeSoon(bookings, w.id, w.name, chinaDate(now));
    await recordCoveredCall(w, t, actor, now);
    return presentTicket({ ...t, ...called }, b ?? null);
  }
  throw new AppError('NOT_FOUND', '当前没有等候的号');
}

/** Finish a called number; a booking becomes served (and can then be rated). */
async function done(bookings: Bookings, actor: Actor, ticketId: string, now = new Date()): Promise<TQueueTicket> {
  const t = await findTicket(ticketId);
  if (!t) throw AppError.notFound('号');
  await authorizeQueue(actor, 'finish', String(t.centerId));
  if (t.status !== 'called') throw new AppError('CONFLICT', '只有已叫号的号可以办结');
  await QueueTicket.updateOne({ _id: t._id }, { $set: { status: 'done', doneAt: now } });
  if (t.bookingId) await bookings.serve(actor, String(t.bookingId), now);
  return presentTicket({ ...t, status: 'done' });
}

/** The queue at a window (取号、叫号、办结). Booking transitions go through the bookings service it is given. */
export function createQueueService(bookings: BookingService) {
  return {
    checkIn: (actor: Actor, code: string, now?: Date) => checkIn(bookings, actor, code, now),
    walkIn: (actor: Actor, windowId: string, priority: boolean, now?: Date) => walkIn(bookings, actor, windowId, priority, now),
    queue: (actor: Actor, windowId: string, date: string) => queueOf(bookings, actor, windowId, date),
    callNext: (actor: Actor, windowId: string, now?: Date) => callNext(bookings, actor, windowId, now),
    done: (actor: Actor, ticketId: string, now?: Date) => done(bookings, actor, ticketId, now),
    recall: (actor: Actor, ticketId: string, now?: Date) => recall(actor, ticketId, now),
    skip: (actor: Actor, ticketId: string, now?: Date) => skip(actor, ticketId, now),
    requeue: (actor: Actor, ticketId: string, now?: Date) => requeue(actor, ticketId, now),
    transfer: (actor: Actor, ticketId: string, windowId: string, now?: Date) => transfer(bookings, actor, ticketId, windowId, now),
    place: (actor: Actor, bookingId: string) => placeOf(bookings, actor, bookingId),
    display: (centerId: string, now?: Date) => hallDisplay(bookings, centerId, now),
    /** 爽约 and the day's bookings are booking use cases; staff reach them through the queue's routes. */
    noShow: bookings.noShow,
    dayBookings: bookings.dayBookings,
  };
}
export type QueueService = ReturnType<typeof createQueueService>;
