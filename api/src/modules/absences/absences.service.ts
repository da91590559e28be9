import { addDays, chinaInstant, miniappPath, type TAbsence, type TAbsenceCreate, type TCoverList } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findUser, userNames } from '../auth';
import { findCenter } from '../centers';
import { bookedAtWindow, moveToAnotherWindow, windowsOfStaff, type WindowRef } from '../bookings';
import { enqueue } from '../notifications';
import { Absence, AbsenceDay, CoverMove } from './absence.model';
import { absencePolicy, type AbsenceScope } from './absences.policy';

/**
 * AB岗 for windows: absences as date ranges (never clock-in or 打卡), who covers whom, and windows left with
 * nobody present (closed for booking; booked citizens moved to another window or told in advance through the outbox).
 */

interface AbsenceRow {
  _id: unknown;
  userKey: string;
  centerKey: string;
  from: string;
  to: string;
  reason: string;
  recordedBy: string;
  createdAt: Date;
}

const daysOf = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

/** The people (of these) who are away on `date`. */
export async function absentOn(userIds: Iterable<string>, date: string): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Set();
  const rows = await AbsenceDay.find({ _id: { $in: ids.map((u) => `${u}:${date}`) } }, { _id: 1 }).lean();
  return new Set(rows.map((r) => String(r._id).split(':')[0]!));
}

/**
 * A window with an A/B post assigned and nobody of them present on `date` is closed for booking that day. A window
 * without AB posts keeps its hours as before.
 */
export async function windowUnstaffedOn(w: { staffA?: string | null; staffB?: string | null }, date: string): Promise<boolean> {
  const posts = [w.staffA, w.staffB].filter((x): x is string => !!x);
  if (!posts.length) return false;
  const away = await absentOn(posts, date);
  return posts.every((p) => away.has(p));
}

/**
 * Who acts for `userId` on `date` (AB岗): their partner on a window they hold a post at, when `userId` is away and
 * the partner is not. Null when `userId` is present, or nobody covers. Cases and 首问 hand work over through this.
 */
export async function coverFor(userId: string, date: string): Promise<string | null> {
  if (!(await absentOn([userId], date)).has(userId)) return null;
  const windows = await windowsOfStaff(userId);
  const partners = windows.map((w) => (w.staffA === userId ? w.staffB : w.staffA)).filter((p): p is string => !!p && p !== userId);
  if (!partners.length) return null;
  const away = await absentOn(partners, date);
  return partners.find((p) => !away.has(p)) ?? null;
}

