import { useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { sendSmsCode, signInWithSms } from '../../services/auth';
import { messageOf } from '../../services/request';
import { Notice } from '../../components/notice';
import { ActionButton } from '../../components/action-button';

const PHONE = /^1[3-9]\d{9}$/;

/** Browser sign-in: phone number and an SMS code. */
export function LoginForm({ onDone }: { onDone: () => void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [devCode, setDevCode] = useState('');
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState(false);

  useEffect(() => {
    if (wait <= 0) return undefined;
    const t = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);

  const send = async () => {
    setError('');
    if (!PHONE.test(phone)) {
      setError('请输入11位手机号');
      return;
    }
    try {
      const r = await sendSmsCode(phone);
      setSent(true);
      setWait(r.retryAfter || 60);
      setDevCode(r.devCode ?? '');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const submit = async () => {
    setError('');
    if (!PHONE.test(phone)) {
      setError('请输入11位手机号');
      return;
    }
    if (!/^\d{6}$/.test(code)) {
      setError('请输入6位验证码');
      return;
    }
    setBusy(true);
    try {
      await signInWithSms(phone, code);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <View className="field">
        <Text className="field-label">手机号</Text>
        <Input
          className="input"
          data-testid="phone-input"
          type="number"
          maxlength={11}
          value={phone}
          placeholder="请输入手机号"
          onInput={(e) => setPhone(e.detail.value.trim())}
          aria-label="手机号"
        />
      </View>
      <View className="field">
        <Text className="field-label">验证码</Text>
        <View className="code-row">
          <Input
            className="input"
            data-testid="code-input"
            type="number"
            maxlength={6}
            value={code}
            placeholder="6位数字"
            onInput={(e) => setCode(e.detail.value.trim())}
            aria-label="验证码"
          />
          <ActionButton data-testid="send-code" disabled={wait > 0} onClick={() => void send()}>
            {wait > 0 ? `${wait}秒后重发` : sent ? '重新获取' : '获取验证码'}
          </ActionButton>
        </View>
      </View>
      {sent && !devCode ? <Notice tone="info">验证码已发到您的手机，请查看短信</Notice> : null}
      {devCode ? (
        <Notice tone="info" testId="dev-code">
          开发环境验证码：{devCode}
        </Notice>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ActionButton tone="primary" block data-testid="login-submit" loading={busy} onClick={() => void submit()}>
        登录
      </ActionButton>
    </View>
  );
}
