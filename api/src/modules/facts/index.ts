/**
 * The facts layer: what happened in a center's subtree during a period, for scorecards and reports, and its per-day
 * rollups (the only models it owns). It reads other modules only through their index; writers that change a closed
 * day's facts call `markDirty`.
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
export {
  markDirty,
  rollClosedDays,
  rollDay,
  rollDays,
  rollToday,
  rollTodayIfDue,
  rolledDays,
  todayCountedAt,
  countDays,
  countRange,
  PROVISIONAL_MAX_AGE_MS,
  addCounts,
  emptyLineAcc,
  emptyNoticeAcc,
  type LineAcc,
  type NoticeAcc,
  type RollupLine,
  type CenterDay,
} from './rollups';
export { emptyCaseAcc, countCase, countCaseLapse, countCaseRating, caseFigures, type CaseAcc } from './window-cases';
