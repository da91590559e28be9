import type { TWindowCase } from '@bianmin/shared';
import { chinaDate } from '@bianmin/shared/domain';
import { clockText } from '../../../utils/china-time';
import { monthDay } from '../../../utils/delegation-text';

/** Words for the events the API appends; anything newer reads as a plain 办理记录. */
const EVENT_WORDS: Record<string, string> = {
  open: '登记受理',
  receive_materials: '收到补正材料',
  request_supplement: '出具补正告知书',
  complete_stage: '环节办结',
  refuse: '不予受理',
  complete: '办结',
};

/** An event in words; `receive_materials` that completed the list is the 受理. */
export function eventText(e: { type: string; data: Record<string, unknown> }): string {
  if (e.type === 'receive_materials' && e.data.complete === true) return '收到补正材料，材料齐全，受理';
  if (e.type === 'open') return Array.isArray(e.data.missing) && e.data.missing.length > 0 ? '登记，材料不全，出具补正告知书' : '材料齐全，受理';
  return EVENT_WORDS[e.type] ?? '办理记录';
}

/** The tag class of a state: waiting on the applicant (warn), finished (green), refused (danger), running. */
export function stateTagClass(state: TWindowCase['state']): string {
  if (state === 'supplement') return 'tag tag-warn';
  if (state === 'completed') return 'tag tag-green';
  if (state === 'refused') return 'tag tag-danger';
  return 'tag';
}

/** A running case past its promise: 即办 after its 30 opening minutes, others after the promised date. */
export function isOverdue(c: Pick<TWindowCase, 'state' | 'dueAt' | 'promisedOn'>, now = new Date()): boolean {
  if (c.state !== 'accepted') return false;
  if (c.dueAt) return Date.parse(c.dueAt) < now.getTime();
  return c.promisedOn !== null && c.promisedOn < chinaDate(now);
}

/** "11月25日前办结", "今天 10:30前办结（即办件）", or what stops the clock. */
export function dueText(c: Pick<TWindowCase, 'state' | 'type' | 'dueAt' | 'promisedOn' | 'completedAt' | 'onTime'>): string {
  if (c.state === 'supplement') return '材料补齐后开始计时';
  if (c.state === 'refused') return '不予受理';
  if (c.state === 'completed') {
    const when = c.completedAt ? `${monthDay(chinaDate(new Date(c.completedAt)))}办结` : '已办结';
    return c.onTime === false ? `${when}（超时）` : when;
  }
  if (c.dueAt) {
    const day = chinaDate(new Date(c.dueAt));
    return `${day === chinaDate(new Date()) ? '今天' : monthDay(day)} ${clockText(c.dueAt)}前办结`;
  }
  return c.promisedOn ? `${monthDay(c.promisedOn)}前办结` : '';
}
