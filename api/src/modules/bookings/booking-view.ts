import type { TBooking } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { findCenter } from '../centers';
import { missingByLatestChecklist } from '../checklists';
import { ticketSummary } from '../queue';
import { findWindowRow } from './windows';
import { bookingPolicy, bookingResource } from './bookings.policy';
import { presentBooking, type BookingRow } from './bookings.presenter';
import { rulesFor } from './slots';

/**
 * A booking as `viewer` sees it: place and window names, when it stops being changeable, its queue number, what the
 * citizen still lacks by their saved checklist (not looked up when the caller knows they saved none), and the phone
 * masked unless the policy reveals it.
 */
export async function viewBooking(b: BookingRow, viewer: Actor, known: { savedChecklists?: boolean } = {}): Promise<TBooking> {
  const [center, w, rules, resource, ticket, missing] = await Promise.all([
    findCenter(String(b.centerId)),
    findWindowRow(b.windowId),
    rulesFor(b.centerId),
    bookingResource(b),
    b.ticketId ? ticketSummary(String(b.ticketId)) : undefined,
    b.bookedFor !== 'client' && known.savedChecklists !== false ? missingByLatestChecklist(String(b.userId), String(b.itemId)) : undefined,
  ]);
  return presentBooking(b, {
    centerName: center?.name ?? '',
    windowName: w?.name ?? '',
    place: `${center?.name ?? ''} ${center?.address ?? ''} ${w?.name ?? ''}`.trim(),
    cutoffMinutes: rules.cancelCutoffMinutes,
    revealPhone: bookingPolicy.can(viewer, 'revealPhone', resource),
    ...(ticket ? { ticket: { label: ticket.label, status: ticket.status } } : {}),
    ...(missing ? { missing } : {}),
  });
}

export async function viewBookings(rows: BookingRow[], viewer: Actor): Promise<{ items: TBooking[] }> {
  return { items: await Promise.all(rows.map((r) => viewBooking(r, viewer))) };
}