/** Record a move made because someone was away (once per kind, subject and receiver). */
export async function recordCoverMove(m: { kind: 'call' | 'case' | 'inquiry' | 'booking'; subjectId: string; centerId: string; windowId?: string | null; fromUser: string; toUser: string | null; date: string; detail?: string }): Promise<void> {
  await CoverMove.create({
    _id: `${m.kind}:${m.subjectId}:${m.toUser ?? 'none'}`,
    kind: m.kind,
    subjectId: m.subjectId,
    centerKey: m.centerId,
    windowKey: m.windowId ?? null,
    fromUser: m.fromUser,
    toUser: m.toUser,
    date: m.date,
    detail: m.detail ?? '',
  }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
}

/** Moves recorded for a subject (a case, a ticket, a booking). */
export async function coverMovesOf(subjectId: string): Promise<{ kind: string; fromUser: string; toUser: string | null; date: string; detail: string }[]> {
  const rows = await CoverMove.find({ subjectId }).lean();
  return rows.map((r) => ({ kind: r.kind, fromUser: r.fromUser, toUser: r.toUser ?? null, date: r.date, detail: r.detail ?? '' }));
}

async function scopeOf(userId: string): Promise<{ scope: AbsenceScope; name: string }> {
  const user = await findUser(userId);
  const center = user?.centerId ? await findCenter(user.centerId) : null;
  if (!user || user.role === 'citizen' || !center) throw AppError.notFound('人员');
  return { scope: { centerId: center.id, ancestors: center.ancestors, userId: user.id }, name: user.name };
}

/** The windows of this person closed on some of the days (both posts away). */
async function closedWindows(userId: string, from: string, to: string): Promise<{ window: WindowRef; dates: string[] }[]> {
  const out: { window: WindowRef; dates: string[] }[] = [];
  for (const w of await windowsOfStaff(userId)) {
    const dates: string[] = [];
    for (const d of daysOf(from, to)) if (await windowUnstaffedOn(w, d)) dates.push(d);
    if (dates.length) out.push({ window: w, dates });
  }
  return out;
}

async function present(a: AbsenceRow, name: string): Promise<TAbsence> {
  const closed = await closedWindows(a.userKey, a.from, a.to);
  return {
    id: String(a._id),
    userId: a.userKey,
    userName: name,
    centerId: a.centerKey,
    from: a.from,
    to: a.to,
    reason: a.reason,
    recordedBy: a.recordedBy,
    createdAt: a.createdAt.toISOString(),
    closedWindows: closed.map((c) => ({ windowId: c.window.id, windowName: c.window.name, dates: c.dates })),
  };
}

const overlapping = (from: string, to: string) => AppError.validation([{ field: 'from', message: `与已登记的请假（${from} 至 ${to}）重叠` }]);

/**
 * Citizens booked at a window on days it is closed move to another window of the center serving the same matter
 * with a free seat in the same slot (a `moved` booking event) and are told where to go; when no window can take
 * them they are told in advance to rebook. One outbox notice and one recorded move per booking and day.
 */
async function moveOrTellBooked(actor: Actor, absenceUser: string, closed: { window: WindowRef; dates: string[] }[]): Promise<void> {
  for (const { window: w, dates } of closed) {
    const booked = await bookedAtWindow(w.id, chinaInstant(dates[0]!, 0), chinaInstant(addDays(dates[dates.length - 1]!, 1), 0));
    for (const b of booked) {
      const date = dates.find((d) => b.slotStart >= chinaInstant(d, 0) && b.slotStart < chinaInstant(addDays(d, 1), 0));
      if (!date) continue;
      const page = miniappPath('bookingDetail', { id: b.id });
      const moved = await moveToAnotherWindow(actor, b.id, `AB岗：${w.name}当天A、B岗均不在岗`);
      if (moved) {
        await enqueue(`window-moved:${b.id}:${date}`, {
          userId: b.userId,
          kind: 'booking_changed',
          title: `预约已改到${moved.windowName}`,
          body: `您预约的${w.name}${date}无人值守，已为您改到本中心${moved.windowName}办理，时间不变（预约码 ${b.code}）。`,
          page,
        });
        await recordCoverMove({ kind: 'booking', subjectId: b.id, centerId: w.centerId, windowId: moved.windowId, fromUser: absenceUser, toUser: null, date, detail: `窗口AB岗均不在岗，已从${w.name}改到${moved.windowName}` });
        continue;
      }
      await enqueue(`window-closed:${b.id}:${date}`, {
        userId: b.userId,
        kind: 'booking_changed',
        title: `${w.name}${date}暂停办理`,
        body: `您预约的${w.name}当天无人值守，请改约其他时间，或到中心其他窗口办理（预约码 ${b.code}）。`,
        page,
      });
      await recordCoverMove({ kind: 'booking', subjectId: b.id, centerId: w.centerId, windowId: w.id, fromUser: absenceUser, toUser: null, date, detail: '窗口AB岗均不在岗，已提前告知' });
    }
  }
}

/** 请假/外出登记: a date range and a reason; an overlapping range is refused (400 naming `from`) and nothing is written. */
export async function recordAbsence(actor: Actor, input: TAbsenceCreate): Promise<TAbsence> {
  const userId = input.userId ?? actor.id;
  const { scope, name } = await scopeOf(userId);
  absencePolicy.authorize(actor, 'record', scope, '只能登记本人或本中心人员的请假');
  const clash = (await Absence.findOne({ userKey: userId, from: { $lte: input.to }, to: { $gte: input.from } }).lean()) as AbsenceRow | null;
  if (clash) throw overlapping(clash.from, clash.to);
  const doc = await Absence.create({ userKey: userId, centerKey: scope.centerId, from: input.from, to: input.to, reason: input.reason, recordedBy: actor.id });
  const claimed: string[] = [];
  try {
    for (const d of daysOf(input.from, input.to)) {
      await AbsenceDay.create({ _id: `${userId}:${d}`, absenceId: doc._id });
      claimed.push(`${userId}:${d}`);
    }
  } catch (err) {
    // A range recorded at the same moment took a day first: undo this one entirely.
    await AbsenceDay.deleteMany({ _id: { $in: claimed } });
    await Absence.deleteOne({ _id: doc._id });
    if (isDuplicateKey(err)) throw overlapping(input.from, input.to);
    throw err;
  }
  const row = doc.toObject() as AbsenceRow;
  const view = await present(row, name);
  await moveOrTellBooked(actor, userId, await closedWindows(userId, input.from, input.to));
  return view;
}

/** A person's absences, newest first (own, or an admin's staff). */
export async function listAbsences(actor: Actor, userId = actor.id): Promise<{ items: TAbsence[] }> {
  const { scope, name } = await scopeOf(userId);
  absencePolicy.authorize(actor, 'view', scope, '无权查看该人员的请假');
  const rows = (await Absence.find({ userKey: userId }).sort({ from: -1 }).limit(200).lean()) as AbsenceRow[];
  return { items: await Promise.all(rows.map((r) => present(r, name))) };
}

/** The windows the signed-in staff member covers on `date` because the other post is away. */
export async function coverList(actor: Actor, date: string): Promise<TCoverList> {
  if ((await absentOn([actor.id], date)).has(actor.id)) return { items: [] };
  const windows = await windowsOfStaff(actor.id);
  const partners = windows.map((w) => (w.staffA === actor.id ? w.staffB : w.staffA)).filter((p): p is string => !!p);
  const away = await absentOn(partners, date);
  const names = await userNames([...away]);
  const items = windows.flatMap((w) => {
    const other = w.staffA === actor.id ? w.staffB : w.staffA;
    return other && away.has(other) ? [{ windowId: w.id, windowName: w.name, forUserId: other, forUserName: names.get(other) ?? '', date }] : [];
  });
  return { items };
}
