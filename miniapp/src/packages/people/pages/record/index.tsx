import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { TOutcome, TUser } from '@bianmin/shared';
import { MEASURE_LABELS, OUTCOME_STATUS_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { ActionButton } from '../../../../components/action-button';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { appealOutcome, personRecord } from '../../services/people';
import '../../../../styles/feedback.scss';

/** A person's record (责任追究 and lapses): the person, their admins and the county's supervisors. Never public. */
export default function RecordPage() {
  return (
    <PageShell>
      <RoleGate roles={['staff', 'agent', 'admin', 'supervisor']} prompt="请用工作人员账号登录后查看。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" redirect>
        {(user) => <Record user={user} />}
      </RoleGate>
    </PageShell>
  );
}

function Record({ user }: { user: TUser }) {
  const { params } = useRouter();
  const id = params.id || user.id;
  const rec = useData(`record:${id}`, () => personRecord(id));
  const r = rec.data;
  return (
    <>
      {rec.error ? <Notice tone="error">{rec.error}</Notice> : null}
      {r ? (
        <>
          <Text className="title block" data-testid="record-person">
            {r.person.name}
            {r.person.staffNo ? `（工号 ${r.person.staffNo}）` : ''} · {r.person.centerName}
          </Text>
          {r.outcomes.length === 0 ? <Notice>没有责任追究记录。</Notice> : null}
          {r.outcomes.map((o) => (
            <OutcomeRow key={o.id} o={o} onDone={() => void rec.reload()} />
          ))}
          <Text className="title block">失误记录</Text>
          {r.lapses.length === 0 ? <Notice>没有失误记录。</Notice> : null}
          {r.lapses.map((l) => (
            <View key={l.id} className="card" data-testid="record-lapse">
              <Text className="text block">{l.detail}</Text>
              <Text className="text-2 block">
                {l.date} · {{ pending: '待认定', confirmed: '已认定', dismissed: '已撤销' }[l.status]}
                {l.reason ? `（${l.reason}）` : ''}
              </Text>
            </View>
          ))}
        </>
      ) : null}
    </>
  );
}

function OutcomeRow({ o, onDone }: { o: TOutcome; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [err, setErr] = useState('');
  const final = o.appealDecision ?? o.decision;
  return (
    <View className="card" data-testid="record-outcome">
      <Text className="text block" data-testid="record-outcome-text">
        投诉 {o.complaintCode} 经核实属实 · {OUTCOME_STATUS_LABELS[o.status]}
        {final ? ` · 处理：${MEASURE_LABELS[final.measure]}` : ` · 建议：${MEASURE_LABELS[o.proposed]}`}
      </Text>
      {final ? <Text className="text-2 block">理由：{final.reason}</Text> : null}
      {o.actions.includes('appeal') ? (
        <>
          <Input className="input" data-testid="record-appeal-reason" value={reason} placeholder="申诉理由（仅可申诉一次）" onInput={(e) => setReason(e.detail.value)} aria-label="申诉理由" />
          <ActionButton
            block
            data-testid="record-appeal"
            onClick={() =>
              void appealOutcome(o.id, reason.trim())
                .then(onDone)
                .catch((e) => setErr(messageOf(e)))
            }
          >
            申诉
          </ActionButton>
        </>
      ) : null}
      {err ? <Notice tone="error">{err}</Notice> : null}
    </View>
  );
}
