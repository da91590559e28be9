import bcrypt from 'bcryptjs';
import type { Types } from 'mongoose';
import { maskPhone, type TUser, type TRole } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { findCenter } from '../centers';
import { Identity, User } from './auth.model';

/** The signed-in user as clients see it; a missing or disabled account is unauthenticated. */
export async function presentUser(userId: Types.ObjectId | string): Promise<TUser> {
  const u = await User.findById(userId).lean();
  if (!u || u.disabled) throw new AppError('UNAUTHENTICATED', '账号不存在或已停用');
  const center = u.centerId ? await findCenter(String(u.centerId)) : undefined;
  return {
    id: String(u._id),
    role: u.role as TRole,
    name: u.name,
    ...(u.phone ? { phoneMasked: maskPhone(u.phone) } : {}),
    ...(u.centerId ? { centerId: String(u.centerId), centerName: center?.name ?? '' } : {}),
  };
}

/** Find the user behind an identity, creating a citizen on first sign-in. Races resolve on the identity's _id. */
export async function citizenFor(identity: string, fields: { name: string; phone?: string }) {
  const found = await Identity.findById(identity).lean();
  if (found) return found.userId;
  const user = await User.create({ role: 'citizen', ...fields });
  try {
    await Identity.create({ _id: identity, userId: user._id });
    return user._id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await User.deleteOne({ _id: user._id });
    const winner = await Identity.findById(identity).lean();
    return winner!.userId;
  }
}

/** Create a staff/agent/admin account (used by seeds and, later, admin screens). */
export async function createStaffAccount(a: { username: string; password: string; name: string; role: Exclude<TRole, 'citizen'>; centerId: Types.ObjectId | string }) {
  const identity = `username:${a.username.toLowerCase()}`;
  const existing = await Identity.findById(identity).lean();
  if (existing) return existing.userId;
  const user = await User.create({
    role: a.role,
    name: a.name,
    username: a.username.toLowerCase(),
    centerId: a.centerId,
    passwordHash: await bcrypt.hash(a.password, 10),
  });
  try {
    await Identity.create({ _id: identity, userId: user._id });
    return user._id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await User.deleteOne({ _id: user._id });
    return (await Identity.findById(identity).lean())!.userId;
  }
}
