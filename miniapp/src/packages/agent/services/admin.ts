import type { TAgent } from '@bianmin/shared';
import { request } from '../../../services/request';

/** An agent of the admin's center or a center below it (GET /api/admin/agents): the shared ZAgent. */
export type { TAgent };

export async function listAgents(centerId: string): Promise<TAgent[]> {
  const res = await request<{ items: TAgent[] }>('/api/admin/agents', { query: { centerId }, auth: true });
  return res.items;
}
