import type { Actor } from '../../http/auth';
import { adminOver, definePolicy, type CenterScope } from '../../http/policy';

/** A card belongs to a person at a center. */
export interface CardScope extends CenterScope {
  userId: string;
}

/** Who may do what with 挂牌上岗 cards (reading them is public). */
export const staffDirectoryPolicy = definePolicy<'edit' | 'photo', CardScope>({
  /** 工号, post, window and duties: an admin over the person's center. */
  edit: (actor, c) => adminOver(actor, c),
  /** The photo: the person themselves, or an admin over their center. */
  photo: (actor: Actor | undefined, c) => (!!actor && actor.id === c.userId) || adminOver(actor, c),
});
