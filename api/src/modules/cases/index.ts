/**
 * The cases module (窗口办件): every window visit becomes a case — 五件制, numbered notices, 限时办结, progress by
 * code. Other modules use only what is exported here; the models stay private.
 */
export { createCaseService, sweepOverdueCases, coverAbsentCases, type CaseService } from './cases.service';
export { windowCaseForRating, windowCaseOwnedBy, caseFacts, caseLapseKind, caseRatingId, type WindowCaseForRating, type WindowCaseFact, type CaseFactScope } from './facts';
export { casePolicy, type WindowCaseScope } from './cases.policy';
export { staffCaseRoutes, myCaseRoutes, trackRoutes, trackPageRoutes } from './cases.routes';
