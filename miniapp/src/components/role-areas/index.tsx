import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Cell } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import type { TRole } from '@bianmin/shared/constants';
import { a11y } from '../../utils/a11y';
import './index.scss';

/** One area of the app a role may use. */
interface Area {
  text: string;
  url: string;
  testId: string;
  /** A tab page (opened with switchTab). */
  tab?: boolean;
}

const WINDOW_WORK: Area[] = [
  { text: '窗口工作台（叫号、签到、今日预约）', url: '/packages/staff/pages/workbench/index', testId: 'menu-workbench' },
  { text: '受理（窗口办件）', url: '/packages/cases/pages/accept/index', testId: 'menu-accept' },
  { text: '我的在办件', url: '/packages/cases/pages/open/index', testId: 'menu-open-cases' },
  { text: '差评跟进', url: '/packages/staff/pages/ratings/index', testId: 'menu-ratings' },
  { text: '我的考核', url: '/packages/staff/pages/scorecard/index', testId: 'menu-scorecard' },
  { text: '首问登记', url: '/packages/people/pages/inquiries/index', testId: 'menu-inquiries' },
  { text: '我的记录（失误、责任追究、申诉）', url: '/packages/people/pages/record/index', testId: 'menu-my-record' },
];

/** 督查 (纪检监察, county): complaints to verify, lapses to confirm or dismiss, measures and appeals to decide. */
const SUPERVISION: Area[] = [
  { text: '投诉核实', url: '/packages/people/pages/supervise/index?tab=complaints', testId: 'menu-sup-complaints' },
  { text: '失误认定（5个工作日内认定或撤销）', url: '/packages/people/pages/supervise/index?tab=lapses', testId: 'menu-sup-lapses' },
  { text: '责任追究与申诉复核', url: '/packages/people/pages/supervise/index?tab=outcomes', testId: 'menu-sup-outcomes' },
];

const MANAGEMENT: Area[] = [
  { text: '中心管理（办事指南、中心设置、月度公告）', url: '/packages/admin/pages/index/index', testId: 'menu-admin-center' },
  { text: '代办件管理（本中心及下级）', url: '/packages/agent/pages/admin/index', testId: 'menu-admin-cases' },
  { text: '投诉建议处理', url: '/packages/staff/pages/complaints/index', testId: 'menu-complaints' },
  { text: '考核（按人、按窗口）', url: '/packages/staff/pages/scorecards/index', testId: 'menu-scorecards' },
  { text: '群众评议问卷', url: '/packages/staff/pages/surveys/index', testId: 'menu-surveys' },
];

/** Every area each working role may use: the 我的 page and the workbench show the same list. */
export const ROLE_AREAS: Partial<Record<TRole, Area[]>> = {
  staff: WINDOW_WORK,
  admin: [...WINDOW_WORK, ...MANAGEMENT],
  agent: [
    { text: '我的代办件', url: '/packages/agent/pages/cases/index', testId: 'menu-agent-cases' },
    { text: '我的记录（失误、责任追究、申诉）', url: '/packages/people/pages/record/index', testId: 'menu-my-record' },
  ],
  supervisor: SUPERVISION,
};

/** 我的: the tab every signed-in person returns to (代办件管理, 设置 and signing out live there). */
export const MINE_AREA: Area = { text: '我的（设置、退出登录）', url: '/pages/mine/index', testId: 'menu-mine', tab: true };

function go(area: Area): void {
  void (area.tab ? Taro.switchTab({ url: area.url }) : Taro.navigateTo({ url: area.url }));
}

/** One line of a menu: NutUI's Cell, a whole-width tap target at least --touch high. */
export function MenuRow({ area }: { area: Area }) {
  // NutUI's Cell passes no attributes on: the test id and the link role sit on a wrapper that takes the tap.
  return (
    <View className="menu-item" data-testid={area.testId} onClick={() => go(area)} {...a11y('link', { label: area.text, focusable: true })}>
      <Cell className="menu-row" align="center" title={<Text>{area.text}</Text>} extra={<Text aria-hidden="true">›</Text>} />
    </View>
  );
}

/**
 * The areas of a role, as a titled list of links. `except` leaves out the page it is shown on; `withMine` adds the
 * way back to 我的 (on the workbench and the agent's list, which staff reach by a redirect after signing in).
 */
export function RoleAreas({ role, except, withMine = false, title = '我的工作' }: { role: TRole; except?: string; withMine?: boolean; title?: string }) {
  const areas = (ROLE_AREAS[role] ?? []).filter((a) => a.url !== except);
  if (!areas.length && !withMine) return null;
  return (
    <View className="role-areas" data-testid="role-areas" role="navigation" aria-label={title}>
      <Text className="section-title">{title}</Text>
      {areas.map((a) => (
        <MenuRow key={a.testId} area={a} />
      ))}
      {withMine ? <MenuRow area={MINE_AREA} /> : null}
    </View>
  );
}
