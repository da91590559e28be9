/**
 * AB岗 for windows (请假登记、顶岗): absences are date ranges with a reason — never clock-in or 打卡. Other modules ask
 * `coverFor(userId, date)` who acts for someone away, `windowUnstaffedOn` whether a window is closed on a day, and
 * record each handover with `recordCoverMove`. The models stay private.
 */
export { absenceRoutes } from './absences.routes';
export { absencePolicy } from './absences.policy';
export { coverFor, absentOn, windowUnstaffedOn, recordCoverMove, coverMovesOf, recordAbsence, listAbsences } from './absences.service';
