import type { TCenter } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { allCenters, findCenter, subtreeOf, type CenterEntry } from './directory';
import { authorizeCenter } from './centers.policy';

export function presentCenter(c: CenterEntry): TCenter {
  return { id: c.id, code: c.code, name: c.name, level: c.level, parentId: c.parentId, address: c.address, phone: c.phone, hours: c.hours };
}

/** The whole tree, parents before children. */
export async function listCenters(): Promise<TCenter[]> {
  return (await allCenters()).map(presentCenter);
}

/** Ids of a center and every center below it. */
export async function subtreeIds(centerId: string): Promise<string[]> {
  return subtreeOf(String(centerId));
}

/**
 * May this staff member or admin act for `centerId`? Admins manage their center and those below it; staff and
 * agents only their own. Someone else's center is a 403 (its existence is not secret: the tree is public).
 */
export async function assertManages(actor: Actor, centerId: string, opts: { adminOnly?: boolean } = {}): Promise<void> {
  const center = await findCenter(String(centerId));
  if (!center) throw new AppError('FORBIDDEN', '无权管理该服务中心的数据');
  authorizeCenter(actor, opts.adminOnly ? 'configure' : 'manage', center);
}

export async function getCenterOr404(centerId: string): Promise<CenterEntry> {
  const c = await findCenter(String(centerId));
  if (!c) throw AppError.notFound('服务中心');
  return c;
}
