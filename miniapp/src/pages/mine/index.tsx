import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../components/page-shell';
import { Notice } from '../../components/notice';
import { useSession } from '../../store/session';
import { signOut } from '../../services/auth';
import { MenuRow, RoleAreas } from '../../components/role-areas';
import './index.scss';
import { ActionButton } from '../../components/action-button';

/** A 我的 menu line to a page (the shared menu row of components/role-areas). */
function Row({ text, url, testId, tab }: { text: string; url: string; testId: string; tab?: boolean }) {
  return <MenuRow area={{ text, url, testId, tab }} />;
}

/** 我的: who is signed in, my bookings and checklists, settings; staff reach their workbench from here. */
export default function Mine() {
  const { user } = useSession();
  const [signedOut, setSignedOut] = useState(false);

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

      {user && user.role !== 'citizen' ? <RoleAreas role={user.role} /> : null}
      {user?.role === 'citizen' ? <Row text="我的办件（窗口办理的进度、评价）" url="/packages/cases/pages/mine/index" testId="menu-my-cases" /> : null}
      {user?.role === 'citizen' ? <Row text="我的代办（帮办、代办、上门服务）" url="/packages/delegation/pages/list/index" testId="menu-my-delegations" /> : null}
      {user?.role === 'citizen' ? <Row text="我的评价（差评整改进度）" url="/packages/feedback/pages/mine/index" testId="menu-my-ratings" /> : null}
      <Row text="我的预约" url="/pages/booking/index" testId="menu-my-bookings" tab />
      <Row text="我的材料清单" url="/pages/my-checklists/index" testId="menu-my-checklists" />
      <Row text="投诉建议" url="/packages/feedback/pages/complaint/index" testId="menu-complaint" />
      <Row text="查询投诉建议进度" url="/packages/feedback/pages/complaint-status/index" testId="menu-complaint-status" />
      <Row text="公开公告（每月服务情况）" url="/packages/report/pages/index/index" testId="menu-report" />
      <Row text="挂牌上岗（各窗口工作人员公示）" url="/packages/people/pages/directory/index" testId="menu-directory" />
      <Row text="设置（长辈版、字号）" url="/pages/settings/index" testId="menu-settings" />
      {!user ? <Row text="工作人员登录" url="/packages/staff/pages/login/index" testId="menu-staff-login" /> : null}

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
