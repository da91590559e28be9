import type { TChecklistSave, TSavedChecklist } from '@bianmin/shared';
import { request } from './request';

export function saveChecklist(body: TChecklistSave): Promise<TSavedChecklist> {
  return request<TSavedChecklist>('/api/checklists', { method: 'POST', body, auth: true });
}

export async function listChecklists(): Promise<TSavedChecklist[]> {
  const res = await request<{ items: TSavedChecklist[] }>('/api/checklists', { auth: true });
  return res.items;
}

export function getChecklist(id: string): Promise<TSavedChecklist> {
  return request<TSavedChecklist>(`/api/checklists/${encodeURIComponent(id)}`, { auth: true });
}

export function deleteChecklist(id: string): Promise<void> {
  return request<void>(`/api/checklists/${encodeURIComponent(id)}`, { method: 'DELETE', auth: true });
}
