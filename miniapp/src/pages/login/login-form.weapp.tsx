import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { signInWithWechatCode } from '../../services/auth';
import { messageOf } from '../../services/request';
import { Notice } from '../../components/notice';
import { ActionButton } from '../../components/action-button';

/** Mini-program sign-in: the WeChat identity, one tap. */
export function LoginForm({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const signIn = async () => {
    setError('');
    setBusy(true);
    try {
      const { code } = await Taro.login();
      await signInWithWechatCode(code);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ActionButton tone="primary" block data-testid="wechat-login" loading={busy} onClick={() => void signIn()}>
        微信一键登录
      </ActionButton>
    </View>
  );
}
