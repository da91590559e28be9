/**
 * Every mini-app page the API links to (notifications, QR codes, share links, redirects). The API builds deep links
 * only through `miniappPath()`, and a test checks that each page named here is declared in
 * miniapp/src/app.config.ts, so a link can never point at a page that does not exist.
 */
export const MINIAPP_ROUTES = {
  item: 'pages/item/index',
  checklist: 'pages/checklist/index',
  bookingDetail: 'packages/booking/pages/detail/index',
  delegationCase: 'packages/delegation/pages/case/index',
  agentCase: 'packages/agent/pages/case/index',
  rate: 'packages/feedback/pages/rate/index',
  myRatings: 'packages/feedback/pages/mine/index',
  complaintStatus: 'packages/feedback/pages/complaint-status/index',
  surveyAnswer: 'packages/survey/pages/answer/index',
  report: 'packages/report/pages/index/index',
  staffDirectory: 'packages/people/pages/directory/index',
  personRecord: 'packages/people/pages/record/index',
} as const;
export type TMiniappRoute = keyof typeof MINIAPP_ROUTES;

/** A page path with its query ("packages/booking/pages/detail/index?id=…"), for WeChat `page` fields. */
export function miniappPath(route: TMiniappRoute, query: Record<string, string | number | undefined> = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${MINIAPP_ROUTES[route]}${q ? `?${q}` : ''}`;
}

/** The same page in the H5 app (hash router): "/#/packages/…?…". */
export function h5Path(route: TMiniappRoute, query: Record<string, string | number | undefined> = {}): string {
  return `/#/${miniappPath(route, query)}`;
}
