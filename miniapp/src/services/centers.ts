import type { TCenter } from '@bianmin/shared';
import { request } from './request';

/** The whole county tree, parents first. */
export function listCenters(): Promise<TCenter[]> {
  return request<TCenter[]>('/api/centers');
}
