import type { TInquiry, TInquiryCreate, TLapseReview, TMeasure, TOutcome, TPersonRecord, TStaffComplaint, TStaffDirectory } from '@bianmin/shared';
import { request } from '../../../services/request';

const enc = encodeURIComponent;

/** 挂牌上岗 of one center (public). */
export function centerStaff(centerId: string): Promise<TStaffDirectory> {
  return request<TStaffDirectory>(`/api/centers/${enc(centerId)}/staff`);
}

export async function inquiries(status: 'open' | 'overdue' | 'all'): Promise<TInquiry[]> {
  return (await request<{ items: TInquiry[] }>(`/api/staff/inquiries?status=${status}`, { auth: true })).items;
}
export function recordInquiry(body: TInquiryCreate): Promise<TInquiry> {
  return request<TInquiry>('/api/staff/inquiries', { method: 'POST', body, auth: true });
}
export function closeInquiry(id: string, note: string): Promise<TInquiry> {
  return request<TInquiry>(`/api/staff/inquiries/${enc(id)}/close`, { method: 'POST', body: { note }, auth: true });
}

export async function countyComplaints(): Promise<TStaffComplaint[]> {
  return (await request<{ items: TStaffComplaint[] }>('/api/staff/complaints', { auth: true })).items;
}
export function verifyComplaint(id: string, verified: boolean, finding: string): Promise<TStaffComplaint> {
  return request<TStaffComplaint>(`/api/admin/complaints/${enc(id)}/verify`, { method: 'POST', body: { verified, finding }, auth: true });
}
export async function outcomes(): Promise<TOutcome[]> {
  return (await request<{ items: TOutcome[] }>('/api/supervision/outcomes', { auth: true })).items;
}
export function decideOutcome(id: string, measure: TMeasure, reason: string): Promise<TOutcome> {
  return request<TOutcome>(`/api/supervision/outcomes/${enc(id)}/decide`, { method: 'POST', body: { measure, reason }, auth: true });
}
export function appealOutcome(id: string, reason: string): Promise<TOutcome> {
  return request<TOutcome>(`/api/supervision/outcomes/${enc(id)}/appeal`, { method: 'POST', body: { reason }, auth: true });
}
export function decideAppeal(id: string, body: { upheld: boolean; measure?: TMeasure; reason: string }): Promise<TOutcome> {
  return request<TOutcome>(`/api/supervision/outcomes/${enc(id)}/appeal-decision`, { method: 'POST', body, auth: true });
}
export async function pendingLapses(): Promise<TLapseReview[]> {
  return (await request<{ items: TLapseReview[] }>('/api/supervision/lapses', { auth: true })).items;
}
export function reviewLapse(id: string, decision: 'confirmed' | 'dismissed', reason?: string): Promise<TLapseReview> {
  return request<TLapseReview>(`/api/supervision/lapses/${enc(id)}/decide`, { method: 'POST', body: { decision, ...(reason ? { reason } : {}) }, auth: true });
}
export function personRecord(id: string): Promise<TPersonRecord> {
  return request<TPersonRecord>(`/api/people/${enc(id)}/record`, { auth: true });
}
