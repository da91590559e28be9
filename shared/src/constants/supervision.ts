/** 责任追究 measures, mildest first. */
export const MEASURES = ['remind', 'notice', 'written', 'removal'] as const;
export type TMeasure = (typeof MEASURES)[number];
export const MEASURE_LABELS: Record<TMeasure, string> = { remind: '提醒', notice: '通报批评', written: '书面检查', removal: '调离岗位' };

export const OUTCOME_STATUSES = ['proposed', 'decided', 'appealed', 'final'] as const;
export const OUTCOME_STATUS_LABELS: Record<(typeof OUTCOME_STATUSES)[number], string> = { proposed: '待决定', decided: '已决定', appealed: '申诉中', final: '已终结' };

/** 首问登记: answered on the spot, or referred to a named window/department and receiver. */
export const INQUIRY_OUTCOMES = ['answered', 'referred'] as const;
export const INQUIRY_OUTCOME_LABELS: Record<(typeof INQUIRY_OUTCOMES)[number], string> = { answered: '当场答复', referred: '转交办理' };

/** Seed 002: one verified complaint in a year → 通报批评; two or more → 调离岗位. */
export function proposedMeasure(verifiedThisYear: number): TMeasure {
  return verifiedThisYear >= 2 ? 'removal' : 'notice';
}
