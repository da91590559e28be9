import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TUser } from '@bianmin/shared';
import { useSession } from '../../store/session';
import { ActionButton } from '../action-button';

type TRole = TUser['role'];

interface RoleGateProps {
  /** Who may see the children. */
  roles: readonly TRole[];
  /** The sentence shown to anyone else, above the sign-in button. */
  prompt: string;
  /** Where the sign-in button leads (staff and agents sign in on their own page). */
  loginUrl?: string;
  testId?: string;
  /** Receives the signed-in user, already known to hold one of `roles`. */
  children: (user: TUser) => ReactNode;
}

/**
 * Renders its children only for the given roles, else a card that says why and offers to sign in. The API
 * refuses the same people; this only spares them a screen of errors.
 */
export function RoleGate({ roles, prompt, loginUrl = '/pages/login/index', testId = 'need-login', children }: RoleGateProps) {
  const { user } = useSession();
  if (user && roles.includes(user.role)) return <>{children(user)}</>;
  return (
    <View className="card" data-testid={testId}>
      <Text className="text block">{prompt}</Text>
      <ActionButton tone="primary" block data-testid="gate-login" onClick={() => Taro.navigateTo({ url: loginUrl })}>
        登录
      </ActionButton>
    </View>
  );
}
