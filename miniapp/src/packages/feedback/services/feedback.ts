import type { TComplaintCreate, TComplaintStatus, TRating } from '@bianmin/shared';
import type { TRatingLevel } from '@bianmin/shared/constants';
import { request } from '../../../services/request';
import { loadTokens } from '../../../services/tokens';

export type TDims = { overall: TRatingLevel; efficiency: TRatingLevel; service: TRatingLevel; attitude: TRatingLevel };
export interface RatingInput {
  level: TRatingLevel;
  dims: TDims;
  comment?: string;
}

/** 一次一评 / 一事一评 of a served booking or a finished 代办 case (signed in). */
export function rate(subject: { kind: 'booking' | 'case'; id: string }, input: RatingInput): Promise<TRating> {
  return request<TRating>('/api/ratings', { method: 'POST', body: { subject, ...input }, auth: true });
}

/** With a printed or kiosk 评价卡: the token stands in for sign-in; a signed-in citizen (我的办件) is named as the rater. */
export function rateByCard(token: string, input: RatingInput): Promise<TRating> {
  return request<TRating>('/api/ratings/card', { method: 'POST', body: { token, ...input }, auth: !!loadTokens() });
}

export async function myRatings(): Promise<TRating[]> {
  const res = await request<{ items: TRating[] }>('/api/ratings/mine', { auth: true });
  return res.items;
}

/** Whether the citizen is satisfied with how a 差评 was put right (closes the rectification). */
export function rectificationFeedback(id: string, satisfied: boolean): Promise<TRating> {
  return request<TRating>(`/api/ratings/${encodeURIComponent(id)}/feedback`, { method: 'POST', body: { satisfied }, auth: true });
}

/** Signed-in users send their token (a real-name complaint keeps the filer); anonymous ones never do. */
export function fileComplaint(body: TComplaintCreate, signedIn: boolean): Promise<TComplaintStatus> {
  return request<TComplaintStatus>('/api/complaints', { method: 'POST', body, auth: signedIn && !body.anonymous });
}

export function complaintStatus(code: string): Promise<TComplaintStatus> {
  return request<TComplaintStatus>(`/api/complaints/status/${encodeURIComponent(code.trim().toUpperCase())}`);
}
