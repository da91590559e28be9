/**
 * Supervision (纪检监察/督查) and 责任追究: supervisors of a county verify complaints (policy exported for the
 * complaints module), confirm or dismiss lapses, and decide measures per person; the person may appeal once.
 * Everything is appended; the models stay private.
 */
export { createSupervisionService, proposeOutcome, countyScope, type SupervisionService } from './supervision.service';
export { supervisionRoutes } from './supervision.routes';
export { supervisionPolicy, supervisorOf, recordPolicy, lapseReviewPolicy, type CountyScope } from './supervision.policy';
