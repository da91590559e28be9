/**
 * The surveys module (群众评议): questionnaires, printed single-use cards, anonymous responses, results. Other modules
 * use only what is exported here; its models stay private.
 */
export { createSurveyService, type SurveyService } from './surveys.service';
export { surveyRoutes } from './surveys.routes';
export { surveyPolicy } from './surveys.policy';
