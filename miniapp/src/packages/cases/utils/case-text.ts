import type { TWindowCase } from '@bianmin/shared';
import { chinaDate } from '@bianmin/shared/domain';
import { clockText } from '../../../utils/china-time';
import { monthDay } from '../../../utils/delegation-text';

/** Words for the events the API appends; anything newer reads as a plain 办理记录. */
const EVENT_WORDS: Record<string, string> = {
  opened: '受理登记',
  accepted: '材料齐全，受理',
  supplement: '出具补正告知书',
  supplement_requested: '出具补正告知书',
  request_supplement: '出具补正告知书',
  materials: '收到补正材料',
  materials_received: '收到补正材料',
  receive_materials: '收到补正材料',
  stage_completed: '环节办结',
  complete_stage: '环节办结',
  refused: '不予受理',
  refuse: '不予受理',
  completed: '办结',
  complete: '办结',
  rated: '群众已评价',
};

export function eventText(type: string): string {
  return EVENT_WORDS[type] ?? '办理记录';
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
