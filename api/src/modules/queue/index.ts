/**
 * The queue at a window (取号、叫号、办结) and lapses (失误), the facts scorecards count. The models stay private:
 * other modules record and read lapses through `recordLapse` / `lapseFacts`.
 */
export { createQueueService, type QueueService } from './queue.service';
export { queueRoutes, queuePlaceRoutes, hallDisplayRoutes, hallPageRoutes } from './queue.routes';
export { queuePolicy } from './queue.policy';
export { ticketSummary } from './tickets';
export { recordLapse, lapseFacts, lapsesFor, decideLapse, lapseReviewDue, sweepLapseReviews, LAPSE_REVIEW_DAYS, type LapseInput, type LapseFact, type LapseReview } from './lapses';
export { sweepReceptionLapses } from './sweeps';
export { ticketForCase, recordStaffLapse, lapsesOf, type TicketForCase } from './window-cases';
