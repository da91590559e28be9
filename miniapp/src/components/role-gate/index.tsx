import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TUser } from '@bianmin/shared';
import type { TRole } from '@bianmin/shared/constants';
import { useSession } from '../../store/session';
import { ActionButton } from '../action-button';

interface RoleGateProps {
  /** Who may see the children. */
  roles: readonly TRole[];
  /** The sentence shown to anyone else, above the sign-in button. */
  prompt: string;
  /** Where the sign-in button leads: citizens sign in on /pages/login, staff and agents on the staff login. */
  loginUrl?: string;
  loginText?: string;
  loginTestId?: string;
  /** Replace this page with the login page (staff screens) instead of stacking it. */
  redirect?: boolean;
  testId?: string;
  /** Receives the signed-in user, already known to hold one of `roles`; its hooks run only for them. */
  children: (user: TUser) => ReactNode;
}

/**
 * Renders its children only for the given roles, else a card that says why and offers to sign in. The API
 * refuses the same people; this spares them a screen of errors, and the screen's own hooks see a user.
 */
export function RoleGate({ roles, prompt, loginUrl = '/pages/login/index', loginText = '登录', loginTestId = 'gate-login', redirect = false, testId = 'role-gate', children }: RoleGateProps) {
  const { user } = useSession();
  if (user && roles.includes(user.role)) return <>{children(user)}</>;
  const go = () => (redirect ? Taro.redirectTo({ url: loginUrl }) : Taro.navigateTo({ url: loginUrl }));
  return (
    <View className="card" data-testid={testId}>
      <Text className="text block">{prompt}</Text>
      <ActionButton tone="primary" block data-testid={loginTestId} onClick={() => void go()}>
        {loginText}
      </ActionButton>
    </View>
  );
}

/** Staff screens: staff and center administrators. */
export const STAFF_ROLES: readonly TRole[] = ['staff', 'admin'];
