import { Types } from 'mongoose';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { Booking, BookingWindow } from './booking.model';
import type { BookingRow, WindowRow } from './bookings.presenter';
import { releaseSeat, takeSeat } from './claims';
import { rulesFor, slotAt } from './slots';
import { apply, decide } from './transition';

/** Where a booking went (换窗口). */
export interface WindowMove {
  windowId: string;
  windowName: string;
}

/** Another window of the center serving the item (it lists the item, or serves everything), with the same slot open. */
async function candidates(b: BookingRow): Promise<WindowRow[]> {
  const rows = (await BookingWindow.find({ centerId: b.centerId }).sort({ code: 1 }).lean()) as WindowRow[];
  const out: WindowRow[] = [];
  for (const w of rows) {
    if (String(w._id) === String(b.windowId)) continue;
    if (w.itemCodes.length && !w.itemCodes.includes(b.itemCode)) continue;
    // slotAt refuses a day the window is closed or unstaffed (AB岗), and a start that is not one of its slots.
    const slot = await slotAt(w, b.slotStart).catch(() => null);
    if (slot && slot.end.getTime() === b.slotEnd.getTime()) out.push(w);
  }
  return out;
}

/**
 * AB岗: a booked citizen whose window has nobody present that day moves to another window of the center serving the
 * same item, in the same slot. The seat there is taken first (unique window+slot+seat decides against concurrent
 * bookings), then the `moved` event is appended (unique booking+seq), and only then is the old seat let go; a lost
 * race gives the new seat back. Returns the new window, or null when no window can take them (they are told instead).
 */
export async function moveToAnotherWindow(actor: Actor, bookingId: string, reason: string, now = new Date()): Promise<WindowMove | null> {
  if (!Types.ObjectId.isValid(bookingId)) return null;
  const b = (await Booking.findById(bookingId).lean()) as BookingRow | null;
  if (!b || b.status !== 'booked' || b.slotStart <= now) return null;
  const ctx = { now, rules: await rulesFor(b.centerId), actorRole: actor.role };
  for (const w of await candidates(b)) {
    if ((await takeSeat(w, b.slotStart, b._id, b.priority)) === null) continue;
    try {
      const d = decide(b, { type: 'move_window', fromWindowId: String(b.windowId), windowId: String(w._id), reason }, ctx);
      await apply(b, d, actor);
    } catch (err) {
      // The booking changed meanwhile (cancelled, moved by someone else): give the seat back and leave it be.
      await releaseSeat({ bookingId: b._id, windowId: w._id, slotStart: b.slotStart });
      if (err instanceof AppError) return null;
      throw err;
    }
    await releaseSeat({ bookingId: b._id, windowId: b.windowId, slotStart: b.slotStart });
    return { windowId: String(w._id), windowName: w.name };
  }
  return null;
}
