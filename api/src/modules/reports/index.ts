/** The reports module (每月公告): monthly public figures per center, stored, served as JSON and printable PDF. */
export { computeReport, liveReport, generate, generateDue, generateOnDemand, publicReport, listPublic } from './reports.service';
export { reportPdf } from './reports.pdf';
export { reportPolicy } from './reports.policy';
export { reportRoutes } from './reports.routes';
