import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { signInWithPassword } from '../../../../services/auth';
import { messageOf } from '../../../../services/request';
import { ActionButton } from '../../../../components/action-button';

/** 工作人员登录: the account and password the center gave (staff, administrators, agents). */
export default function StaffLogin() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [info, setInfo] = useState('');

  const submit = async () => {
    setError('');
    setInfo('');
    if (!username.trim() || !password) {
      setError('请输入账号和密码');
      return;
    }
    setBusy(true);
    try {
      const user = await signInWithPassword(username.trim(), password);
      if (user.role === 'staff' || user.role === 'admin') {
        await Taro.redirectTo({ url: '/packages/staff/pages/workbench/index' });
      } else if (user.role === 'agent') {
        await Taro.redirectTo({ url: '/packages/agent/pages/cases/index' });
      } else {
        setInfo('已登录。群众请在“我的”页面查看预约和代办。');
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell>
      <Text className="huge block">工作人员登录</Text>
      <Text className="text-2 block staff-login-intro">窗口工作人员、管理员、代办员使用中心分配的账号登录。群众请用手机号登录。</Text>
      <View className="field">
        <Text className="field-label">账号</Text>
        <Input className="input" data-testid="staff-username" value={username} maxlength={64} placeholder="如 town1-staff" onInput={(e) => setUsername(e.detail.value)} aria-label="账号" />
      </View>
      <View className="field">
        <Text className="field-label">密码</Text>
        <Input className="input" data-testid="staff-password" password value={password} maxlength={128} placeholder="密码" onInput={(e) => setPassword(e.detail.value)} onConfirm={() => void submit()} aria-label="密码" />
      </View>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {info ? <Notice tone="success">{info}</Notice> : null}
      <ActionButton tone="primary" block data-testid="staff-login-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        登录
      </ActionButton>
      <ActionButton block data-testid="citizen-login" onClick={() => Taro.redirectTo({ url: '/pages/login/index' })}>
        我是群众，用手机号登录
      </ActionButton>
    </PageShell>
  );
}
