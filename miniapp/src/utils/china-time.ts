import { chinaDate, chinaMinutes, formatMinutes, weekday } from '@bianmin/shared/domain';

/**
 * Booking times are China times whatever the phone's own time zone: computed with the shared calendar helpers,
 * never with the phone's `Date` getters.
 */
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** "11月23日 周一" of a China date. */
export function dayText(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日 ${WEEKDAYS[weekday(date)]}`;
}

/** "09:00" of an instant, China time. */
export function clockText(iso: string): string {
  return formatMinutes(chinaMinutes(new Date(iso)));
}

/** "09:00–09:30". */
export function spanText(startIso: string, endIso: string): string {
  return `${clockText(startIso)}–${clockText(endIso)}`;
}

/** "2026年11月23日 周一 09:00–09:30". */
export function slotText(startIso: string, endIso: string): string {
  const date = chinaDate(new Date(startIso));
  return `${date.slice(0, 4)}年${dayText(date)} ${spanText(startIso, endIso)}`;
}

/** "11月23日 周一 08:00": a deadline such as changeableUntil. */
export function momentText(iso: string): string {
  return `${dayText(chinaDate(new Date(iso)))} ${clockText(iso)}`;
}

/** The China date of a slot. */
export function slotDate(iso: string): string {
  return chinaDate(new Date(iso));
}
