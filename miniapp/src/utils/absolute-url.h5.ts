/** Share links from the API may be relative to its origin, which in H5 is this page's origin. */
export function absoluteUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${window.location.origin}${url.startsWith('/') ? '' : '/'}${url}`;
}
