import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { ActionButton } from '../../../components/action-button';
import { Notice, type NoticeTone } from '../../../components/notice';
import { useData } from '../../../hooks/use-data';
import { messageOf } from '../../../services/request';
import { decideLapse, listPendingLapses, type TPendingCaseLapse } from '../services/admin';

/**
 * 失误确认 (county admin where the county has no supervisor): each pending 代办 lapse with its case, 确认 (it then
 * counts) or 驳回 with a reason. Other admins see the list read-only; the supervisor decides on their own screen.
 */
export function LapseReview() {
  const list = useData('agent-admin-lapses', listPendingLapses);
  const data = list.data;
  if (!data) return list.error ? <Notice tone="error">{list.error}</Notice> : <Notice>正在查询…</Notice>;
  return (
    <View data-testid="lapse-review">
      {!data.mayDecide ? <Notice>失误由督查人员确认；本县未设督查人员时由县中心管理员确认。</Notice> : null}
      {data.items.length === 0 ? <Notice>没有待确认的失误。</Notice> : null}
      {data.items.map((l) => (
        <LapseCard key={l.id} l={l} mayDecide={data.mayDecide} onDone={() => void list.reload()} />
      ))}
    </View>
  );
}

function LapseCard({ l, mayDecide, onDone }: { l: TPendingCaseLapse; mayDecide: boolean; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState('');
  const [msg, setMsg] = useState<{ tone: NoticeTone; text: string } | null>(null);

  const decide = async (decision: 'confirm' | 'dismiss') => {
    if (decision === 'dismiss' && reason.trim().length < 2) return setMsg({ tone: 'error', text: '驳回须写明理由（至少2个字）' });
    setBusy(decision);
    setMsg(null);
    try {
      await decideLapse(l.caseId, l.id, decision, reason.trim());
      onDone();
    } catch (e) {
      setMsg({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="card" data-testid="admin-lapse" data-id={l.id}>
      <Text className="text strong block">{l.detail}</Text>
      <Text className="text-2 block">
        {l.itemName} · 编号 {l.caseCode} · {l.date}
      </Text>
      {mayDecide ? (
        <>
          <View className="field">
            <Text className="field-label">驳回理由（驳回时必填）</Text>
            <Input className="input" data-testid="lapse-reason" value={reason} maxlength={300} placeholder="如 群众外出，约定推迟" onInput={(e) => setReason(e.detail.value)} aria-label="驳回理由" />
          </View>
          <View className="btn-row">
            <ActionButton tone="danger" data-testid="lapse-confirm" loading={busy === 'confirm'} disabled={!!busy} onClick={() => void decide('confirm')}>
              确认
            </ActionButton>
            <ActionButton data-testid="lapse-dismiss" loading={busy === 'dismiss'} disabled={!!busy} onClick={() => void decide('dismiss')}>
              驳回
            </ActionButton>
          </View>
        </>
      ) : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
    </View>
  );
}
