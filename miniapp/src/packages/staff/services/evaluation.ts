import type { TComplaintStatus, TRating, TSurveyInput, TSurveyResults, TWindowCaseFigures } from '@bianmin/shared';
import type { RECTIFICATION_STEPS, COMPLAINT_TARGETS } from '@bianmin/shared/constants';
import { request } from '../../../services/request';

/** The staff view of a rating: a 差评 carries the rater's phone for the 回访. */
export type TStaffRating = TRating & { raterPhone?: string };
export type TRectAction = (typeof RECTIFICATION_STEPS)[number];

/** What staff see of a 投诉建议 (the API's staff view). */
export interface TStaffComplaint extends TComplaintStatus {
  id: string;
  anonymous: boolean;
  centerId: string;
  target: { kind: (typeof COMPLAINT_TARGETS)[number]; id?: string; text?: string };
  content: string;
  routeDue: string;
  contact?: { name?: string; phone: string };
  verified: boolean | null;
}

/** One line of a scorecard (center, window, staff member or agent). Rates in %, null when nothing to count. */
export interface TScoreLine {
  key: string;
  name: string;
  /** 窗口办件: received by type, 补办/退办, completed and on time, lapses, ratings (the shared ZWindowCaseFigures). */
  windowCases: TWindowCaseFigures;
  /** Bookings served (预约接待), no longer 办件. */
  served: number;
  casesFinished: number;
  onTimeRate: number | null;
  lapses: number;
  ratings: number;
  goodRate: number | null;
  activeGoodRate: number | null;
  badCount: number;
  rectifiedRate: number | null;
  followUpRate: number | null;
  unratedRate: number | null;
  complaints: number;
}

export interface TScorecards {
  period: string;
  from: string;
  to: string;
  centers: TScoreLine[];
  windows: TScoreLine[];
  staff: TScoreLine[];
  agents: TScoreLine[];
}

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

export function myScorecard(period: string): Promise<{ period: string; from: string; to: string; line: TScoreLine | null }> {
  return request('/api/staff/scorecard', { query: { period }, auth: true });
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
