import { useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { TInquiry, TUser } from '@bianmin/shared';
import { INQUIRY_OUTCOME_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { ActionButton } from '../../../../components/action-button';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { ApiError, messageOf } from '../../../../services/request';
import { closeInquiry, inquiries, recordInquiry } from '../../services/people';
import '../../../../styles/feedback.scss';

/** 首问登记: record a question (answered on the spot, or referred with a follow-up due); the holder closes it. */
export default function InquiriesPage() {
  return (
    <PageShell>
      <RoleGate roles={['staff', 'agent', 'admin']} prompt="首问登记只供工作人员使用，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" redirect>
        {(user) => <Register user={user} />}
      </RoleGate>
    </PageShell>
  );
}

function Register({ user }: { user: TUser }) {
  const [status, setStatus] = useState<'open' | 'overdue' | 'all'>('open');
  const list = useData(`inquiries:${status}`, () => inquiries(status));
  const [question, setQuestion] = useState('');
  const [phone, setPhone] = useState('');
  const [referred, setReferred] = useState(false);
  const [to, setTo] = useState('');
  const [receiver, setReceiver] = useState('');
  const [msg, setMsg] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = async () => {
    setMsg('');
    try {
      await recordInquiry({
        question: question.trim(),
        channel: 'window',
        outcome: referred ? 'referred' : 'answered',
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(referred ? { referral: { to: to.trim(), receiver: receiver.trim() } } : {}),
      });
      setQuestion('');
      setPhone('');
      setErrors({});
      setMsg('已登记');
      await list.reload();
    } catch (e) {
      if (e instanceof ApiError) setErrors(Object.fromEntries(e.fields.map((f) => [f.field.split('.')[0], f.message])));
      setMsg(messageOf(e));
    }
  };

  return (
    <>
      <View className="card">
        <Text className="title block">登记首问</Text>
        <Textarea className="textarea" data-testid="inquiry-question" value={question} maxlength={500} placeholder="群众咨询的问题" onInput={(e) => setQuestion(e.detail.value)} aria-label="咨询的问题" />
        {errors.question ? <Text className="field-error">{errors.question}</Text> : null}
        <Input className="input" data-testid="inquiry-phone" type="number" value={phone} maxlength={11} placeholder="联系电话（可不填）" onInput={(e) => setPhone(e.detail.value)} aria-label="联系电话" />
        <View className="choice-row">
          <View className={`btn choice${!referred ? ' chosen' : ''}`} data-testid="inquiry-answered" onClick={() => setReferred(false)}>
            当场答复
          </View>
          <View className={`btn choice${referred ? ' chosen' : ''}`} data-testid="inquiry-referred" onClick={() => setReferred(true)}>
            转交办理
          </View>
        </View>
        {referred ? (
          <>
            <Input className="input" data-testid="inquiry-to" value={to} maxlength={50} placeholder="转交的窗口或部门" onInput={(e) => setTo(e.detail.value)} aria-label="转交的窗口或部门" />
            <Input className="input" data-testid="inquiry-receiver" value={receiver} maxlength={30} placeholder="接收人" onInput={(e) => setReceiver(e.detail.value)} aria-label="接收人" />
            {errors.referral ? <Text className="field-error">{errors.referral}</Text> : null}
          </>
        ) : null}
        <ActionButton tone="primary" block data-testid="inquiry-submit" onClick={() => void submit()}>
          登记
        </ActionButton>
        {msg ? <Notice testId="inquiry-msg">{msg}</Notice> : null}
      </View>
      <View className="choice-row">
        {(['open', 'overdue', 'all'] as const).map((s) => (
          <View key={s} className={`btn choice${status === s ? ' chosen' : ''}`} data-testid={`inquiry-filter-${s}`} onClick={() => setStatus(s)}>
            {{ open: '办理中', overdue: '已超期', all: '全部' }[s]}
          </View>
        ))}
      </View>
      {list.error ? <Notice tone="error">{list.error}</Notice> : null}
      {list.data?.length === 0 ? <Notice>没有记录。</Notice> : null}
      {(list.data ?? []).map((i) => (
        <InquiryCard key={i.id} i={i} mine={i.holderId === user.id} onClosed={() => void list.reload()} />
      ))}
    </>
  );
}

function InquiryCard({ i, onClosed }: { i: TInquiry; mine: boolean; onClosed: () => void }) {
  const [note, setNote] = useState('');
  const [err, setErr] = useState('');
  return (
    <View className="card" data-testid="inquiry-card">
      <Text className="text block">{i.question}</Text>
      <Text className="text-2 block">
        {INQUIRY_OUTCOME_LABELS[i.outcome]} · 首问责任人 {i.holderName}
        {i.referral ? ` · 转 ${i.referral.to}（${i.referral.receiver}）` : ''}
        {i.followUpDue ? ` · 回复期限 ${i.followUpDue}` : ''}
        {i.overdue ? ' · 已超期' : ''}
        {i.status === 'closed' ? ' · 已办结' : ''}
      </Text>
      {i.actions.includes('close') ? (
        <>
          <Input className="input" data-testid="inquiry-close-note" value={note} placeholder="答复情况" onInput={(e) => setNote(e.detail.value)} aria-label="答复情况" />
          <ActionButton
            block
            data-testid="inquiry-close"
            onClick={() =>
              void closeInquiry(i.id, note.trim())
                .then(onClosed)
                .catch((e) => setErr(messageOf(e)))
            }
          >
            群众已得到答复，办结
          </ActionButton>
          {err ? <Notice tone="error">{err}</Notice> : null}
        </>
      ) : null}
    </View>
  );
}
