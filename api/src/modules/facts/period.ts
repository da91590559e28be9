import type { TScorePeriod } from '@bianmin/shared';

export type Period = TScorePeriod;

const month = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

/** China-date range [from, to) of a period: 2026-11, 2026-Q4, 2026. */
export function periodRange(p: Period): { from: string; to: string } {
  if (p.kind === 'year') return { from: `${p.value}-01-01`, to: `${Number(p.value) + 1}-01-01` };
  if (p.kind === 'quarter') {
    const [y, q] = p.value.split('-Q').map(Number);
    const m = (q - 1) * 3 + 1;
    return { from: month(y, m), to: q === 4 ? month(y + 1, 1) : month(y, m + 3) };
  }
  const [y, m] = p.value.split('-').map(Number);
  return { from: `${p.value}-01`, to: m === 12 ? month(y + 1, 1) : month(y, m + 1) };
}
