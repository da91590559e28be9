import { Types } from 'mongoose';
import type { TStaffCard, TStaffCardInput, TStaffDirectory } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findUser, setStaffNo, usersAt, usersWithStaffNo, type UserRef } from '../auth';
import { findCenter, getCenterOr404 } from '../centers';
import { findWindow, listWindows } from '../bookings';
import { StaffCard, StaffNoClaim } from './staff-card.model';
import { staffDirectoryPolicy, type CardScope } from './staff-directory.policy';
import { reencodePhoto } from './photo';

type CardRow = { _id: Types.ObjectId; centerKey: string; post?: string | null; windowId?: string | null; duties?: string | null; photoType?: string | null; photoVersion?: number | null };
type WindowLite = { id: string; code: string; name: string };
const CARD_FIELDS = { centerKey: 1, post: 1, windowId: 1, duties: 1, photoType: 1, photoVersion: 1 } as const;
const SERVING = ['staff', 'agent', 'admin'] as const;
const FORBIDDEN = '无权管理该人员的岗位信息';

function present(u: UserRef, centerName: string, card: CardRow | undefined, windows: Map<string, WindowLite>): TStaffCard {
  const w = card?.windowId ? windows.get(card.windowId) : undefined;
  return {
    id: u.id,
    name: u.name,
    role: u.role as TStaffCard['role'],
    staffNo: u.staffNo ?? null,
    post: card?.post ?? '',
    window: w ? { id: w.id, code: w.code, name: w.name } : null,
    centerId: u.centerId ?? '',
    centerName,
    duties: card?.duties ?? '',
    photoUrl: card?.photoType ? `/api/staff-photos/${u.id}?v=${card.photoVersion ?? 0}` : null,
  };
}

async function windowsOf(centerId: string): Promise<Map<string, WindowLite>> {
  const { items } = await listWindows(centerId);
  return new Map(items.map((w) => [w.id, { id: w.id, code: w.code, name: w.name }]));
}

/** The person a card is about, with their center: staff, agents and admins only (anyone else is "not found"). */
async function personScope(userId: string): Promise<{ user: UserRef; scope: CardScope; centerName: string }> {
  const user = await findUser(userId);
  if (!user || !(SERVING as readonly string[]).includes(user.role) || !user.centerId) throw AppError.notFound('工作人员');
  const center = await findCenter(user.centerId);
  if (!center) throw AppError.notFound('工作人员');
  return { user, scope: { userId: user.id, centerId: center.id, ancestors: center.ancestors }, centerName: center.name };
}

/** 挂牌上岗 of one center: everyone serving there, by window then name. Public: no phone, no account data. */
async function directory(centerId: string): Promise<TStaffDirectory> {
  const center = await getCenterOr404(centerId);
  const [people, windows, cards] = await Promise.all([
    Promise.all(SERVING.map((r) => usersAt([centerId], r))).then((l) => l.flat()),
    windowsOf(centerId),
    StaffCard.find({ centerKey: centerId }, CARD_FIELDS).lean() as Promise<CardRow[]>,
  ]);
  const byId = new Map(cards.map((c) => [String(c._id), c]));
  const items = people.map((u) => present(u, center.name, byId.get(u.id), windows));
  const order = (c: TStaffCard) => `${c.window ? `0${c.window.code}` : '1'}|${c.name}`;
  items.sort((a, b) => order(a).localeCompare(order(b), 'zh'));
  return { centerId, centerName: center.name, items };
}

async function cardOf(userId: string): Promise<TStaffCard> {
  const { user, scope, centerName } = await personScope(userId);
  const card = (await StaffCard.findById(userId, CARD_FIELDS).lean()) as CardRow | null;
  return present(user, centerName, card?.centerKey === scope.centerId ? card : undefined, await windowsOf(scope.centerId));
}

/** Write card fields: update when the card exists, else create (a racing create falls back to the update). */
async function saveCard(userId: string, centerKey: string, set: Record<string, unknown>) {
  const _id = new Types.ObjectId(userId);
  if (await StaffCard.exists({ _id })) return void (await StaffCard.updateOne({ _id }, { $set: { centerKey, ...set } }));
  try {
    await StaffCard.create({ _id, centerKey, ...set });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await StaffCard.updateOne({ _id }, { $set: { centerKey, ...set } });
  }
}

