import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { adminOver, definePolicy, type CenterScope } from '../../http/policy';
import { findCenter } from '../centers';

type CatalogAction = 'create' | 'read' | 'edit' | 'publish';

/**
 * Who may work on the catalog (办事指南): the admins of the item's center or of a center above it. A county admin
 * keeps the guides of every town; a town admin neither the county's nor another town's. Citizens read only what is
 * published, through the public routes, which need no policy.
 */
export const serviceItemPolicy = definePolicy<CatalogAction, CenterScope>({
  create: (actor, c) => adminOver(actor, c),
  read: (actor, c) => adminOver(actor, c),
  edit: (actor, c) => adminOver(actor, c),
  publish: (actor, c) => adminOver(actor, c),
});

/** authorize() for the catalog of a center; an unknown center is refused like someone else's. */
export async function authorizeCatalog(actor: Actor, action: CatalogAction, centerId: string): Promise<void> {
  const c = await findCenter(centerId);
  if (!c) throw new AppError('FORBIDDEN', '无权管理该服务中心的事项');
  serviceItemPolicy.authorize(actor, action, { centerId: c.id, ancestors: c.ancestors }, '无权管理该服务中心的事项');
}
