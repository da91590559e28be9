import type { TCaseStep, TDelegationCase, TDelegationCreate, TLedgerEntry, TStepAnswer } from '@bianmin/shared';
import { request } from './request';

/** 帮办代办 calls shared by the citizen's and the agent's screens (only types come from the zod schemas). */

export function createDelegation(body: TDelegationCreate): Promise<TDelegationCase> {
  return request<TDelegationCase>('/api/delegations', { method: 'POST', body, auth: true });
}

export async function listDelegations(query: { due?: 'soon' | 'overdue'; state?: string } = {}): Promise<TDelegationCase[]> {
  const res = await request<{ items: TDelegationCase[] }>('/api/delegations', { query, auth: true });
  return res.items;
}

export function getDelegation(id: string): Promise<TDelegationCase> {
  return request<TDelegationCase>(`/api/delegations/${encodeURIComponent(id)}`, { auth: true });
}

export async function getLedger(id: string): Promise<TLedgerEntry[]> {
  const res = await request<{ items: TLedgerEntry[] }>(`/api/delegations/${encodeURIComponent(id)}/ledger`, { auth: true });
  return res.items;
}

export type { TStepAnswer };

/** One step on a case; a resent step with the same clientKey answers 200 `{replay: true}`. */
export function postStep(id: string, step: TCaseStep): Promise<TStepAnswer> {
  return request<TStepAnswer>(`/api/delegations/${encodeURIComponent(id)}/steps`, { method: 'POST', body: step, auth: true });
}
