import type { TCheckResponse, TChecklistCheck, TPage, TServiceItem, TServiceItemListQuery, TServiceItemSummary } from '@bianmin/shared';
import { request } from './request';
import { readStored, STORAGE_KEYS, writeStored } from './storage';

/** A page of the catalog search: the shared ZServiceItemPage. */
export type TItemPage = TPage<TServiceItemSummary>;

/** A result that may come from the phone's cache because the network failed. */
export interface Cached<T> {
  data: T;
  /** Shown from the cache: the network failed. */
  offline: boolean;
  savedAt?: number;
}

export type TItemQuery = Partial<Pick<TServiceItemListQuery, 'q' | 'category' | 'centerId' | 'caseType' | 'page' | 'size'>>;

interface StoredList {
  key: string;
  page: TItemPage;
  savedAt: number;
}

const ITEM_CACHE_MAX = 12;

function listKey(q: TItemQuery): string {
  return JSON.stringify([q.q ?? '', q.category ?? '', q.centerId ?? '', q.caseType ?? '', q.page ?? 1, q.size ?? 20]);
}

/** Search the catalog (Chinese, pinyin or initials). The last list is kept for weak networks. */
export async function searchItems(q: TItemQuery): Promise<Cached<TItemPage>> {
  const key = listKey(q);
  try {
    const page = await request<TItemPage>('/api/service-items', { query: { ...q } });
    writeStored(STORAGE_KEYS.lastList, { key, page, savedAt: Date.now() } satisfies StoredList);
    return { data: page, offline: false };
  } catch (e) {
    const last = readStored<StoredList>(STORAGE_KEYS.lastList);
    if (last && last.key === key && isNetwork(e)) return { data: last.page, offline: true, savedAt: last.savedAt };
    throw e;
  }
}

interface StoredItem {
  item: TServiceItem;
  savedAt: number;
}

/** The saved copies; anything unreadable (an older app's entry, a cut-off answer) is skipped, never shown. */
function readItemCache(): StoredItem[] {
  const stored = readStored<unknown>(STORAGE_KEYS.itemCache);
  if (!Array.isArray(stored)) return [];
  return stored.filter((c): c is StoredItem => typeof (c as StoredItem | null)?.item?.id === 'string');
}

/** The item from the cache only (instant first paint, and offline use). */
export function cachedItem(id: string): StoredItem | undefined {
  return readItemCache().find((c) => c.item.id === id);
}

/** A published 办事指南; the last few read are kept on the phone so they open without a signal. */
export async function getItem(id: string): Promise<Cached<TServiceItem>> {
  try {
    const item = await request<TServiceItem>(`/api/service-items/${encodeURIComponent(id)}`);
    const rest = readItemCache().filter((c) => c.item.id !== id);
    writeStored(STORAGE_KEYS.itemCache, [{ item, savedAt: Date.now() }, ...rest].slice(0, ITEM_CACHE_MAX));
    return { data: item, offline: false };
  } catch (e) {
    const hit = cachedItem(id);
    if (hit && isNetwork(e)) return { data: hit.item, offline: true, savedAt: hit.savedAt };
    throw e;
  }
}

/** The server's 一次性告知 check; its answer carries the share link of the printable notice. */
export function checkItem(id: string, body: TChecklistCheck): Promise<TCheckResponse> {
  return request<TCheckResponse>(`/api/service-items/${encodeURIComponent(id)}/check`, { method: 'POST', body });
}

function isNetwork(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'NETWORK';
}
