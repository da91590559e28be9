import type { Actor } from '../../http/auth';
import { adminOver, definePolicy, worksAt, type CenterScope } from '../../http/policy';

/** Who may do what with a center's own data (settings, calendar, windows). */
export const centerPolicy = definePolicy<'read' | 'manage' | 'configure', CenterScope>({
  /** Read internal lists of a center: anyone who works there, or an admin over it. */
  read: (actor, c) => worksAt(actor, c) || adminOver(actor, c),
  /** Act for the center's daily work: its own staff and agents, or an admin over it. */
  manage: (actor, c) => (!!actor && actor.role !== 'citizen' && worksAt(actor, c)) || adminOver(actor, c),
  /** Change its settings: an admin of the center or above. */
  configure: (actor, c) => adminOver(actor, c),
});

/** authorize() for a center entry from the directory; a 403 says whose data it is. */
export function authorizeCenter(actor: Actor | undefined, action: 'read' | 'manage' | 'configure', center: { id: string; ancestors: readonly string[] }): void {
  centerPolicy.authorize(actor, action, { centerId: center.id, ancestors: center.ancestors }, '无权管理该服务中心的数据');
}
