/** The scorecards module (考核): per center, window, staff member and agent, from the facts layer. */
export { scorecards, myScorecard, computeScorecards, liveScorecards } from './scorecards.service';
export { scorecardsXlsx } from './scorecards.export';
export { scorecardPolicy } from './scorecards.policy';
export { scorecardRoutes } from './scorecards.routes';
