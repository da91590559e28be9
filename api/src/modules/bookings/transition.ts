import { Types } from 'mongoose';
import { reduceBooking, type BookingAction, type BookingChanges, type BookingEventDraft, type BookingMachineContext, type BookingRefusal } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { insertGrouped } from '../../db/group-insert';
import { crashPoint } from '../notifications';
import { Booking, BookingEvent } from './booking.model';
import { machineState, type BookingRow } from './bookings.presenter';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));

/** A refusal of the state machine as the API answers it: input at fault → 400, a pause → 403, otherwise 409. */
export function refusalError(r: BookingRefusal): AppError {
  if (r.field) return AppError.validation([{ field: r.field, message: r.message }]);
  if (r.code === 'PAUSED') return new AppError('BOOKING_PAUSED', r.message, undefined, r.data);
  return new AppError('CONFLICT', r.message, undefined, r.data);
}

export interface Decision {
  changes: BookingChanges;
  event: BookingEventDraft;
}

/** Ask the state machine; a refusal is thrown as the matching AppError. */
export function decide(b: BookingRow | null, action: BookingAction, ctx: BookingMachineContext): Decision {
  const r = reduceBooking(b ? machineState(b) : null, action, ctx);
  if (!r.ok) throw refusalError(r.refusal);
  return { changes: r.changes, event: r.event };
}

/** The projection fields of the machine's changes (ids as ObjectIds). */
export function projection(changes: BookingChanges): Record<string, unknown> {
  const { ticketId, servedBy, windowId, ...rest } = changes;
  return { ...rest, ...(ticketId ? { ticketId: oid(ticketId) } : {}), ...(servedBy ? { servedBy: oid(servedBy) } : {}), ...(windowId ? { windowId: oid(windowId) } : {}) };
}

/** Append the event (unique booking+seq: of two racing transitions exactly one gets here). */
export async function appendEvent(bookingId: Types.ObjectId, event: BookingEventDraft, actor: Actor): Promise<void> {
  try {
    await insertGrouped(BookingEvent, { bookingId, seq: event.seq, type: event.type, actorId: oid(actor.id), data: event.data });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '预约状态刚刚发生了变化，请刷新后重试');
    throw err;
  }
}

/**
 * Apply a decided transition to a stored booking: the event with seq+1 goes in first, then the projection follows.
 * Returns the booking as it now is.
 */
export async function apply(b: BookingRow, d: Decision, actor: Actor): Promise<BookingRow> {
  await appendEvent(b._id, d.event, actor);
  await crashPoint('transition:after-event');
  const set = projection(d.changes);
  await Booking.updateOne({ _id: b._id }, { $set: { ...set, seq: d.event.seq } });
  return { ...b, ...set, seq: d.event.seq } as BookingRow;
}
