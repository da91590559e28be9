import { chinaDate } from '@bianmin/shared';
import { isDuplicateKey } from '../../db/connect';
import { absentOn, coverFor, recordCoverMove } from '../absences';
import { WindowCase, WindowCaseEvent } from './case.model';
import type { CaseRow } from './cases.presenter';
import { oid } from './case-row';

/**
 * AB岗: hand a case over to `to` (who covers its holder while away) as an appended `cover` event; the projection
 * moves only if no transition got in first (the event's unique seq decides). Returns the moved row, or null when
 * someone else moved the case at the same moment.
 */
export async function handOver(row: CaseRow, to: string, date: string, actorId: string): Promise<CaseRow | null> {
  const seq = row.version + 1;
  const from = row.staffKey;
  try {
    await WindowCaseEvent.create({ caseKey: String(row._id), seq, type: 'cover', actorId: oid(actorId), data: { from, to, date, reason: 'AB岗：受理人不在岗，由B岗接办' } });
  } catch (err) {
    if (isDuplicateKey(err)) return null;
    throw err;
  }
  const set = { staffKey: to, staffId: oid(to), version: seq };
  await WindowCase.updateOne({ _id: row._id, version: row.version }, { $set: set });
  await recordCoverMove({ kind: 'case', subjectId: String(row._id), centerId: row.centerKey, windowId: row.windowId ? String(row.windowId) : null, fromUser: from, toUser: to, date, detail: `${row.itemName}（${row.code}）` });
  return { ...row, ...set };
}

/**
 * AB岗 for open cases: every 补办/受理 case (of these centers, or all) whose holder is away on the day goes to the
 * colleague covering them (once: the next run sees B as holder). Run by the periodic sweep and before staff lists.
 */
export async function coverAbsentCases(now = new Date(), centerIds?: readonly string[]): Promise<number> {
  const date = chinaDate(now);
  const filter: Record<string, unknown> = { state: { $in: ['supplement', 'accepted'] } };
  if (centerIds) filter.centerKey = { $in: [...centerIds] };
  const holders = (await WindowCase.find(filter, { staffKey: 1 }).lean()).map((r) => r.staffKey);
  if (!holders.length) return 0;
  const away = await absentOn(holders, date);
  if (!away.size) return 0;
  const covers = new Map<string, string | null>();
  for (const a of away) covers.set(a, await coverFor(a, date));
  const rows = (await WindowCase.find({ ...filter, staffKey: { $in: [...away] } }, { answers: 0 }).lean()) as unknown as CaseRow[];
  let n = 0;
  for (const row of rows) {
    const to = covers.get(row.staffKey);
    if (to && (await handOver(row, to, date, to))) n++;
  }
  return n;
}
