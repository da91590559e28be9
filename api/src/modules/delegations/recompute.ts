import { recomputeDues } from '@bianmin/shared';
import { calendarFor } from '../calendar';
import { openCases, saveChanges } from './case-store';
import { appendEntry } from './ledger.service';
import { noticePromise } from './notices';

/** The 台账's author for entries the system writes itself (no person acted). */
export const SYSTEM_ACTOR = '000000000000000000000000';
const REASON = '工作日历调整（节假日、闭馆或补班），时限重新计算';

/**
 * After a calendar change (a closure added, next year's schedule entered, weekly hours changed): every open case's
 * running clock and 承诺办结日 counted again on the new calendar. Each case that moves gets a system entry in its
 * 台账 saying so (the citizen sees the new date and why). Returns how many cases moved.
 */
export async function recomputeOpenCaseDues(): Promise<number> {
  let moved = 0;
  for (const c of await openCases()) {
    if (c.state === 'correction' || c.state === 'suspended') continue;
    const changes = recomputeDues(c, await calendarFor(c.centerId));
    if (!changes) continue;
    const running = changes.stages?.[c.stageIndex];
    const data = {
      reason: REASON,
      ...(running ? { stage: running.key, dueOn: running.dueOn, dueBefore: c.stages[c.stageIndex]?.dueOn ?? null } : {}),
      ...(changes.promisedOn ? { promisedOn: changes.promisedOn, promisedBefore: c.promisedOn ?? null } : {}),
    };
    await appendEntry({ caseId: c.id, centerId: c.centerId, actorId: SYSTEM_ACTOR, actorRole: 'system', type: 'recompute', data });
    await saveChanges(c.id, { ...changes, ...(changes.promisedOn ? { promiseReason: REASON } : {}) });
    if (changes.promisedOn) await noticePromise(c, changes.promisedOn, REASON, false);
    moved++;
  }
  return moved;
}
