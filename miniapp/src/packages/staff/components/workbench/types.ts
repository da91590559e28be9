import type { NoticeTone } from '../../../../components/notice';

/** A message shown next to the action that caused it. */
export interface Msg {
  tone: NoticeTone;
  text: string;
}

/** Run one button's action: marks it busy, then reloads the queue and today's bookings. */
export type RunAction = (key: string, fn: () => Promise<void>) => Promise<void>;
