/**
 * The 帮办代办 module: cases, their 台账 (hash-chained ledger), AB岗 posts and the overdue sweep. Other modules use
 * only what is exported here; the Delegation, LedgerEntry and AgentPost models stay private. The fact queries
 * (facts.ts) return plain objects for ratings, scorecards and reports.
 */
export { createDelegationService, type DelegationService } from './delegations.service';
export { delegationRoutes, adminDelegationRoutes, agentRoutes } from './delegations.routes';
export { delegationPolicy, relationOf } from './delegations.policy';
export { recomputeOpenCaseDues } from './recompute';
export {
  finishedCaseFacts,
  openedCaseModes,
  refusedCaseCount,
  correctedCaseCount,
  assistedFacts,
  caseForRating,
  type FinishedCaseFact,
  type CaseForRating,
} from './facts';
