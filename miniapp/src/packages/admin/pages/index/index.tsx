import { View } from '@tarojs/components';
import { MenuRow } from '../../../../components/role-areas';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useSession } from '../../../../store/session';

const AREAS = [
  { text: '办事指南（编辑、预览、发布、历史）', url: '/packages/admin/pages/catalog/index', testId: 'admin-catalog' },
  { text: '中心设置（预约规则、办公时间、闭馆与延时、时限）', url: '/packages/admin/pages/settings/index', testId: 'admin-settings' },
  { text: '月度公告（本月草稿、发布终稿）', url: '/packages/admin/pages/report/index', testId: 'admin-report' },
  { text: '考核（按人、按窗口，导出 Excel）', url: '/packages/staff/pages/scorecards/index', testId: 'admin-scorecards' },
];

/** 中心管理: every admin screen of the center, one tap away. */
export default function AdminHome() {
  const { user } = useSession();
  return (
    <PageShell>
      {user?.role !== 'admin' ? <Notice tone="error">中心管理只供中心管理员使用，请用管理员账号登录。</Notice> : null}
      <View role="navigation" aria-label="中心管理">
        {user?.role === 'admin' ? AREAS.map((a) => <MenuRow key={a.testId} area={a} />) : null}
      </View>
    </PageShell>
  );
}
