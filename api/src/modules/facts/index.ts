/**
 * The facts layer (read-only): what happened in a center's subtree during a period, for scorecards and reports.
 * It reads other modules only through their index; it owns no models.
 */
export { periodRange, type Period } from './period';
export {
  factScope,
  windowCases,
  windowCaseLapse,
  windowCaseRatingId,
  servedBookings,
  finishedCases,
  openedCases,
  refusedCases,
  correctedCases,
  lapses,
  complaints,
  rectifications,
  ratingsGiven,
  ratingsForPeriod,
  namesOf,
  caseTypes,
  type FactScope,
  type BookingFact,
  type FinishedCaseFact,
  type LapseFact,
  type RatingFact,
  type ComplaintFact,
  type WindowCaseFact,
} from './facts';
export { emptyCaseAcc, countCase, countCaseLapse, countCaseRating, caseFigures, type CaseAcc } from './window-cases';
