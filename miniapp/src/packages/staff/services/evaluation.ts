import type { TMyScorecard, TRating, TScoreLine, TScorecards, TStaffComplaint, TSurveyInput, TSurveyResults } from '@bianmin/shared';
import type { RECTIFICATION_STEPS } from '@bianmin/shared/constants';
import { request } from '../../../services/request';

/** The staff view of a rating: a 差评 carries the rater's phone for the 回访 (`raterPhone` in the shared ZRating). */
export type TStaffRating = TRating;
export type TRectAction = (typeof RECTIFICATION_STEPS)[number];

export type { TScoreLine, TScorecards, TStaffComplaint };

const enc = encodeURIComponent;

export async function centerRatings(bad: boolean): Promise<TStaffRating[]> {
  const res = await request<{ items: TStaffRating[] }>('/api/staff/ratings', { query: { bad }, auth: true });
  return res.items;
}

export function rectificationStep(id: string, action: TRectAction, note: string): Promise<TStaffRating> {
  return request<TStaffRating>(`/api/staff/ratings/${enc(id)}/rectification`, { method: 'POST', body: { action, note }, auth: true });
}

export function appealRating(id: string, reason: string): Promise<TStaffRating> {
  return request<TStaffRating>(`/api/staff/ratings/${enc(id)}/appeal`, { method: 'POST', body: { reason }, auth: true });
}

export function decideAppeal(id: string, decision: 'upheld' | 'rejected', reason: string): Promise<TStaffRating> {
  return request<TStaffRating>(`/api/admin/ratings/${enc(id)}/appeal/decision`, { method: 'POST', body: { decision, reason }, auth: true });
}

export function myScorecard(period: string): Promise<TMyScorecard> {
  return request<TMyScorecard>('/api/staff/scorecard', { query: { period }, auth: true });
}

export function centerScorecards(centerId: string, period: string): Promise<TScorecards> {
  return request<TScorecards>('/api/admin/scorecards', { query: { centerId, period }, auth: true });
}

export async function centerComplaints(): Promise<TStaffComplaint[]> {
  const res = await request<{ items: TStaffComplaint[] }>('/api/staff/complaints', { auth: true });
  return res.items;
}

export function answerComplaint(id: string, answer: string): Promise<TStaffComplaint> {
  return request<TStaffComplaint>(`/api/staff/complaints/${enc(id)}/answer`, { method: 'POST', body: { answer }, auth: true });
}

export function routeComplaint(id: string, centerId: string): Promise<TStaffComplaint> {
  return request<TStaffComplaint>(`/api/staff/complaints/${enc(id)}/route`, { method: 'POST', body: { centerId }, auth: true });
}

export function verifyComplaint(id: string, verified: boolean, finding: string): Promise<TStaffComplaint> {
  return request<TStaffComplaint>(`/api/admin/complaints/${enc(id)}/verify`, { method: 'POST', body: { verified, finding }, auth: true });
}

/** month:YYYY-MM of this month (offset 0) or an earlier one, in China time. */
export function monthPeriod(offset: number, now = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const d = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export const rateText = (v: number | null) => (v === null ? '—' : `${v}%`);

/** A questionnaire as the builder sends it (TSurveyInput without the zod import). */
export type TSurveyDraft = TSurveyInput;
export type TQuestionKind = TSurveyInput['questions'][number]['kind'];

export function createSurvey(input: TSurveyDraft): Promise<{ id: string }> {
  return request<{ id: string }>('/api/admin/surveys', { method: 'POST', body: input, auth: true });
}

export function publishSurvey(id: string): Promise<unknown> {
  return request(`/api/admin/surveys/${enc(id)}/publish`, { method: 'POST', auth: true });
}

export async function surveyCards(id: string, count: number): Promise<{ token: string; path: string }[]> {
  const res = await request<{ tokens: { token: string; path: string }[] }>(`/api/admin/surveys/${enc(id)}/tokens`, { method: 'POST', body: { count }, auth: true });
  return res.tokens;
}

export function surveyResults(id: string): Promise<TSurveyResults> {
  return request<TSurveyResults>(`/api/admin/surveys/${enc(id)}/results`, { auth: true });
}
