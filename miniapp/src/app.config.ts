/**
 * Main package: the three tabs and the citizen's guide pages (what an elderly user opens first stays in the
 * main package so nothing waits on a subpackage download). Subpackages:
 * - `packages/booking`: choosing a day and time, the confirmation and one booking's page. Preloaded from the
 *   item page and the 预约 tab, so on a weak network it is already there when 预约办理 is tapped.
 * - `packages/staff`: staff sign-in and the 窗口工作台 (never downloaded by citizens).
 * - `packages/delegation`: a citizen's 帮办/代办/上门服务 request, my requests and one case's progress. Preloaded from
 *   the item page like booking.
 * - `packages/agent`: 代办员's cases, one case with its steps (offline queue) and the administrator's 代办件管理.
 * - `packages/feedback`: 评价 (好差评, also by 评价卡), 我的评价 with 差评整改, 投诉建议 and its 查询码 lookup.
 * - `packages/survey`: the 群众评议 questionnaire that the short link `/s/<id>?t=<token>` opens.
 * - `packages/report`: the public 每月公开公告 (figures, CSS bar charts, the PDF); no sign-in.
 * - `packages/admin`: 中心管理 — the 办事指南 editor (edit, preview, versions, diff, publish, history), center
 *   settings with where each value comes from, 闭馆/延时 days, and the monthly report draft and final.
 * - `packages/cases`: 窗口办件 — the staff 受理 panel, my open cases and one case with its printable notices; the
 *   citizen's 我的办件 and its progress.
 * - `packages/people`: 挂牌上岗 (who serves where, public), 首问登记 for staff, the supervisors' 督查 screens and a
 *   person's record (责任追究, lapses).
 */
export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/booking/index',
    'pages/mine/index',
    'pages/items/index',
    'pages/item/index',
    'pages/checklist/index',
    'pages/login/index',
    'pages/my-checklists/index',
    'pages/settings/index',
  ],
  subPackages: [
    { root: 'packages/booking', pages: ['pages/new/index', 'pages/detail/index'] },
    { root: 'packages/staff', pages: ['pages/login/index', 'pages/workbench/index', 'pages/ratings/index', 'pages/scorecard/index', 'pages/complaints/index', 'pages/scorecards/index', 'pages/surveys/index'] },
    { root: 'packages/delegation', pages: ['pages/new/index', 'pages/case/index', 'pages/list/index'] },
    { root: 'packages/agent', pages: ['pages/cases/index', 'pages/case/index', 'pages/admin/index'] },
    { root: 'packages/feedback', pages: ['pages/rate/index', 'pages/mine/index', 'pages/complaint/index', 'pages/complaint-status/index'] },
    { root: 'packages/survey', pages: ['pages/answer/index'] },
    { root: 'packages/report', pages: ['pages/index/index'] },
    { root: 'packages/cases', pages: ['pages/accept/index', 'pages/open/index', 'pages/case/index', 'pages/mine/index', 'pages/detail/index'] },
    { root: 'packages/admin', pages: ['pages/index/index', 'pages/catalog/index', 'pages/item/index', 'pages/settings/index', 'pages/report/index'] },
    { root: 'packages/people', pages: ['pages/directory/index', 'pages/inquiries/index', 'pages/supervise/index', 'pages/record/index'] },
  ],
  preloadRule: {
    'pages/item/index': { network: 'all', packages: ['packages/booking', 'packages/delegation'] },
    'pages/booking/index': { network: 'all', packages: ['packages/booking'] },
  },
  window: {
    navigationBarTitleText: '便民服务',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f4f5f7',
    backgroundTextStyle: 'dark',
  },
  // H5 only (the browser router's slide between pages): off, so screens change at once; movement makes
  // older readers lose their place, and weak phones stutter through it. Mini-programs ignore the key.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  tabBar: {
    color: '#3a3a3a',
    selectedColor: '#0b4fa8',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '办事指南', iconPath: 'assets/tab/guide.png', selectedIconPath: 'assets/tab/guide-active.png' },
      { pagePath: 'pages/booking/index', text: '预约', iconPath: 'assets/tab/booking.png', selectedIconPath: 'assets/tab/booking-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
});
