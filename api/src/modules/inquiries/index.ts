/**
 * 首问登记 (首问负责制 register): questions recorded by the staff member first asked, answered on the spot or
 * referred with a follow-up due; the holder closes them; an overdue one is a (pending) lapse. Models stay private.
 */
export { createInquiryService, sweepOverdueInquiries, coverAbsentInquiries, type InquiryService } from './inquiries.service';
export { inquiryRoutes } from './inquiries.routes';
export { inquiryPolicy } from './inquiries.policy';
