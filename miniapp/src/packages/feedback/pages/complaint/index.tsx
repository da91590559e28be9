import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { TComplaintCreate, TComplaintStatus, TStaffDirectory } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { useData } from '../../../../hooks/use-data';
import { listCenters } from '../../../../services/centers';
import { ApiError, messageOf, request } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { momentText } from '../../../../utils/china-time';
import { fileComplaint } from '../../services/feedback';
import '../../../../styles/feedback.scss';
import { ActionButton } from '../../../../components/action-button';
import { pageUrl } from '../../../../utils/page-url';
import { Choice, StaffPicker } from './staff-picker';

type TTarget = TComplaintCreate['target']['kind'];
const TARGETS: { kind: TTarget; label: string }[] = [
  { kind: 'window', label: '窗口' },
  { kind: 'item', label: '事项' },
  { kind: 'staff', label: '工作人员' },
  { kind: 'agent', label: '代办员' },
  { kind: 'center', label: '中心' },
];

/** 投诉建议: anyone, anonymous by default; the answer is a 查询码 to look the progress up with. */
export default function ComplaintPage() {
  const { user } = useSession();
  const centerList = useData('centers', listCenters);
  const centers = centerList.data ?? [];
  const [kind, setKind] = useState<'complaint' | 'suggestion'>('complaint');
  const [target, setTarget] = useState<TTarget>('window');
  const [targetText, setTargetText] = useState('');
  const [centerId, setCenterId] = useState('');
  const [content, setContent] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<TComplaintStatus | null>(null);
  // center → window → staff member from the 挂牌上岗 directory (or by 工号, or 不清楚), and a case/booking code.
  const [windowId, setWindowId] = useState('');
  const [staffId, setStaffId] = useState('');
  const [staffNo, setStaffNo] = useState('');
  const [reference, setReference] = useState('');
  const namesPeople = target === 'staff' || target === 'agent' || target === 'window';
  const directory = useData(centerId && namesPeople ? `staff:${centerId}` : null, () => request<TStaffDirectory>(`/api/centers/${encodeURIComponent(centerId)}/staff`));
  const people = (directory.data?.items ?? []).filter((p) => (target === 'agent' ? p.role === 'agent' : p.role !== 'agent') && (!windowId || p.window?.id === windowId));
  const windows = [...new Map((directory.data?.items ?? []).filter((p) => p.window).map((p) => [p.window!.id, p.window!])).values()];


  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!centerId) errs.centerId = '请选择是哪个中心';
    if (content.trim().length < 5) errs.content = '请具体写明情况（至少5个字）';
    if (!anonymous && phone.trim() && !/^1\d{10}$/.test(phone.trim())) errs.phone = '请填写11位手机号';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError('');
    const body: TComplaintCreate = {
      kind,
      anonymous,
      centerId,
      target: {
        kind: target,
        ...(staffId && staffId !== 'unknown' && target !== 'window' ? { id: staffId } : {}),
        ...(staffNo.trim() && !staffId && target !== 'window' ? { staffNo: staffNo.trim().toUpperCase() } : {}),
        ...(windowId ? { windowId } : {}),
        ...(targetText.trim() ? { text: targetText.trim() } : staffId === 'unknown' ? { text: '不清楚' } : {}),
      },
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      content: content.trim(),
      ...(!anonymous && phone.trim() ? { contact: { phone: phone.trim() } } : {}),
    };
    try {
      setFiled(await fileComplaint(body, !!user));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setErrors(Object.fromEntries(e.fields.map((f) => [f.field.split('.')[0], f.message])));
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (filed) {
    return (
      <PageShell>
        <Notice tone="success" testId="complaint-done">
          已收到您的{filed.kind === 'complaint' ? '投诉' : '建议'}。
        </Notice>
        <View className="card">
          <Text className="title block">请记下查询码</Text>
          <Text className="big-code" data-testid="complaint-code">
            {filed.code}
          </Text>
          <Text className="text block">凭这个码可以查看办理进度和答复。</Text>
          <Text className="text-2 block">答复期限：{momentText(filed.answerDue)}</Text>
        </View>
        <ActionButton tone="primary" block data-testid="go-complaint-status" onClick={() => Taro.redirectTo({ url: pageUrl('complaintStatus', { code: filed.code }) })}>
          查看办理进度
        </ActionButton>
      </PageShell>
    );
  }

  const fieldError = (k: string) => (errors[k] ? <Text className="field-error">{errors[k]}</Text> : null);

  return (
    <PageShell>
      <View className="field">
        <Text className="field-label">您要</Text>
        <View className="choice-row" {...a11y('radiogroup', { label: '投诉或建议' })}>
          <Choice on={kind === 'complaint'} text="投诉" testId="kind-complaint" onClick={() => setKind('complaint')} />
          <Choice on={kind === 'suggestion'} text="建议" testId="kind-suggestion" onClick={() => setKind('suggestion')} />
        </View>
      </View>

      <View className="field">
        <Text className="field-label">关于</Text>
        <View className="choice-row" {...a11y('radiogroup', { label: '关于' })}>
          {TARGETS.map((t) => (
            <Choice key={t.kind} on={target === t.kind} text={t.label} testId={`target-${t.kind}`} onClick={() => setTarget(t.kind)} />
          ))}
        </View>
        <Input className="input" data-testid="target-text" value={targetText} maxlength={100} placeholder="如 3号窗口、社保卡补办（可不填）" onInput={(e) => setTargetText(e.detail.value)} aria-label="具体是哪个" />
      </View>

      <View className="field">
        <Text className="field-label">哪个中心</Text>
        <View className="choice-col" {...a11y('radiogroup', { label: '哪个中心' })}>
          {centers.map((c) => (
            <Choice key={c.id} on={centerId === c.id} text={c.name} testId="center-option" onClick={() => setCenterId(c.id)} />
          ))}
        </View>
        {fieldError('centerId')}
      </View>

      {centerId && namesPeople ? (
        <StaffPicker
          target={target}
          windows={windows}
          people={people}
          windowId={windowId}
          setWindowId={setWindowId}
          staffId={staffId}
          setStaffId={setStaffId}
          staffNo={staffNo}
          setStaffNo={setStaffNo}
          reference={reference}
          setReference={setReference}
          fieldError={fieldError}
        />
      ) : null}

      <View className="field">
        <Text className="field-label">具体情况</Text>
        <Textarea className="textarea" data-testid="complaint-content" value={content} maxlength={2000} placeholder="什么时间、什么事、怎么了" onInput={(e) => setContent(e.detail.value)} aria-label="具体情况" />
        {fieldError('content')}
      </View>

      <View className="field">
        <View className={`btn choice${anonymous ? ' chosen' : ''}`} data-testid="anonymous-toggle" onClick={() => setAnonymous(!anonymous)} {...a11y('switch', { checked: anonymous, label: '匿名提交' })}>
          {anonymous ? '✓ 匿名提交（已选）' : '匿名提交（未选，点此选上）'}
        </View>
        <Text className="text-2 block" data-testid="anonymous-hint">
          {anonymous ? '匿名件不保存您的姓名、手机号等任何身份信息，请凭查询码查看答复。' : '实名提交：可留手机号，工作人员会打电话答复您。'}
        </Text>
      </View>

      {!anonymous ? (
        <View className="field">
          <Text className="field-label">手机号（可不填，用于答复）</Text>
          <Input className="input" data-testid="complaint-phone" type="number" value={phone} maxlength={11} onInput={(e) => setPhone(e.detail.value)} aria-label="手机号" />
          {fieldError('contact')}
          {fieldError('phone')}
        </View>
      ) : null}

      {error || centerList.error ? (
        <Notice tone="error" testId="complaint-error">
          {error || centerList.error}
        </Notice>
      ) : null}
      <ActionButton tone="primary" block data-testid="complaint-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        提交
      </ActionButton>
      <ActionButton block data-testid="open-complaint-status" onClick={() => Taro.navigateTo({ url: pageUrl('complaintStatus') })}>
        已提交过？凭查询码查进度
      </ActionButton>
    </PageShell>
  );
}
