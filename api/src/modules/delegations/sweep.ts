import { STAGE_HOLDER_LABELS, caseClock, chinaDate, daysLate, type TStageHolder } from '@bianmin/shared';
import { calendarFor } from '../calendar';
import { findCenter } from '../centers';
import { recordLapse } from '../queue';
import { getPublished } from '../service-items';
import { openCases, type CaseRecord } from './case-store';

type LapseCase = Pick<CaseRecord, 'id' | 'centerId' | 'centerPath' | 'agentId' | 'itemId' | 'itemName' | 'stages'>;

/** The center (and agent) a late clock is charged to: the agent, the town or county center, or the item's department. */
async function chargedTo(c: LapseCase, holder: TStageHolder): Promise<{ centerId: string; agentId: string | null }> {
  const county = c.centerPath[c.centerPath.length - 1] ?? c.centerId;
  switch (holder) {
    case 'agent':
      return { centerId: c.centerId, agentId: c.agentId };
    case 'town': {
      for (const id of c.centerPath) if ((await findCenter(id))?.level === 'town') return { centerId: id, agentId: null };
      return { centerId: c.centerId, agentId: null };
    }
    case 'county':
      return { centerId: county, agentId: null };
    case 'dept':
      return { centerId: (await getPublished(c.itemId).catch(() => null))?.centerId ?? county, agentId: null };
  }
}

const CLOCK_NAMES: Record<string, string> = { accept: '受理', close: '办结' };

/**
 * 限时办结: each working day a clock runs past its due date counts one lapse (失误) for whoever held it (the agent,
 * the town or county center, the department). It stays pending until a supervisor or the county admin confirms or
 * dismisses it. The ids carry case, clock and day number, so a step and the sweep racing, or the sweep running
 * twice, record it once.
 */
export async function recordClockLapses(c: LapseCase, clock: string, stageIndex: number, late: number, now = new Date()): Promise<void> {
  const stage = stageIndex >= 0 ? c.stages[stageIndex] : undefined;
  const holder: TStageHolder = stage?.holder ?? 'agent';
  const to = await chargedTo(c, holder);
  const what = stage ? stage.name : (CLOCK_NAMES[clock] ?? clock);
  for (let k = 1; k <= late; k++) {
    await recordLapse({
      id: stageIndex >= 0 ? `deadline:${c.id}:${stageIndex}:${k}` : `deadline:${c.id}:${clock}:${k}`,
      kind: 'deadline',
      centerId: to.centerId,
      agentId: to.agentId,
      subjectId: c.id,
      date: chinaDate(now),
      detail: `${c.itemName} ${what}（${STAGE_HOLDER_LABELS[holder]}）超期第${k}个工作日`,
      status: 'pending',
      holder,
    });
  }
}

/** Sweep: every open case whose clock is past due counts a lapse for each working day late so far (once each). */
export async function sweepOverdue(now = new Date()): Promise<number> {
  const today = chinaDate(now);
  let n = 0;
  for (const c of await openCases()) {
    const clock = caseClock(c);
    if (!clock.dueOn || clock.dueOn >= today) continue;
    const late = daysLate(await calendarFor(c.centerId), clock.dueOn, today);
    if (late > 0) {
      await recordClockLapses(c, clock.key, clock.stageIndex, late, now);
      n++;
    }
  }
  return n;
}
