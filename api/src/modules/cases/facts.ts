import { Types } from 'mongoose';
import { WindowCase } from './case.model';

/** A window case as a rating needs it: finished or not, when, where, and who served (window, receiving staff). */
export interface WindowCaseForRating {
  finished: boolean;
  completedAt: Date | null;
  centerId: string;
  itemId: string;
  itemName: string;
  windowId: string | null;
  staffId: string;
}

export async function windowCaseForRating(id: string): Promise<WindowCaseForRating | null> {
  if (!Types.ObjectId.isValid(id)) return null;
  const c = await WindowCase.findById(id, { state: 1, completedAt: 1, centerKey: 1, itemId: 1, itemName: 1, windowId: 1, staffKey: 1 }).lean();
  if (!c) return null;
  return {
    finished: c.state === 'completed',
    completedAt: c.completedAt ?? null,
    centerId: c.centerKey,
    itemId: String(c.itemId),
    itemName: c.itemName,
    windowId: c.windowId ? String(c.windowId) : null,
    staffId: c.staffKey,
  };
}
