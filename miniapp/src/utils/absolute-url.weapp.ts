import { API_BASE } from '../services/api-base';

/** Share links from the API may be relative to the API's origin. */
export function absoluteUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${API_BASE}${url.startsWith('/') ? '' : '/'}${url}`;
}
