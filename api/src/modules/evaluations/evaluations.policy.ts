import { adminOver, definePolicy, hasRole, isCitizen, servesOrManages, worksAt, type CenterScope } from '../../http/policy';

/** A rating as the policy sees it: the center it counts for, who gave it, and who appealed it (if anyone). */
export interface RatingScope extends CenterScope {
  raterId: string | null;
  appellantId: string | null;
}

/** Who may do what with ratings (好差评). */
export const evaluationPolicy = definePolicy<'view' | 'feedback' | 'listCenter' | 'issueCard' | 'rectify' | 'appeal' | 'decideAppeal', RatingScope>({
  /** A rating is the rater's own: citizens see only theirs. */
  view: (actor, r) => isCitizen(actor) && r.raterId === actor.id,
  /** Only the rater says whether a rectification satisfies them. */
  feedback: (actor, r) => isCitizen(actor) && r.raterId === actor.id,
  /** The ratings of the center one works at (staff and admins of that center). */
  listCenter: (actor, r) => hasRole(actor, 'staff', 'admin') && worksAt(actor, r),
  /** Print a card for a served record: the center's staff, or an admin over it. */
  issueCard: (actor, r) => servesOrManages(actor, r, 'staff', 'admin'),
  /** Put a 差评 right (回访 → 核实 → 整改 → 答复). */
  rectify: (actor, r) => servesOrManages(actor, r, 'staff', 'admin'),
  /** Appeal a wrong or malicious rating. */
  appeal: (actor, r) => servesOrManages(actor, r, 'staff', 'admin'),
  /** Decide an appeal: an admin over the center who did not file it. */
  decideAppeal: (actor, r) => adminOver(actor, r) && r.appellantId !== actor?.id,
});
