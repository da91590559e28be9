/**
 * The evaluations module (好差评): ratings, rating cards, 差评 rectification and appeals. Other modules use only what
 * is exported here; its models stay private.
 */
export { createEvaluationService, type EvaluationService } from './evaluations.service';
export { evaluationRoutes } from './evaluations.routes';
export { evaluationPolicy } from './evaluations.policy';
export { ratingFacts, rectificationStatuses, type RatingFact } from './facts';
export { issueWindowCaseCard, windowCaseRated } from './window-cases';