/** Give a person a 工号 free in their center: the claim's unique key decides a race. */
async function claimStaffNo(user: UserRef, centerId: string, staffNo: string) {
  if (user.staffNo === staffNo) return;
  try {
    await StaffNoClaim.create({ _id: `${centerId}:${staffNo}`, userId: user.id });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const held = await StaffNoClaim.findById(`${centerId}:${staffNo}`).lean();
    if (held?.userId !== user.id) throw AppError.validation([{ field: 'staffNo', message: '该工号已被本中心其他人员使用' }]);
  }
  if (user.staffNo) await StaffNoClaim.deleteOne({ _id: `${centerId}:${user.staffNo}`, userId: user.id });
  await setStaffNo(user.id, staffNo);
}

/** An admin over the person's center sets 工号, post, window and duties. */
async function setCard(actor: Actor, userId: string, input: TStaffCardInput): Promise<TStaffCard> {
  const { user, scope } = await personScope(userId);
  staffDirectoryPolicy.authorize(actor, 'edit', scope, FORBIDDEN);
  if (input.windowId) {
    const w = await findWindow(input.windowId);
    if (!w || w.centerId !== scope.centerId) throw AppError.validation([{ field: 'windowId', message: '该窗口不属于此人员所在的服务中心' }]);
  }
  if (input.staffNo) {
    const taken = (await usersWithStaffNo(input.staffNo)).some((u) => u.centerId === scope.centerId && u.id !== user.id);
    if (taken) throw AppError.validation([{ field: 'staffNo', message: '该工号已被本中心其他人员使用' }]);
    await claimStaffNo(user, scope.centerId, input.staffNo);
  }
  await saveCard(user.id, scope.centerId, { post: input.post, windowId: input.windowId, duties: input.duties });
  return cardOf(user.id);
}

/** The person (or an admin over them) uploads a photo; only a re-encoded JPEG/PNG is stored. */
async function setPhoto(actor: Actor, userId: string, body: unknown): Promise<TStaffCard> {
  const { user, scope } = await personScope(userId);
  staffDirectoryPolicy.authorize(actor, 'photo', scope, FORBIDDEN);
  const photo = reencodePhoto(body);
  const current = await StaffCard.findById(user.id, { photoVersion: 1 }).lean();
  await saveCard(user.id, scope.centerId, { photo: photo.data, photoType: photo.type, photoVersion: (current?.photoVersion ?? 0) + 1 });
  return cardOf(user.id);
}

async function photoOf(userId: string): Promise<{ type: string; data: Buffer }> {
  const row = Types.ObjectId.isValid(userId) ? await StaffCard.findById(userId, { photo: 1, photoType: 1 }).lean() : null;
  if (!row?.photo || !row.photoType) throw AppError.notFound('照片');
  // A lean read gives the driver's Binary, whose `buffer` holds the bytes.
  const raw = row.photo as unknown;
  return { type: row.photoType, data: Buffer.isBuffer(raw) ? raw : Buffer.from((raw as { buffer: Uint8Array }).buffer) };
}

/**
 * The person a complaint names, from the center's directory: by id or by 工号. Someone of another center is a 400
 * naming the field (a complaint is filed with the center where it happened).
 */
export async function resolveNamedStaff(centerId: string, ref: { id?: string; staffNo?: string }): Promise<{ id: string; name: string; staffNo: string | null } | null> {
  if (ref.id) {
    const u = await findUser(ref.id);
    if (!u || !(SERVING as readonly string[]).includes(u.role)) throw AppError.validation([{ field: 'target.id', message: '被投诉人不存在' }]);
    if (u.centerId !== centerId) throw AppError.validation([{ field: 'target.id', message: '被投诉人不是所选服务中心的工作人员' }]);
    if (ref.staffNo && u.staffNo !== ref.staffNo) throw AppError.validation([{ field: 'target.staffNo', message: '工号与所选人员不符' }]);
    return { id: u.id, name: u.name, staffNo: u.staffNo ?? null };
  }
  if (!ref.staffNo) return null;
  const holders = await usersWithStaffNo(ref.staffNo);
  const here = holders.find((u) => u.centerId === centerId);
  if (here) return { id: here.id, name: here.name, staffNo: here.staffNo ?? null };
  const message = holders.length ? '该工号不是所选服务中心的工作人员' : '没有这个工号，请核对或选择“不清楚”';
  throw AppError.validation([{ field: 'target.staffNo', message }]);
}

export function createStaffDirectoryService() {
  return { directory, cardOf, setCard, setPhoto, photoOf };
}
export type StaffDirectoryService = ReturnType<typeof createStaffDirectoryService>;
