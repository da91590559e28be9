import { Types } from 'mongoose';
import type { TBookingRules, TWindow, TWindowInput, WorkingCalendar } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { authorizeCenter, getCenterOr404, writeSettings } from '../centers';
import { calendarFor, weeklyMinutes } from '../calendar';
import { usersByIds } from '../auth';
import { BookingWindow } from './booking.model';
import { presentWindow, type WindowRow } from './bookings.presenter';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));

/**
 * Every window, in memory: a county has a few dozen and they change rarely. A write in this process refreshes at
 * once; other processes see it within REFRESH_MS (as the centers directory).
 */
const REFRESH_MS = 2_000;
let windows: { at: number; byCenter: Map<string, WindowRow[]>; byId: Map<string, WindowRow>; loading?: Promise<void> } = { at: 0, byCenter: new Map(), byId: new Map() };

async function loadWindows(): Promise<void> {
  const rows = (await BookingWindow.find({}).sort({ code: 1 }).lean()) as WindowRow[];
  const byCenter = new Map<string, WindowRow[]>();
  for (const w of rows) byCenter.set(String(w.centerId), [...(byCenter.get(String(w.centerId)) ?? []), w]);
  windows = { at: Date.now(), byCenter, byId: new Map(rows.map((w) => [String(w._id), w])) };
}

async function windowDirectory() {
  if (Date.now() - windows.at > REFRESH_MS) {
    windows.loading ??= loadWindows().finally(() => {
      windows.loading = undefined;
    });
    await windows.loading;
  }
  return windows;
}

/** Forget the cached windows (after a write here, and for tests writing windows behind the API's back). */
export function invalidateWindows(): void {
  windows = { at: 0, byCenter: new Map(), byId: new Map() };
}

/** The window serving an item: one that lists its code, else the center's general window (empty list). */
export async function windowForItem(centerId: string, itemCode: string): Promise<WindowRow | null> {
  const list = (await windowDirectory()).byCenter.get(String(centerId)) ?? [];
  return list.find((w) => w.itemCodes.includes(itemCode)) ?? list.find((w) => w.itemCodes.length === 0) ?? null;
}

export async function findWindowRow(id: string | Types.ObjectId): Promise<WindowRow | null> {
  if (!Types.ObjectId.isValid(String(id))) return null;
  const dir = await windowDirectory();
  const hit = dir.byId.get(String(id));
  if (hit) return hit;
  return (await BookingWindow.findById(id).lean()) as WindowRow | null;
}

/** The window's calendar: the center's, with the window's own week when it has one. */
export async function windowCalendar(w: WindowRow): Promise<WorkingCalendar> {
  return calendarFor(String(w.centerId), (w.weekly as Parameters<typeof calendarFor>[1]) ?? undefined);
}

/** Window names by id (scorecards label their window lines with them). */
export async function windowNames(ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id)).map(oid);
  if (!list.length) return new Map();
  const dir = await windowDirectory();
  if (list.every((id) => dir.byId.has(String(id)))) return new Map(list.map((id) => [String(id), dir.byId.get(String(id))!.name]));
  const rows = await BookingWindow.find({ _id: { $in: list } }, { name: 1 }).lean();
  return new Map(rows.map((w) => [String(w._id), w.name]));
}

export async function listWindows(centerId: string): Promise<{ items: TWindow[] }> {
  await getCenterOr404(centerId);
  return { items: ((await windowDirectory()).byCenter.get(String(centerId)) ?? []).map(presentWindow) };
}

/** AB岗 posts must be staff of the window's own center (400 naming the field otherwise). */
async function assertPosts(centerId: string, input: TWindowInput): Promise<void> {
  const posts = (['staffA', 'staffB'] as const).filter((f) => input[f]);
  if (!posts.length) return;
  const users = new Map((await usersByIds(posts.map((f) => input[f]))).map((u) => [u.id, u]));
  const bad = posts.filter((f) => {
    const u = users.get(input[f]!);
    return !u || u.disabled || u.role !== 'staff' || u.centerId !== centerId;
  });
  if (bad.length) throw AppError.validation(bad.map((field) => ({ field, message: '请选择本中心的窗口工作人员' })));
}

const codeTaken = (code: string) => new AppError('CONFLICT', `窗口代码 ${code} 已被本中心使用`, [{ field: 'code', message: '窗口代码已存在' }]);

export async function createWindow(actor: Actor, input: TWindowInput): Promise<TWindow> {
  authorizeCenter(actor, 'configure', await getCenterOr404(input.centerId));
  await assertPosts(input.centerId, input);
  try {
    const w = await BookingWindow.create({ ...input, centerId: oid(input.centerId), weekly: input.weekly ? weeklyMinutes(input.weekly) : null });
    invalidateWindows();
    return presentWindow(w.toObject() as WindowRow);
  } catch (err) {
    if (isDuplicateKey(err)) throw codeTaken(input.code);
    throw err;
  }
}

export async function updateWindow(actor: Actor, id: string, input: TWindowInput): Promise<TWindow> {
  const w = await findWindowRow(id);
  if (!w) throw AppError.notFound('窗口');
  authorizeCenter(actor, 'configure', await getCenterOr404(String(w.centerId)));
  if (input.centerId !== String(w.centerId)) throw AppError.validation([{ field: 'centerId', message: '窗口不能移到其他中心' }]);
  await assertPosts(String(w.centerId), input);
  try {
    await BookingWindow.updateOne({ _id: w._id }, { $set: { ...input, centerId: w.centerId, weekly: input.weekly ? weeklyMinutes(input.weekly) : null } });
    invalidateWindows();
  } catch (err) {
    if (isDuplicateKey(err)) throw codeTaken(input.code);
    throw err;
  }
  return presentWindow((await findWindowRow(id))!);
}

/** PUT booking-rules: the center's `booking` settings, written through the settings (which authorize and validate). */
export async function setRules(actor: Actor, centerId: string, rules: TBookingRules): Promise<TBookingRules> {
  const view = await writeSettings(actor, centerId, { booking: rules });
  return view.settings.booking;
}
