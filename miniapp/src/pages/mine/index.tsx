import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Cell } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css';
import { ROLE_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../components/page-shell';
import { Notice } from '../../components/notice';
import { useSession } from '../../store/session';
import { signOut } from '../../services/auth';
import { a11y } from '../../utils/a11y';
import './index.scss';
import { ActionButton } from '../../components/action-button';

/** One line of the 我的 menu: NutUI's Cell, a whole-width tap target at least --touch high. */
function MenuRow({ text, url, testId, tab }: { text: string; url: string; testId: string; tab?: boolean }) {
  const go = () => (tab ? Taro.switchTab({ url }) : Taro.navigateTo({ url }));
  // NutUI's Cell passes no attributes on: the test id and the link role sit on a wrapper that takes the tap.
  return (
    <View className="menu-item" data-testid={testId} onClick={() => void go()} {...a11y('link', { label: text })}>
      <Cell className="menu-row" align="center" title={<Text>{text}</Text>} extra={<Text aria-hidden="true">›</Text>} />
    </View>
  );
}

/** 我的: who is signed in, my bookings and checklists, settings; staff reach their workbench from here. */
export default function Mine() {
  const { user } = useSession();
  const [signedOut, setSignedOut] = useState(false);
  const staff = user?.role === 'staff' || user?.role === 'admin';

  return (
    <PageShell>
      <View className="card">
        {user ? (
          <View data-testid="me">
            <Text className="title block">{user.name || '您好'}</Text>
            {user.phoneMasked ? <Text className="text-2 block">手机号：{user.phoneMasked}</Text> : null}
            <Text className="text-2 block">
              身份：{ROLE_LABELS[user.role]}
              {user.centerName ? ` · ${user.centerName}` : ''}
            </Text>
          </View>
        ) : (
          <View>
            <Text className="title block">还没有登录</Text>
            <Text className="text-2 block">登录后可以保存材料清单。</Text>
            <ActionButton tone="primary" block data-testid="go-login" onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
              登录
            </ActionButton>
          </View>
        )}
      </View>
      {signedOut ? <Notice tone="success">已退出登录</Notice> : null}

      {user?.role === 'agent' ? <MenuRow text="我的代办件" url="/packages/agent/pages/cases/index" testId="menu-agent-cases" /> : null}
      {user?.role === 'admin' ? <MenuRow text="代办件管理（本中心及下级）" url="/packages/agent/pages/admin/index" testId="menu-admin-cases" /> : null}
      {staff ? <MenuRow text="窗口工作台" url="/packages/staff/pages/workbench/index" testId="menu-workbench" /> : null}
      {user?.role === 'citizen' ? <MenuRow text="我的办件（窗口办理的进度、评价）" url="/packages/cases/pages/mine/index" testId="menu-my-cases" /> : null}
      {user?.role === 'citizen' ? <MenuRow text="我的代办（帮办、代办、上门服务）" url="/packages/delegation/pages/list/index" testId="menu-my-delegations" /> : null}
      {user?.role === 'citizen' ? <MenuRow text="我的评价（差评整改进度）" url="/packages/feedback/pages/mine/index" testId="menu-my-ratings" /> : null}
      <MenuRow text="我的预约" url="/pages/booking/index" testId="menu-my-bookings" tab />
      <MenuRow text="我的材料清单" url="/pages/my-checklists/index" testId="menu-my-checklists" />
      <MenuRow text="投诉建议" url="/packages/feedback/pages/complaint/index" testId="menu-complaint" />
      <MenuRow text="查询投诉建议进度" url="/packages/feedback/pages/complaint-status/index" testId="menu-complaint-status" />
      <MenuRow text="公开公告（每月服务情况）" url="/packages/report/pages/index/index" testId="menu-report" />
      <MenuRow text="设置（长辈版、字号）" url="/pages/settings/index" testId="menu-settings" />
      {!user ? <MenuRow text="工作人员登录" url="/packages/staff/pages/login/index" testId="menu-staff-login" /> : null}

      {user ? (
        <ActionButton tone="danger" block
          data-testid="logout"
          onClick={() => {
            void signOut().then(() => setSignedOut(true));
          }}
        >
          退出登录
        </ActionButton>
      ) : null}
    </PageShell>
  );
}
