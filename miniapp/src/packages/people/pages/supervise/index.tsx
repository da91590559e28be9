import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { TLapseReview, TOutcome, TStaffComplaint } from '@bianmin/shared';
import { MEASURES, MEASURE_LABELS, OUTCOME_STATUS_LABELS, type TMeasure } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { ActionButton } from '../../../../components/action-button';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { countyComplaints, decideAppeal, decideOutcome, outcomes, pendingLapses, reviewLapse, verifyComplaint } from '../../services/people';
import { slotDate } from '../../../../utils/china-time';
import '../../../../styles/feedback.scss';

/** 督查 (supervisor, county): verify complaints, decide measures and appeals, confirm or dismiss lapses. */
export default function SupervisePage() {
  return (
    <PageShell>
      <RoleGate roles={['supervisor']} prompt="这个页面只供督查人员使用，请用督查账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" redirect>
        {() => <Supervise />}
      </RoleGate>
    </PageShell>
  );
}

const TABS = ['complaints', 'outcomes', 'lapses'] as const;
type Tab = (typeof TABS)[number];

function Supervise() {
  // The 督查 menu opens a tab directly (?tab=lapses); anything else starts at 投诉核实.
  const { params } = useRouter();
  const [tab, setTab] = useState<Tab>((TABS as readonly string[]).includes(params.tab ?? '') ? (params.tab as Tab) : 'complaints');
  return (
    <>
      <View className="choice-row">
        {TABS.map((t) => (
          <View key={t} className={`btn choice${tab === t ? ' chosen' : ''}`} data-testid={`sup-tab-${t}`} onClick={() => setTab(t)}>
            {{ complaints: '投诉核实', outcomes: '责任追究', lapses: '失误认定' }[t]}
          </View>
        ))}
      </View>
      {tab === 'complaints' ? <Complaints /> : tab === 'outcomes' ? <Outcomes /> : <Lapses />}
    </>
  );
}

/** Run a write, show its error in place. */
function useWrite() {
  const [err, setErr] = useState('');
  const run = async (fn: () => Promise<unknown>, after: () => Promise<void> | void) => {
    setErr('');
    try {
      await fn();
      await after();
    } catch (e) {
      setErr(messageOf(e));
    }
  };
  return { err, run };
}

function Complaints() {
  const list = useData('sup-complaints', countyComplaints);
  const pending = (list.data ?? []).filter((c) => c.actions.includes('verify'));
  return (
    <>
      {list.error ? <Notice tone="error">{list.error}</Notice> : null}
      {list.data && pending.length === 0 ? <Notice>没有待核实的投诉。</Notice> : null}
      {pending.map((c) => (
        <VerifyCard key={c.id} c={c} onDone={() => void list.reload()} />
      ))}
    </>
  );
}

function VerifyCard({ c, onDone }: { c: TStaffComplaint; onDone: () => void }) {
  const [finding, setFinding] = useState('');
  const { err, run } = useWrite();
  return (
    <View className="card" data-testid="sup-complaint">
      <Text className="text block">{c.content}</Text>
      <Text className="text-2 block" data-testid="sup-complaint-staff">
        被投诉人：{c.staff ? `${c.staff.name}${c.staff.staffNo ? `（工号 ${c.staff.staffNo}）` : ''}` : '不清楚'}
        {c.reference ? ` · 办件/预约 ${c.reference}` : ''}
      </Text>
      <Input className="input" data-testid="sup-finding" value={finding} placeholder="核实情况（至少5个字）" onInput={(e) => setFinding(e.detail.value)} aria-label="核实情况" />
      <View className="choice-row">
        <ActionButton tone="danger" data-testid="sup-verify-true" onClick={() => void run(() => verifyComplaint(c.id, true, finding.trim()), onDone)}>
          属实
        </ActionButton>
        <ActionButton data-testid="sup-verify-false" onClick={() => void run(() => verifyComplaint(c.id, false, finding.trim()), onDone)}>
          不属实
        </ActionButton>
      </View>
      {err ? <Notice tone="error">{err}</Notice> : null}
    </View>
  );
}

