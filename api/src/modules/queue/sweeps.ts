import { QueueTicket } from './queue.model';
import { lapseIfWaitedTooLong, type TicketRow } from './tickets';

/** The shortest reception limit any center may set (settings.queue.receptionLapseMinutes has min 5). */
const SHORTEST_LIMIT_MS = 5 * 60_000;

/**
 * Background sweep: waiting numbers past their center's reception limit become lapses (once each). Oldest first, so
 * the overdue ones come before those still within a longer limit.
 */
export async function sweepReceptionLapses(now = new Date()): Promise<number> {
  const candidates = (await QueueTicket.find({ status: 'waiting', dueFrom: { $lte: new Date(now.getTime() - SHORTEST_LIMIT_MS) } }).sort({ dueFrom: 1 }).limit(500).lean()) as TicketRow[];
  let recorded = 0;
  for (const t of candidates) if (await lapseIfWaitedTooLong(t, null, now)) recorded++;
  return recorded;
}
