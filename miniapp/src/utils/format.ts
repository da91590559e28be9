import type { TCaseType } from '@bianmin/shared';
import { CASE_TYPE_LABELS, MATERIAL_FORM_LABELS } from '@bianmin/shared/constants';

/** 承诺/法定时限 in words: 0 working days is done on the spot. */
export function limitText(days: number): string {
  return days === 0 ? '当场办结' : `${days}个工作日`;
}

/** 到现场次数 as citizens know it ("最多跑一次"). */
export function visitsText(visits: number): string {
  if (visits === 0) return '不用跑（网上办）';
  if (visits === 1) return '最多跑一次';
  return `最多跑${visits}次`;
}

const CASE_TYPE_HINTS: Record<TCaseType, string> = {
  immediate: '材料齐全当场办结',
  committed: '受理后在承诺时限内办结',
  joint: '多个部门联合办理，一个窗口受理',
  reported: '上报上级部门办理',
};

export function caseTypeText(t: TCaseType): { label: string; hint: string } {
  return { label: CASE_TYPE_LABELS[t], hint: CASE_TYPE_HINTS[t] };
}

export function formText(form: keyof typeof MATERIAL_FORM_LABELS, copies: number): string {
  const f = MATERIAL_FORM_LABELS[form];
  if (copies === 0) return `${f}（只需出示，不收取）`;
  return `${f} ${copies}份`;
}

/** 2025-11-22 from an ISO time, in the phone's own time zone. */
export function dateText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A route parameter as text: mini-programs pass it still encoded, browsers sometimes decoded. */
export function decodeParam(v: string | undefined): string {
  if (!v) return '';
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
