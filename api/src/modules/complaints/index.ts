/**
 * The complaints module (投诉建议): filing (anonymous or real-name), status by code, routing, answers, verification.
 * Other modules use only what is exported here; its models stay private.
 */
export { createComplaintService, type ComplaintService } from './complaints.service';
export { complaintRoutes } from './complaints.routes';
export { complaintPolicy } from './complaints.policy';
export { complaintFacts, type ComplaintFact } from './facts';
