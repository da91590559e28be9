import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TCaseStep, TDelegationCase, TLedgerEntry, TUser } from '@bianmin/shared';
import { CaseTimeline } from '../../../../components/case-timeline';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { TrackingCardButtons } from '../../../../components/tracking-card';
import { useData } from '../../../../hooks/use-data';
import { getDelegation, getLedger } from '../../../../services/delegations';
import { getItem } from '../../../../services/service-items';
import { ActionPanel } from '../../components/action-panel';
import { CaseHead } from '../../components/case-head';
import { useStepQueue } from '../../hooks/use-step-queue';
import { cacheCase, cachedCase } from '../../services/agent-cache';
import { enqueueStep, pendingSteps } from '../../services/step-queue';
import '../../../../styles/case.scss';

interface Msg {
  tone: NoticeTone;
  text: string;
}

interface CaseView {
  c: TDelegationCase;
  ledger: TLedgerEntry[] | null;
}

/**
 * 代办件 (agent): who and what, the allowed steps as big buttons each opening its form in place, the stages and the
 * ledger. Every step goes through the offline queue: logged on the phone first, sent when there is a network.
 */
export default function AgentCase() {
  return (
    <PageShell className="agent-case">
      <RoleGate roles={['agent', 'staff', 'admin']} prompt="代办件只供代办员和工作人员查看，请用中心分配的账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="工作人员登录" redirect>
        {(user) => <AgentCaseBody user={user} />}
      </RoleGate>
    </PageShell>
  );
}

async function loadCase(id: string): Promise<CaseView> {
  const [c, ledger] = await Promise.all([getDelegation(id), getLedger(id)]);
  cacheCase(c, ledger);
  return { c, ledger };
}

function AgentCaseBody({ user }: { user: TUser }) {
  const { params } = useRouter();
  const id = params.id ?? '';
  // The copy saved on the phone shows at once (and offline); the network answer replaces it.
  const view = useData(id, () => loadCase(id), { initial: cachedCase(id) });
  const itemId = view.data?.c.itemId ?? '';
  const item = useData(itemId || null, async () => (await getItem(itemId)).data);
  const [msg, setMsg] = useState<Msg | null>(null);
  const { setData, reload } = view;

  const { pending, flush } = useStepQueue(id, (e) => {
    if (e.type === 'sent' && e.item.caseId === id) {
      setData((v) => (v ? { ...v, c: e.answer.case } : v));
      setMsg({ tone: 'success', text: `已登记：${e.item.label}${e.answer.replay ? '（之前已上传）' : ''}` });
      void reload();
    }
    if (e.type === 'rejected' && e.item.caseId === id) {
      setMsg({ tone: 'error', text: e.message });
      void reload();
    }
  });

  const submit = (step: TCaseStep, label: string) => {
    enqueueStep(id, step, label);
    setMsg(null);
    void flush().then(() => {
      if (pendingSteps(id).length) setMsg({ tone: 'offline', text: '网络不好，已保存在手机上，有网络后自动上传。' });
    });
  };

  const data = view.data;
  if (!data) return view.error ? <Notice tone="error">{view.error}</Notice> : <Notice>正在打开…</Notice>;
  const { c, ledger } = data;
  // A state change still waiting to go up: the buttons below reflect the case before it, so only notes and fees
  // can be logged until it is sent (a second advance queued offline would be refused).
  const waitingChange = pending.some((p) => p.step.action !== 'note' && p.step.action !== 'fee');

  return (
    <>
      {pending.length ? (
        <View className="notice notice-offline pending-bar" data-testid="pending-bar">
          <Text className="strong" data-testid="pending-count">
            {pending.length} 条待上传
          </Text>
          <View className="btn" data-testid="retry-upload" onClick={() => void flush()}>
            立即上传
          </View>
        </View>
      ) : null}
      {view.error ? <Notice tone="offline">{`网络不好，显示的是手机上保存的内容（${view.error}）`}</Notice> : null}
      <CaseHead c={c} />
      {c.state === 'correction' ? (
        <View className="missing-box" data-testid="missing">
          <Text className="title block">等群众补充以下材料</Text>
          {c.missing.map((m, i) => (
            <Text key={m} className="text block">
              {i + 1}. {m}
            </Text>
          ))}
        </View>
      ) : null}
      {msg ? (
        <Notice tone={msg.tone} testId="step-message">
          {msg.text}
        </Notice>
      ) : null}
      <ActionPanel c={c} item={item.data} agentName={user.name} waitingChange={waitingChange} submit={submit} />
      {/* The 跟踪卡 is printed by the agent handling the case and by staff and admins, not by other agents. */}
      {user.role !== 'agent' || c.agentId === user.id ? <TrackingCardButtons caseId={c.id} /> : null}
      <CaseTimeline c={c} ledger={ledger} pending={pending.map((p) => p.label)} />
    </>
  );
}
