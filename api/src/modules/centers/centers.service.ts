import { Types } from 'mongoose';
import type { TCenter, TCenterLevel } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { Center } from './center.model';

type CenterDoc = { _id: Types.ObjectId; code: string; name: string; level: string; parentId?: Types.ObjectId | null; address: string; phone: string; hours: string; ancestors: Types.ObjectId[] };

export function presentCenter(c: CenterDoc): TCenter {
  return {
    id: String(c._id),
    code: c.code,
    name: c.name,
    level: c.level as TCenterLevel,
    parentId: c.parentId ? String(c.parentId) : null,
    address: c.address,
    phone: c.phone,
    hours: c.hours,
  };
}

/** The whole tree, parents before children. */
export async function listCenters(): Promise<TCenter[]> {
  const all = (await Center.find().lean()) as CenterDoc[];
  return all.sort((a, b) => a.ancestors.length - b.ancestors.length || a.code.localeCompare(b.code)).map(presentCenter);
}

/** Ids of a center and every center below it. */
export async function subtreeIds(centerId: string | Types.ObjectId): Promise<Types.ObjectId[]> {
  const id = new Types.ObjectId(String(centerId));
  const rows = await Center.find({ $or: [{ _id: id }, { ancestors: id }] }, { _id: 1 }).lean();
  return rows.map((r) => r._id);
}

/**
 * May this staff member or admin act for `centerId`? Admins manage their center and those below it; staff and
 * agents only their own. Someone else's center is a 403 (its existence is not secret: the tree is public).
 */
export async function assertManages(actor: Actor, centerId: string, opts: { adminOnly?: boolean } = {}): Promise<void> {
  if (!actor.centerId) throw new AppError('FORBIDDEN');
  if (opts.adminOnly && actor.role !== 'admin') throw new AppError('FORBIDDEN');
  if (actor.centerId === centerId) return;
  if (actor.role === 'admin') {
    const below = await Center.exists({ _id: new Types.ObjectId(centerId), ancestors: new Types.ObjectId(actor.centerId) });
    if (below) return;
  }
  throw new AppError('FORBIDDEN', '无权管理该服务中心的数据');
}

export async function getCenterOr404(centerId: string) {
  const c = await Center.findById(centerId).lean();
  if (!c) throw AppError.notFound('服务中心');
  return c;
}
