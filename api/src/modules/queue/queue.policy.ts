import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { adminOver, definePolicy, worksAt, type CenterScope } from '../../http/policy';
import { findCenter } from '../centers';

/** The center's own staff (and agents), or an admin over it. */
const ofTheCenter = (actor: Actor | undefined, c: CenterScope) => (!!actor && actor.role !== 'citizen' && worksAt(actor, c)) || adminOver(actor, c);

/** Who may work a center's queue (取号、叫号、办结). The resource is the center of the window or booking. */
export const queuePolicy = definePolicy<'checkIn' | 'walkIn' | 'view' | 'call' | 'finish', CenterScope>({
  checkIn: ofTheCenter,
  walkIn: ofTheCenter,
  view: ofTheCenter,
  call: ofTheCenter,
  finish: ofTheCenter,
});

/** authorize() against a center id; an unknown center is nobody's (403, as for someone else's center). */
export async function authorizeQueue(actor: Actor, action: Parameters<typeof queuePolicy.authorize>[1], centerId: string): Promise<void> {
  const center = await findCenter(centerId);
  if (!center) throw new AppError('FORBIDDEN', '无权管理该服务中心的数据');
  queuePolicy.authorize(actor, action, { centerId: center.id, ancestors: center.ancestors }, '无权管理该服务中心的数据');
}
