import { Types } from 'mongoose';
import { addOpenMinutes, checkMaterials, IMMEDIATE_LIMIT_MINUTES, type TServiceItemInput, type TWindowCaseSnapshot, type WorkingCalendar } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { findCenter, type CenterEntry } from '../centers';
import type { WindowCaseScope } from './cases.policy';
import type { CaseRow } from './cases.presenter';

/** Small helpers every case use case shares: ids, refusals, the policy scope, the snapshot ↔ projection mapping. */

export const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));

/** Why a refusal names a field: keeps every 400 in one shape. */
export const invalid = (field: string, message: string) => AppError.validation([{ field, message }]);

export async function centerOr404(id: string): Promise<CenterEntry> {
  const c = await findCenter(id);
  if (!c) throw AppError.notFound('服务中心');
  return c;
}

export function scopeOf(row: Pick<CaseRow, 'centerKey' | 'staffKey' | 'applicantPhone'>, center: CenterEntry, viewerPhone?: string): WindowCaseScope {
  return { centerId: row.centerKey, ancestors: center.ancestors, staffId: row.staffKey, applicantPhone: row.applicantPhone, ...(viewerPhone ? { viewerPhone } : {}) };
}

export function snapshotOf(row: CaseRow): TWindowCaseSnapshot {
  return {
    type: row.type,
    state: row.state,
    received: row.received,
    missing: row.missing,
    firstNotice: row.firstNotice,
    clockFrom: row.clockFrom ? row.clockFrom.toISOString() : null,
    committedDays: row.committedDays,
    promisedOn: row.promisedOn,
    stages: row.stages,
  };
}

/** The projection fields a snapshot sets (plus the 即办 due instant, kept so lists need no calendar). */
export function projection(cal: WorkingCalendar, s: TWindowCaseSnapshot) {
  const clockFrom = s.clockFrom ? new Date(s.clockFrom) : null;
  return {
    state: s.state,
    received: s.received,
    missing: s.missing,
    firstNotice: s.firstNotice,
    clockFrom,
    promisedOn: s.promisedOn,
    dueAt: s.type === 'immediate' && clockFrom ? addOpenMinutes(cal, clockFrom, IMMEDIATE_LIMIT_MINUTES) : null,
    stages: s.stages,
  };
}

export type Checklist = Pick<TServiceItemInput, 'materials' | 'questions'>;

/** Material keys not on the item's 一次性告知 list → 400 naming `<field>.<index>`. */
export function assertKeys(checklist: Checklist, keys: readonly string[], field: string) {
  const known = new Set(checklist.materials.map((m) => m.key));
  const bad = keys.findIndex((k) => !known.has(k));
  if (bad !== -1) throw invalid(`${field}.${bad}`, '不是该事项一次性告知清单中的材料');
}

/** Answers to unknown questions, or deciding questions left unanswered → 400 naming `answers.<key>`. */
export function assertAnswers(checklist: Checklist, answers: Record<string, boolean>) {
  const known = new Set(checklist.questions.map((q) => q.key));
  const unknown = Object.keys(answers).find((k) => !known.has(k));
  if (unknown) throw invalid(`answers.${unknown}`, '该事项没有这个问题');
  const r = checkMaterials({ name: '', ...checklist }, [], answers);
  const first = r.unanswered[0];
  if (first) throw invalid(`answers.${first.key}`, `请先确认：${first.text}`);
}

/** Everything still missing: the checklist's answer plus materials asked for in a later 补正, less what is in hand. */
export function missingNow(checklist: Checklist, received: readonly string[], answers: Record<string, boolean>, asked: readonly string[]): string[] {
  const inHand = new Set(received);
  const fromList = checkMaterials({ name: '', ...checklist }, [...received], answers).missing.map((m) => m.key);
  return [...new Set([...fromList, ...asked.filter((k) => !inHand.has(k))])];
}
