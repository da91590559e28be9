import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { PageShell } from '../../components/page-shell';
import { a11y } from '../../utils/a11y';
import { LoginForm } from './login-form';
import './index.scss';

/** Back to where sign-in was asked for (e.g. saving a checklist), or to 我的. */
function done() {
  if (Taro.getCurrentPages().length > 1) Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/mine/index' }));
  else Taro.switchTab({ url: '/pages/mine/index' }).catch(() => undefined);
}

export default function Login() {
  return (
    <PageShell>
      <Text className="huge block login-title">登录</Text>
      <Text className="text-2 block login-intro">登录后可以保存材料清单，换手机也能看到。</Text>
      <LoginForm onDone={done} />
      <Text className="text-2 block login-privacy">
        我们只用您的手机号或微信身份登录和通知办事进度，不会用于其他用途。
      </Text>
      <View className="link staff-entry" data-testid="staff-login" onClick={() => Taro.redirectTo({ url: '/packages/staff/pages/login/index' })} {...a11y('link')}>
        工作人员登录
      </View>
    </PageShell>
  );
}
