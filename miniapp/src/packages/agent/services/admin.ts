import type { TAgent } from '@bianmin/shared';
import { request } from '../../../services/request';

/** An agent of the admin's center or a center below it (GET /api/admin/agents): the shared ZAgent. */
export type { TAgent };

/** Agents of the center and below (`subtree`), or of its whole county (`county`: whom an admin may reassign to). */
export async function listAgents(centerId: string, scope: 'subtree' | 'county' = 'subtree'): Promise<TAgent[]> {
  const res = await request<{ items: TAgent[] }>('/api/admin/agents', { query: { centerId, scope }, auth: true });
  return res.items;
}
