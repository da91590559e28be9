import Taro from '@tarojs/taro';
import type { TErrorCode, TTokens } from '@bianmin/shared';
import { API_BASE } from './api-base';
import { clearTokens, loadTokens, saveTokens } from './tokens';

export const NETWORK_MESSAGE = '网络不好，请稍后再试';

/** Any failed call: `message` is Chinese and can be shown to the person as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The API's error code, or NETWORK when nothing came back. */
    readonly code: TErrorCode | 'NETWORK',
    /** HTTP status; 0 for a network failure. */
    readonly status: number,
    readonly fields: { field: string; message: string }[] = [],
    /** Everything else the API put in `error` (e.g. `nextSlots`, `pausedUntil`, `existingBookingId`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetwork(): boolean {
    return this.code === 'NETWORK';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: Method;
  query?: Query;
  body?: unknown;
  /** Send the Bearer token (and refresh it once if it has expired). */
  auth?: boolean;
  timeoutMs?: number;
}

const STATUS_MESSAGES: Record<number, string> = {
  400: '填写的内容有误，请检查',
  401: '请先登录',
  403: '没有权限办理这项操作',
  404: '没有找到相关内容',
  409: '内容已被更新，请刷新后再试',
  413: '内容太多，请精简后再试',
  429: '操作太频繁，请稍后再试',
  503: '现在办理的人很多，已为您重试一次仍未成功，请过一会儿再试',
};

function toQueryString(query?: Query): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

interface ErrorShape {
  error?: { code?: string; message?: string; details?: { field: string; message: string }[] } & Record<string, unknown>;
}

function toApiError(status: number, data: unknown): ApiError {
  const body = (data && typeof data === 'object' ? data : {}) as ErrorShape;
  const code = (body.error?.code ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED')) as TErrorCode;
  const fallback = STATUS_MESSAGES[status] ?? '服务暂时不可用，请稍后再试';
  return new ApiError(body.error?.message || fallback, code, status, body.error?.details ?? [], body.error ?? {});
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

async function send(path: string, opts: RequestOptions, accessToken?: string, cache: 'default' | 'reload' = 'default'): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) header['Content-Type'] = 'application/json';
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  try {
    const res = await Taro.request({
      url: `${API_BASE}${path}${toQueryString(opts.query)}`,
      method: opts.method ?? 'GET',
      data: opts.body as Record<string, unknown> | undefined,
      header,
      timeout: opts.timeoutMs ?? 15000,
      dataType: 'json',
      cache,
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch {
    throw new ApiError(NETWORK_MESSAGE, 'NETWORK', 0);
  }
}

let refreshing: Promise<TTokens | undefined> | null = null;

/** One refresh at a time: parallel calls that all hit TOKEN_EXPIRED share it (the old refresh token is spent). */
function refreshOnce(): Promise<TTokens | undefined> {
  if (!refreshing) {
    refreshing = (async () => {
      const current = loadTokens();
      if (!current) return undefined;
      const res = await send('/api/auth/refresh', { method: 'POST', body: { refreshToken: current.refreshToken } });
      if (res.statusCode !== 200) {
        clearTokens();
        return undefined;
      }
      const next = res.data as TTokens;
      saveTokens(next);
      return next;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

function errorCode(data: unknown): string | undefined {
  return (data as ErrorShape | undefined)?.error?.code;
}

/**
 * The one way the app talks to the API: base URL, Bearer token, a single refresh-and-retry on
 * TOKEN_EXPIRED, and every failure turned into an ApiError with a message a person can read.
 */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const tokens = opts.auth ? loadTokens() : undefined;
  if (opts.auth && !tokens) throw new ApiError('请先登录', 'UNAUTHENTICATED', 401);
  let res = await send(path, opts, tokens?.accessToken);
  // 503 BUSY (a booking burst): wait as the API asks (Retry-After, at most 5 s) and try once more.
  if (res.statusCode === 503 && errorCode(res.data) === 'BUSY') {
    const wait = Number((res.data as ErrorShape).error?.retryAfter ?? 2);
    await new Promise((r) => setTimeout(r, Math.min(5, Math.max(1, wait)) * 1000));
    res = await send(path, opts, tokens?.accessToken);
  }
  if (opts.auth && res.statusCode === 401 && errorCode(res.data) === 'TOKEN_EXPIRED') {
    const fresh = await refreshOnce();
    if (!fresh) throw new ApiError('登录已过期，请重新登录', 'UNAUTHENTICATED', 401);
    res = await send(path, opts, fresh.accessToken);
  }
  if (opts.auth && res.statusCode === 401) clearTokens();
  // A 2xx whose JSON body could not be read (Taro hands it over as null): a body cut off by a page reload can sit in
  // the browser's HTTP cache and come back on every 304. Ask once more past the cache; never hand null to a screen.
  if (res.statusCode >= 200 && res.statusCode < 300 && res.statusCode !== 204 && res.data == null) {
    res = await send(path, opts, tokens?.accessToken, 'reload');
    if (res.statusCode >= 200 && res.statusCode < 300 && res.data == null) throw new ApiError(NETWORK_MESSAGE, 'NETWORK', 0);
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return (res.statusCode === 204 ? undefined : res.data) as T;
  throw toApiError(res.statusCode, res.data);
}

/** The message to show for anything a call threw. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '出了点问题，请稍后再试';
}
