import { CASE_ACTORS, STEP_ACTIONS, type CaseRelation, type TStepAction } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { adminOver, definePolicy, hasRole, type CenterScope, type PolicyTable } from '../../http/policy';

/** What the policy needs of a case: whose it is, who handles it, and its chain of centers. */
export interface CaseAccess {
  citizenId: string | null;
  requestedBy: string;
  agentId: string | null;
  /** Receiving center first, county last. */
  centerPath: readonly string[];
}

/** The case's receiving center with every center above it, as a policy scope. */
const scopeOf = (c: CaseAccess): CenterScope => ({ centerId: c.centerPath[0] ?? '', ancestors: c.centerPath.slice(1) });

/**
 * How the actor stands to the case, or null when they may not even see it: the citizen it belongs to (or who filed
 * it); the agent it is assigned to; another agent or staff member of a center on its chain; an admin over it.
 */
export function relationOf(actor: Actor | undefined, c: CaseAccess): CaseRelation | null {
  if (!actor) return null;
  if (actor.role === 'citizen') return c.citizenId === actor.id || c.requestedBy === actor.id ? 'owner' : null;
  if (actor.role === 'admin') return adminOver(actor, scopeOf(c)) ? 'admin' : null;
  if (c.agentId === actor.id) return 'assigned';
  return actor.centerId && c.centerPath.includes(actor.centerId) ? 'chain' : null;
}

const may = (action: TStepAction) => (actor: Actor | undefined, c: CaseAccess) => {
  const r = relationOf(actor, c);
  return !!r && CASE_ACTORS[action].includes(r);
};

export type CasePolicyAction = 'view' | 'verify' | 'card' | TStepAction;

/**
 * Who may do what with a case. Each step follows the shared table `CASE_ACTORS` (the same one the state machine
 * checks), so the API, the machine and the mini-app agree; the table is in step order, which is the order of the
 * `actions` a client receives.
 */
export const delegationPolicy = definePolicy<CasePolicyAction, CaseAccess>({
  /** See the case and its ledger: anyone with a relation to it. */
  view: (actor, c) => relationOf(actor, c) !== null,
  /** Check the ledger's hash chain: the people who work on it. */
  verify: (actor, c) => !!actor && actor.role !== 'citizen' && relationOf(actor, c) !== null,
  /**
   * Print the 跟踪卡: the citizen it belongs to, the agent handling it, and the staff and admins over its centers.
   * Another agent of the chain sees the case (to help) but does not print cards for it.
   */
  card: (actor, c) => {
    const r = relationOf(actor, c);
    return r === 'owner' || r === 'assigned' || r === 'admin' || (r === 'chain' && hasRole(actor, 'staff'));
  },
  ...(Object.fromEntries(STEP_ACTIONS.map((a) => [a, may(a)])) as PolicyTable<TStepAction, CaseAccess>),
});

/** Filing a request: the citizen (for themself or family) or a village agent for a citizen; not staff or admins. */
export const requestPolicy = definePolicy<'request' | 'recordAbsence', null>({
  request: (actor) => hasRole(actor, 'citizen', 'agent'),
  /** 外出登记 for AB岗: agents only. */
  recordAbsence: (actor) => hasRole(actor, 'agent'),
});
