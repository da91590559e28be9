import { caseDaysLate, chinaDate, type WorkingCalendar } from '@bianmin/shared';
import { calendarFor } from '../calendar';
import { recordStaffLapse } from '../queue';
import { WindowCase } from './case.model';
import type { CaseRow } from './cases.presenter';
import { coverAbsentCases } from './cover';

/**
 * Lapses for the working days a case is late beyond those already counted (once each: ids carry the case and the
 * day number, so the sweep and a late 办结 never count a day twice), dated the day each fell due. Returns how many.
 */
export async function deadlineLapses(row: CaseRow, cal: WorkingCalendar, late: number): Promise<number> {
  for (let k = row.lapsedDays + 1; k <= late; k++) {
    await recordStaffLapse({
      id: `case-deadline:${row._id}:${k}`,
      kind: 'deadline',
      centerId: row.centerKey,
      windowId: row.windowId ? String(row.windowId) : null,
      staffId: row.staffKey,
      subjectId: String(row._id),
      date: cal.addWorkingDays(row.promisedOn!, k),
      detail: `${row.itemName}（${row.code}）超过承诺办结日期第${k}个工作日`,
    });
  }
  await WindowCase.updateOne({ _id: row._id }, { $set: { lapsedDays: late } });
  return Math.max(0, late - row.lapsedDays);
}

/**
 * The periodic sweep: running 承诺/联办/上报 cases past their promised date count one lapse against the receiving
 * staff member for each working day late (once each, dated the day it fell due), as 代办 stages do.
 */
export async function sweepOverdueCases(now = new Date()): Promise<number> {
  await coverAbsentCases(now);
  const today = chinaDate(now);
  const rows = (await WindowCase.find({ state: 'accepted', promisedOn: { $lt: today, $gt: '' } }, { answers: 0 }).lean()) as unknown as CaseRow[];
  const calendars = new Map<string, WorkingCalendar>();
  let n = 0;
  for (const row of rows) {
    if (row.type === 'immediate' || !row.promisedOn) continue;
    if (!calendars.has(row.centerKey)) calendars.set(row.centerKey, await calendarFor(row.centerKey));
    const cal = calendars.get(row.centerKey)!;
    const late = caseDaysLate(cal, row.promisedOn, today);
    if (late > row.lapsedDays) n += await deadlineLapses(row, cal, late);
  }
  return n;
}
