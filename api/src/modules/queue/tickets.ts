import { Types } from 'mongoose';
import { chinaDate, openMinutesBetween, type TQueueTicket } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { settingsFor } from '../centers';
import { calendarFor } from '../calendar';
import { recordLapse } from './lapses';
import { QueueTicket } from './queue.model';

export type TicketKind = 'booking' | 'walkin' | 'priority';
export type TicketStatus = 'waiting' | 'called' | 'done' | 'skipped' | 'transferred';

export interface TicketRow {
  _id: Types.ObjectId;
  windowId: Types.ObjectId;
  centerId: Types.ObjectId;
  /** China date the number was issued for. */
  date: string;
  label: string;
  number: number;
  kind: TicketKind;
  status: TicketStatus;
  bookingId?: Types.ObjectId | null;
  dueFrom: Date;
  calledAt?: Date | null;
  lastCalledAt?: Date | null;
  callCount?: number;
  calledBy?: Types.ObjectId | null;
  doneAt?: Date | null;
  arrivedAt?: Date | null;
  originId?: Types.ObjectId | null;
  receivedAt?: Date | null;
  requeued?: boolean;
  transferredTo?: Types.ObjectId | null;
  createdAt: Date;
}

/** The ticket a chain of transfers started from: lapses are keyed by it. */
export const originOf = (t: Pick<TicketRow, '_id' | 'originId'>) => String(t.originId ?? t._id);

/** Call order at a window: 绿色通道 first, then by arrival (kept across a transfer), then by number. */
export function inCallOrder<T extends Pick<TicketRow, 'kind' | 'arrivedAt' | 'createdAt' | 'number'>>(rows: T[]): T[] {
  const arrived = (t: T) => (t.arrivedAt ?? t.createdAt).getTime();
  return [...rows].sort((a, b) => Number(b.kind === 'priority') - Number(a.kind === 'priority') || arrived(a) - arrived(b) || a.number - b.number);
}

export function presentTicket(t: TicketRow, b?: { personName: string; slotStart: Date } | null): TQueueTicket {
  return {
    id: String(t._id),
    label: t.label,
    number: t.number,
    kind: t.kind,
    status: t.status,
    ...(t.bookingId ? { bookingId: String(t.bookingId) } : {}),
    ...(b ? { personName: b.personName, slotStart: b.slotStart.toISOString() } : {}),
    issuedAt: t.createdAt.toISOString(),
    ...(t.calledAt ? { calledAt: t.calledAt.toISOString() } : {}),
    ...(t.callCount ? { callCount: t.callCount } : {}),
    ...(t.requeued ? { requeued: true } : {}),
  };
}

export async function findTicket(id: string | Types.ObjectId): Promise<TicketRow | null> {
  if (!Types.ObjectId.isValid(String(id))) return null;
  return (await QueueTicket.findById(id).lean()) as TicketRow | null;
}

/** A ticket's label and status (shown on its booking), and who called it; null when there is none. */
export async function ticketSummary(id: string): Promise<{ label: string; status: TicketStatus; calledBy: string | null } | null> {
  const t = await findTicket(id);
  return t ? { label: t.label, status: t.status, calledBy: t.calledBy ? String(t.calledBy) : null } : null;
}

/** The last number this process issued per window and date (`<window>:<date>`): the next one is tried without a read. */
const lastIssued = new Map<string, number>();

/**
 * Next number at a window today. The unique (window, date, number) decides; this process hands out numbers from
 * memory (synchronously, so its own concurrent issuers never collide) and reads the window's highest number only
 * when it has none or another process took the number it tried.
 */
export async function issueTicket(
  w: { id: string; centerId: string; code: string },
  t: { kind: TicketKind; source: string; bookingId: string | null; dueFrom: Date; arrivedAt?: Date; originId?: Types.ObjectId | null; receivedAt?: Date | null },
  now: Date,
): Promise<TicketRow> {
  const date = chinaDate(now);
  const windowId = new Types.ObjectId(w.id);
  const key = `${w.id}:${date}`;
  let read = !lastIssued.has(key);
  for (let attempt = 0; attempt < 100; attempt++) {
    const inDb = read ? ((await QueueTicket.findOne({ windowId, date }, { number: 1 }).sort({ number: -1 }).lean())?.number ?? 0) : 0;
    const number = Math.max(inDb, lastIssued.get(key) ?? 0) + 1;
    lastIssued.set(key, number);
    if (lastIssued.size > 5_000) lastIssued.delete(lastIssued.keys().next().value!);
    try {
      const label = `${w.code}${String(number).padStart(3, '0')}`;
      const doc = await QueueTicket.create({ windowId, centerId: new Types.ObjectId(w.centerId), date, number, label, ...t, arrivedAt: t.arrivedAt ?? now, bookingId: t.bookingId ? new Types.ObjectId(t.bookingId) : null });
      return doc.toObject() as TicketRow;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (String((err as { message?: string }).message).includes('source')) return (await QueueTicket.findOne({ source: t.source }).lean()) as TicketRow;
      read = true;
    }
  }
  throw new AppError('CONFLICT', '取号繁忙，请重试');
}

/** The center's reception limit (settings.queue.receptionLapseMinutes). */
export async function receptionLimitMinutes(centerId: string | Types.ObjectId): Promise<number> {
  return (await settingsFor(String(centerId))).queue.receptionLapseMinutes;
}

/**
 * A reception lapse (失误) when the citizen waited longer than the center allows, counted in opening minutes only
 * (lunch, evenings and closed days pause the clock; 延时服务 hours count). The wait ends at the first call anywhere
 * in a transfer chain, and the lapse is keyed by the chain's first ticket: a transfer never counts twice. Skipped
 * numbers are never swept (a citizen who walked out is not the staff's lapse).
 */
export async function lapseIfWaitedTooLong(t: TicketRow, staffId: string | null, now: Date): Promise<boolean> {
  const limit = await receptionLimitMinutes(t.centerId);
  const end = t.receivedAt ?? now;
  if (end.getTime() <= t.dueFrom.getTime() + limit * 60_000) return false;
  const waited = openMinutesBetween(await calendarFor(String(t.centerId)), t.dueFrom, end);
  if (waited <= limit) return false;
  await recordLapse({
    id: `reception:${originOf(t)}`,
    kind: 'reception',
    centerId: String(t.centerId),
    windowId: String(t.windowId),
    staffId,
    subjectId: originOf(t),
    date: chinaDate(t.dueFrom),
    detail: `${t.label} 超过${limit}分钟未受理（办公时间内等候${Math.round(waited)}分钟）`,
  });
  return true;
}