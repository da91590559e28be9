import { chinaDate, type TMyScorecard, type TScorecards } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { CenterScope } from '../../http/policy';
import { findCenter } from '../centers';
import { addCounts, complaints, emptyLineAcc, factScope, finishedCases, lapses, namesOf, ratingsForPeriod, rectifications, rolledDays, servedBookings, todayCountedAt, windowCases, type LineAcc, type Period } from '../facts';
import { scorecardPolicy } from './scorecards.policy';
import { idsOf, sectionOf, Tally } from './tally';

/** A center as policies see it; an unknown center is nobody's (a 403, as for any center one does not manage). */
async function centerScope(centerId: string): Promise<CenterScope> {
  const c = await findCenter(String(centerId));
  return { centerId: String(centerId), ancestors: c?.ancestors ?? [] };
}

/**
 * Scorecards per center, window, staff member and agent for a period, summed from the per-day rollups of the facts
 * (closed days stored, today counted live): window cases (办件) by type, outcome, on-time and lapses; bookings and
 * 代办 on their own columns. Ratings count in the period of the record they rate (see the rate definitions on
 * `scoreLine`). Equal, cell for cell, to `liveScorecards`.
 */
export async function computeScorecards(centerId: string, period: Period): Promise<TScorecards> {
  const scope = await factScope(centerId, period);
  const groups = new Map<string, LineAcc>();
  for (const day of await rolledDays(scope.centerIds, scope.from, scope.to)) {
    for (const { key, notice: _notice, ...counts } of day.lines) {
      // A center line may hold only the monthly notice's counts of that day (a rating given today of a record of an
      // earlier month): nothing for the scorecards, which the live count would not list either.
      if (!groups.has(key) && !hasCounts(counts)) continue;
      let acc = groups.get(key);
      if (!acc) groups.set(key, (acc = emptyLineAcc()));
      addCounts(acc, counts);
    }
  }
  const names = await namesOf({ centers: idsOf(groups, 'center:'), windows: idsOf(groups, 'window:'), people: [...idsOf(groups, 'staff:'), ...idsOf(groups, 'agent:')] });
  return {
    period,
    from: scope.from,
    to: scope.to,
    centers: sectionOf(groups, 'center:', names),
    windows: sectionOf(groups, 'window:', names),
    staff: sectionOf(groups, 'staff:', names),
    agents: sectionOf(groups, 'agent:', names),
  };
}

/** Any count above zero, nested ones (the 办件 columns) included. */
function hasCounts(v: unknown): boolean {
  if (typeof v === 'number') return v !== 0;
  return !!v && typeof v === 'object' && Object.values(v).some(hasCounts);
}

/**
 * The same scorecards counted from every fact of the period (see `Tally.ratings`): the reference the rollups are
 * checked against, and a way to recount should a rollup ever be doubted.
 */
export async function liveScorecards(centerId: string, period: Period): Promise<TScorecards> {
  const scope = await factScope(centerId, period);
  const [windowCaseRows, bookings, cases, ratings, rects, lapseRows, complaintRows] = await Promise.all([
    windowCases(scope),
    servedBookings(scope),
    finishedCases(scope),
    ratingsForPeriod(scope),
    rectifications(scope),
    lapses(scope),
    complaints(scope),
  ]);
  const tally = new Tally(scope);
  tally.windowCases(windowCaseRows);
  tally.bookings(bookings);
  tally.cases(cases);
  tally.ratings(ratings, tally.recordIds(bookings, cases), rects);
  tally.lapses(lapseRows);
  tally.complaints(complaintRows);
  const names = await namesOf({ centers: tally.ids('center:'), windows: tally.ids('window:'), people: [...tally.ids('staff:'), ...tally.ids('agent:')] });
  return {
    period,
    from: scope.from,
    to: scope.to,
    centers: tally.section('center:', names),
    windows: tally.section('window:', names),
    staff: tally.section('staff:', names),
    agents: tally.section('agent:', names),
  };
}

/** The 数据截至 of a period that reaches today (today's figures come from the rollup job's latest count). */
async function countedAt(to: string): Promise<{ countedAt?: string }> {
  const now = new Date();
  return to > chinaDate(now) ? { countedAt: (await todayCountedAt(now)).toISOString() } : {};
}

/** Every line of a center and those below it: for admins over the center. */
export async function scorecards(actor: Actor, centerId: string, period: Period): Promise<TScorecards> {
  scorecardPolicy.authorize(actor, 'read', await centerScope(centerId), '无权管理该服务中心的数据');
  const cards = await computeScorecards(centerId, period);
  return { ...cards, ...(await countedAt(cards.to)) };
}

/** A staff member's or agent's own line at the center they work at (null when nothing counted for them). */
export async function myScorecard(actor: Actor, period: Period): Promise<TMyScorecard> {
  const scope = await centerScope(actor.centerId ?? '');
  scorecardPolicy.authorize(actor, 'readOwn', scope);
  const all = await computeScorecards(scope.centerId, period);
  const mine = [...all.staff, ...all.agents].find((l) => l.key.endsWith(`:${actor.id}`));
  return { period: all.period, from: all.from, to: all.to, line: mine ?? null, ...(await countedAt(all.to)) };
}
