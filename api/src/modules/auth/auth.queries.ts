import { Types } from 'mongoose';
import type { TRole } from '@bianmin/shared';
import { leanByIds } from '../../db/by-ids';
import { Identity, User } from './auth.model';

/** A user as other modules see them: who they are and where they work, never how they sign in. */
export interface UserRef {
  id: string;
  name: string;
  role: TRole;
  /** Staff, agents and admins belong to one center; citizens to none. */
  centerId?: string;
  /** 工号, when the center gave one. */
  staffNo?: string;
  disabled: boolean;
}

/** A user with their mobile number: only for the people who handle that user's case (see DOMAIN.md, privacy). */
export interface UserContact {
  id: string;
  name: string;
  phone?: string;
}

type Row = { _id: Types.ObjectId; name: string; role: string; centerId?: Types.ObjectId | null; staffNo?: string | null; disabled?: boolean | null };

const toRef = (u: Row): UserRef => ({
  id: String(u._id),
  name: u.name,
  role: u.role as TRole,
  ...(u.centerId ? { centerId: String(u.centerId) } : {}),
  ...(u.staffNo ? { staffNo: u.staffNo } : {}),
  disabled: !!u.disabled,
});

/** Distinct valid ObjectIds of the given ids (anything else is ignored, never a cast error). */
function oids(ids: Iterable<unknown>): Types.ObjectId[] {
  const set = new Set<string>();
  for (const id of ids) if (id != null && /^[0-9a-f]{24}$/.test(String(id))) set.add(String(id));
  return [...set].map((id) => new Types.ObjectId(id));
}

const REF = { name: 1, role: 1, centerId: 1, staffNo: 1, disabled: 1 } as const;


/** Users by id, in no particular order; unknown ids are left out. */
export async function usersByIds(ids: Iterable<unknown>): Promise<UserRef[]> {
  const list = oids(ids);
  if (!list.length) return [];
  const rows = await leanByIds<Row>(User, list, REF);
  return rows.map(toRef);
}

/** Names by user id (for lists and exports). */
export async function userNames(ids: Iterable<unknown>): Promise<Map<string, string>> {
  return new Map((await usersByIds(ids)).map((u) => [u.id, u.name]));
}

/** One user, or undefined. */
export async function findUser(id: unknown): Promise<UserRef | undefined> {
  const [one] = await usersByIds([id]);
  return one;
}

/** Names and mobile numbers. Callers decide who may see a number and mask it for everyone else. */
export async function userContacts(ids: Iterable<unknown>): Promise<UserContact[]> {
  const list = oids(ids);
  if (!list.length) return [];
  const rows = await leanByIds<{ _id: Types.ObjectId; name: string; phone?: string | null }>(User, list, { name: 1, phone: 1 });
  return rows.map((u) => ({ id: String(u._id), name: u.name, ...(u.phone ? { phone: u.phone } : {}) }));
}

/** The person of a citizen's own booking: name, mobile number, and whether they ever saved a checklist. */
export async function bookingContact(userId: unknown): Promise<(UserContact & { savedChecklists: boolean }) | undefined> {
  const [u] = await leanByIds<{ _id: Types.ObjectId; name: string; phone?: string | null; savedChecklists?: boolean }>(User, oids([userId]), { name: 1, phone: 1, savedChecklists: 1 });
  return u ? { id: String(u._id), name: u.name, ...(u.phone ? { phone: u.phone } : {}), savedChecklists: u.savedChecklists === true } : undefined;
}

/** Record that a citizen saved a checklist (idempotent; the only write of the flag). */
export async function markSavedChecklists(userId: unknown): Promise<void> {
  const [id] = oids([userId]);
  if (id) await User.updateOne({ _id: id }, { $set: { savedChecklists: true } });
}

/** Active users of a role working at any of the given centers, by name. */
export async function usersAt(centerIds: Iterable<unknown>, role: Exclude<TRole, 'citizen'>): Promise<UserRef[]> {
  const list = oids(centerIds);
  if (!list.length) return [];
  const rows = (await User.find({ role, centerId: { $in: list }, disabled: { $ne: true } }, REF).sort({ name: 1 }).lean()) as Row[];
  return rows.map(toRef);
}

/** The WeChat openid a user signed in with (for subscription messages), or undefined. */
export async function wechatOpenId(userId: unknown): Promise<string | undefined> {
  const [id] = oids([userId]);
  if (!id) return undefined;
  const identity = await Identity.findOne({ userId: id, _id: { $regex: '^wechat:' } }).lean();
  return identity ? String(identity._id).slice('wechat:'.length) : undefined;
}

/** Everyone holding this 工号, whatever their center (a number is unique per center, not across the county). */
export async function usersWithStaffNo(staffNo: string): Promise<UserRef[]> {
  const rows = (await User.find({ staffNo, role: { $ne: 'citizen' } }, REF).lean()) as Row[];
  return rows.map(toRef);
}

/** Set or clear a 工号 (the staff directory checks it is free in the center first). */
export async function setStaffNo(userId: string, staffNo: string | null): Promise<void> {
  const [id] = oids([userId]);
  if (!id) return;
  await User.updateOne({ _id: id }, staffNo ? { $set: { staffNo } } : { $unset: { staffNo: 1 } });
}