function Outcomes() {
  const list = useData('sup-outcomes', outcomes);
  return (
    <>
      {list.error ? <Notice tone="error">{list.error}</Notice> : null}
      {list.data?.length === 0 ? <Notice>没有责任追究件。</Notice> : null}
      {(list.data ?? []).map((o) => (
        <OutcomeCard key={o.id} o={o} onDone={() => void list.reload()} />
      ))}
    </>
  );
}

function OutcomeCard({ o, onDone }: { o: TOutcome; onDone: () => void }) {
  const [measure, setMeasure] = useState<TMeasure>(o.proposed);
  const [reason, setReason] = useState('');
  const { err, run } = useWrite();
  return (
    <View className="card" data-testid="sup-outcome">
      <Text className="title block">
        {o.personName}
        {o.staffNo ? `（工号 ${o.staffNo}）` : ''} · {o.centerName}
      </Text>
      <Text className="text block" data-testid="sup-outcome-proposed">
        本年属实投诉 {o.verifiedThisYear} 次，按规则建议：{MEASURE_LABELS[o.proposed]}（{OUTCOME_STATUS_LABELS[o.status]}）
      </Text>
      {o.decision ? <Text className="text-2 block">决定：{MEASURE_LABELS[o.decision.measure]}（{o.decision.reason}）</Text> : null}
      {o.appeal ? <Text className="text-2 block">申诉：{o.appeal.reason}</Text> : null}
      {o.actions.includes('decide') || o.actions.includes('decideAppeal') ? (
        <>
          <View className="choice-row">
            {MEASURES.map((m) => (
              <View key={m} className={`btn choice${measure === m ? ' chosen' : ''}`} data-testid={`sup-measure-${m}`} onClick={() => setMeasure(m)}>
                {MEASURE_LABELS[m]}
              </View>
            ))}
          </View>
          <Input className="input" data-testid="sup-reason" value={reason} placeholder="理由" onInput={(e) => setReason(e.detail.value)} aria-label="理由" />
          {o.actions.includes('decide') ? (
            <ActionButton tone="primary" block data-testid="sup-decide" onClick={() => void run(() => decideOutcome(o.id, measure, reason.trim()), onDone)}>
              作出决定并通知本人
            </ActionButton>
          ) : (
            <ActionButton tone="primary" block data-testid="sup-decide-appeal" onClick={() => void run(() => decideAppeal(o.id, { upheld: measure === o.decision?.measure, measure, reason: reason.trim() }), onDone)}>
              复核申诉
            </ActionButton>
          )}
        </>
      ) : null}
      {err ? <Notice tone="error">{err}</Notice> : null}
    </View>
  );
}

function Lapses() {
  const list = useData('sup-lapses', pendingLapses);
  return (
    <>
      {list.error ? <Notice tone="error">{list.error}</Notice> : null}
      {list.data?.length === 0 ? <Notice>没有待认定的失误。</Notice> : null}
      {(list.data ?? []).map((l) => (
        <LapseCard key={l.id} l={l} onDone={() => void list.reload()} />
      ))}
    </>
  );
}

/** What kind of lapse (失误) it is, in words. */
const LAPSE_KIND: Record<string, string> = { reception: '接待超时', deadline: '超过时限', notice: '违反一次性告知' };

function LapseCard({ l, onDone }: { l: TLapseReview; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const { err, run } = useWrite();
  const late = slotDate(new Date().toISOString()) > l.reviewDue;
  return (
    <View className="card" data-testid="sup-lapse">
      <Text className="text block">
        {LAPSE_KIND[l.kind] ?? '失误'}：{l.detail}
      </Text>
      <Text className="text-2 block">
        {l.centerName} · {l.staffName ?? '中心'} · {l.date} · {late ? `已过认定期限（${l.reviewDue}），未撤销前计入考核` : `请于 ${l.reviewDue} 前认定`}
      </Text>
      <Input className="input" value={reason} placeholder="撤销理由（撤销时必填）" onInput={(e) => setReason(e.detail.value)} aria-label="撤销理由" />
      <View className="choice-row">
        <ActionButton tone="danger" onClick={() => void run(() => reviewLapse(l.id, 'confirmed'), onDone)}>
          认定
        </ActionButton>
        <ActionButton onClick={() => void run(() => reviewLapse(l.id, 'dismissed', reason.trim()), onDone)}>撤销</ActionButton>
      </View>
      {err ? <Notice tone="error">{err}</Notice> : null}
    </View>
  );
}
