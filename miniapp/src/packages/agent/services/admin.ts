import { request } from '../../../services/request';

/** An agent of the admin's center or a center below it (GET /api/admin/agents). */
export interface TAgent {
  id: string;
  name: string;
  centerId: string;
  centerName: string;
}

export async function listAgents(centerId: string): Promise<TAgent[]> {
  const res = await request<{ items: TAgent[] }>('/api/admin/agents', { query: { centerId }, auth: true });
  return res.items;
}
