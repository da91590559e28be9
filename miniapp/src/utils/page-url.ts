import { miniappPath, type TMiniappRoute } from '@bianmin/shared/routes';

/**
 * The Taro URL of a page the API also links to (notifications, QR codes, share links): built from the one
 * MINIAPP_ROUTES table, so the app and the API cannot disagree on where a page lives.
 */
export function pageUrl(route: TMiniappRoute, query: Record<string, string | number | undefined> = {}): string {
  return `/${miniappPath(route, query)}`;
}
