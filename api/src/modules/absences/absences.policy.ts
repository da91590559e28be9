import type { Actor } from '../../http/auth';
import { adminOver, definePolicy, type CenterScope } from '../../http/policy';

/** The person an absence is about, at their center. */
export interface AbsenceScope extends CenterScope {
  userId: string;
}

/** Staff and agents record and read their own absences; an admin over the person's center records and reads theirs. */
const selfOrAdmin = (actor: Actor | undefined, a: AbsenceScope) => (!!actor && actor.role !== 'citizen' && actor.role !== 'admin' && actor.id === a.userId) || adminOver(actor, a);

export const absencePolicy = definePolicy<'record' | 'view', AbsenceScope>({
  record: selfOrAdmin,
  view: selfOrAdmin,
});
