import fs from 'node:fs';
import path from 'node:path';
import type { DayRule } from '@bianmin/shared';

/**
 * The State Council holiday schedule from the `chinese-days` data package (2004 to the latest announced year; it is
 * kept up to date upstream). A year the package does not have yet is entered by county admins as national rules.
 */
let cache: Record<string, DayRule> | undefined;
export function nationalSchedule(): Record<string, DayRule> {
  if (cache) return cache;
  const file = path.join(path.dirname(require.resolve('chinese-days/package.json')), 'dist', 'chinese-days.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
  const out: Record<string, DayRule> = {};
  const chineseName = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(data.holidays)) out[date] = { kind: 'holiday', name: chineseName(v) };
  for (const [date, v] of Object.entries(data.workdays)) out[date] = { kind: 'workday', name: `${chineseName(v)}调休上班` };
  cache = out;
  return out;
}
