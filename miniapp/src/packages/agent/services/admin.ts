import type { TAgent, TCaseLapse, TPendingCaseLapse, TPendingCaseLapseList } from '@bianmin/shared';
import { request } from '../../../services/request';

/** An agent of the admin's center or a center below it (GET /api/admin/agents): the shared ZAgent. */
export type { TAgent, TPendingCaseLapse };

/** Agents of the center and below (`subtree`), or of its whole county (`county`: whom an admin may reassign to). */
export async function listAgents(centerId: string, scope: 'subtree' | 'county' = 'subtree'): Promise<TAgent[]> {
  const res = await request<{ items: TAgent[] }>('/api/admin/agents', { query: { centerId, scope }, auth: true });
  return res.items;
}

/** Pending 代办 lapses over the admin's centers; `mayDecide` for the county admin where no supervisor is set. */
export function listPendingLapses(): Promise<TPendingCaseLapseList> {
  return request<TPendingCaseLapseList>('/api/admin/delegations/lapses', { auth: true });
}

/** 确认 a pending lapse (it then counts), or 驳回 it with a reason. */
export function decideLapse(caseId: string, lapseId: string, decision: 'confirm' | 'dismiss', reason = ''): Promise<TCaseLapse> {
  return request<TCaseLapse>(`/api/delegations/${encodeURIComponent(caseId)}/lapses/decide`, { method: 'POST', body: { lapseId, decision, reason }, auth: true });
}
