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

/**
 * The user behind a sign-in identity, made by `create` the first time. Races resolve on the identity's _id: the
 * loser of two first sign-ins at once removes the user it made and takes the winner's.
 */
async function userForIdentity(identity: string, create: () => Promise<{ _id: Types.ObjectId }>): Promise<Types.ObjectId> {
  const found = await Identity.findById(identity).lean();
  if (found) return found.userId;
  const user = await create();
  try {
    await Identity.create({ _id: identity, userId: user._id });
    return user._id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await User.deleteOne({ _id: user._id });
    return (await Identity.findById(identity).lean())!.userId;
  }
}

/** Find the user behind an identity, creating a citizen on first sign-in. */
export function citizenFor(identity: string, fields: { name: string; phone?: string }) {
  return userForIdentity(identity, () => User.create({ role: 'citizen', ...fields }));
}

/** Create a staff/agent/admin account (used by seeds and, later, admin screens). */
export function createStaffAccount(a: { username: string; password: string; name: string; role: Exclude<TRole, 'citizen'>; centerId: Types.ObjectId | string }) {
  return userForIdentity(`username:${a.username.toLowerCase()}`, async () =>
    User.create({ role: a.role, name: a.name, username: a.username.toLowerCase(), centerId: a.centerId, passwordHash: await bcrypt.hash(a.password, 10) }),
  );
}
