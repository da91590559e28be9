import assert from 'node:assert/strict';
import { chinaDate, type TCenter, type TServiceItemSummary, type TSlotsAnswer } from '@bianmin/shared';
import type { ApiClient } from './harness';

/** The demo town the booking and feedback flows use. */
export const TOWN = '城关镇便民服务中心';

export async function townCenter(api: ApiClient): Promise<TCenter> {
  const centers = await api.json<TCenter[]>('GET', '/api/centers');
  const town = centers.find((c) => c.name === TOWN);
  assert.ok(town, `demo data has ${TOWN}`);
  return town;
}

/** The first item of the town center that can be booked online. */
export async function townItem(api: ApiClient, centerId: string): Promise<TServiceItemSummary> {
  const list = await api.json<{ items: TServiceItemSummary[] }>('GET', `/api/service-items?centerId=${centerId}&size=20`);
  for (const item of list.items) {
    const answer = await api.json<TSlotsAnswer>('GET', `/api/booking/slots?itemId=${item.id}&date=${chinaDate(new Date())}`);
    if (answer.window) return item;
  }
  throw new Error(`no bookable item at ${TOWN}`);
}
