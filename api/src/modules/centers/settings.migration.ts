import { Center } from './center.model';
import { invalidateCenters } from './directory';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * Move the four legacy Mixed settings fields (weekly, chainDays, evaluationRules, bookingRules) into the typed
 * `settings` document. Idempotent: a center without legacy fields is left alone; a second run finds none. Runs
 * through the raw collection because the model no longer declares the old fields.
 */
export async function migrateLegacyCenterSettings(): Promise<number> {
  const legacy = ['weekly', 'chainDays', 'evaluationRules', 'bookingRules'];
  const rows = await Center.collection.find({ $or: legacy.map((f) => ({ [f]: { $exists: true } })) }).toArray();
  let moved = 0;
  for (const row of rows) {
    const set: Record<string, unknown> = {};
    const weekly = row.weekly as Record<string, { start: number | string; end: number | string }[]> | null | undefined;
    if (weekly && !row.settings?.hours?.weekly) {
      set['settings.hours.weekly'] = Object.fromEntries(
        Object.entries(weekly).map(([d, spans]) => [d, spans.map((s) => ({ start: typeof s.start === 'number' ? hhmm(s.start) : s.start, end: typeof s.end === 'number' ? hhmm(s.end) : s.end }))]),
      );
    }
    const chain = row.chainDays as { three?: Record<string, number>; two?: Record<string, number> } | null | undefined;
    if (chain?.three && !row.settings?.chain?.three) set['settings.chain.three'] = chain.three;
    if (chain?.two && !row.settings?.chain?.two) set['settings.chain.two'] = chain.two;
    const ev = row.evaluationRules as Record<string, number> | null | undefined;
    if (ev) for (const k of ['contactDays', 'rectifyDays', 'ratingPeriodDays']) if (typeof ev[k] === 'number' && row.settings?.evaluation?.[k] === undefined) set[`settings.evaluation.${k}`] = ev[k];
    const br = row.bookingRules as Record<string, number> | null | undefined;
    if (br) for (const [k, v] of Object.entries(br)) if (typeof v === 'number' && row.settings?.booking?.[k] === undefined) set[`settings.booking.${k}`] = v;
    await Center.collection.updateOne(
      { _id: row._id },
      { ...(Object.keys(set).length ? { $set: set, $inc: { settingsRev: 1 } } : {}), $unset: Object.fromEntries(legacy.map((f) => [f, ''])) },
    );
    moved++;
  }
  if (moved) invalidateCenters();
  return moved;
}
