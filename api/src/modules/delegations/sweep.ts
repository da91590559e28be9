import { chinaDate, daysLate } from '@bianmin/shared';
import { calendarFor } from '../calendar';
import { recordLapse } from '../queue';
import { runningCases, type CaseRecord } from './case-store';

/**
 * 限时办结: each working day a stage runs past its due date counts one lapse (失误) for the case's agent. The ids
 * carry case, stage and day number, so a step and the sweep racing, or the sweep running twice, record it once.
 */
export async function recordStageLapses(c: Pick<CaseRecord, 'id' | 'centerId' | 'agentId' | 'itemName' | 'stages'>, stageIndex: number, late: number, now = new Date()): Promise<void> {
  for (let k = 1; k <= late; k++) {
    await recordLapse({
      id: `deadline:${c.id}:${stageIndex}:${k}`,
      kind: 'deadline',
      centerId: c.centerId,
      agentId: c.agentId,
      subjectId: c.id,
      date: chinaDate(now),
      detail: `${c.itemName} ${c.stages[stageIndex]?.name ?? ''} 超期第${k}个工作日`,
    });
  }
}

/** Sweep: running stages past their due date count a lapse for each working day late so far (once each). */
export async function sweepOverdue(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  let n = 0;
  for (const c of await runningCases()) {
    const s = c.stages[c.stageIndex];
    if (!s?.dueOn || s.dueOn >= today) continue;
    const late = daysLate(await calendarFor(c.centerId), s.dueOn, today);
    if (late > 0) {
      await recordStageLapses(c, c.stageIndex, late, now);
      n++;
    }
  }
  return n;
}
