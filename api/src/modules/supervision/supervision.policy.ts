import type { Actor } from '../../http/auth';
import { adminOver, definePolicy, hasRole, type CenterScope } from '../../http/policy';

/** A center with its county: supervisors act across one county. */
export interface CountyScope extends CenterScope {
  countyId: string;
}

/** A supervisor (纪检监察/督查) of the county the center belongs to. */
export const supervisorOf = (actor: Actor | undefined, scope: CountyScope): boolean => hasRole(actor, 'supervisor') && actor.centerId === scope.countyId;

/** One accountability case, as its policy needs it. */
export interface OutcomeScope extends CountyScope {
  personId: string;
  decidedBy: string | null;
  status: 'proposed' | 'decided' | 'appealed' | 'final';
}

/** Who may do what in 责任追究. */
export const supervisionPolicy = definePolicy<'decide' | 'appeal' | 'decideAppeal', OutcomeScope>({
  /** The rule proposes; a supervisor of the county decides. */
  decide: (actor, o) => o.status === 'proposed' && supervisorOf(actor, o),
  /** The person may appeal a decision once. */
  appeal: (actor, o) => o.status === 'decided' && !!actor && actor.id === o.personId,
  /** An appeal is decided by another supervisor than the one who decided. */
  decideAppeal: (actor, o) => o.status === 'appealed' && supervisorOf(actor, o) && actor?.id !== o.decidedBy,
});

/** A person's record: the person, the admins over their center, the county's supervisors. Never public. */
export const recordPolicy = definePolicy<'view', CountyScope & { personId: string }>({
  view: (actor, p) => (!!actor && actor.id === p.personId) || adminOver(actor, p) || supervisorOf(actor, p),
});

/** Lapses (失误): supervisors of the county confirm or dismiss them. */
export const lapseReviewPolicy = definePolicy<'review', CountyScope>({
  review: (actor, c) => supervisorOf(actor, c),
});
