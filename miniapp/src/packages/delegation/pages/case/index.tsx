import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TCaseStep, TDelegationCase, TLedgerEntry } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { CaseTimeline } from '../../../../components/case-timeline';
import { getDelegation, getLedger, postStep } from '../../../../services/delegations';
import { messageOf } from '../../../../services/request';
import { useFeedback } from '../../../../hooks/use-feedback';
import { handoverLineText, loggedAfter, monthDay, SERVICE_MODE_LABELS, stateText, stateTone, unconfirmedHandover } from '../../../../utils/delegation-text';
import '../../../../styles/case.scss';
import { ActionButton } from '../../../../components/action-button';

/**
 * 我的代办件 (citizen): where the case is, who handles it, the stages with their dates and the ledger in plain
 * words, and the few things the citizen does: 确认委托, 确认交接清单, 确认已收到, 撤回 (with an inline confirm).
 */
export default function CitizenCase() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [c, setCase] = useState<TDelegationCase | null>(null);
  const [ledger, setLedger] = useState<TLedgerEntry[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [busy, setBusy] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const { feedback, show } = useFeedback();

  const load = useCallback(() => {
    Promise.all([getDelegation(id), getLedger(id)])
      .then(([cc, l]) => {
        setCase(cc);
        setLedger(l);
        setLoadError('');
      })
      .catch((e) => setLoadError(messageOf(e)));
  }, [id]);
  useEffect(load, [load]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) load();
    shown.current = true;
  });

  const act = async (step: TCaseStep, done: string) => {
    setBusy(step.action);
    try {
      const r = await postStep(id, step);
      setCase(r.case);
      setLedger(await getLedger(id).catch(() => ledger));
      setConfirmWithdraw(false);
      show('success', done);
    } catch (e) {
      show('error', messageOf(e));
    } finally {
      setBusy('');
    }
  };

  if (!c) {
    return <PageShell>{loadError ? <Notice tone="error">{loadError}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  const entries = ledger ?? [];
  const canAuthorize = c.mode === 'delegate' && !c.authorized && c.actions.includes('authorize');
  const handover = ledger ? unconfirmedHandover(entries) : null;
  const canConfirmDelivery = c.actions.includes('confirm_delivery') && !loggedAfter(entries, 'confirm_delivery', 'deliver');
  const canWithdraw = c.actions.includes('withdraw');

  return (
    <PageShell className="citizen-case">
      {params.new && c.state === 'requested' ? <Notice tone="success" testId="case-created">申请已提交。代办员受理后会打电话联系您。</Notice> : null}
      {loadError ? <Notice tone="offline">{loadError}（显示的是刚才的内容）</Notice> : null}

      <View className="card" data-testid="case-head">
        <Text className="text-2 block">
          {SERVICE_MODE_LABELS[c.mode]} · 编号 {c.code}
        </Text>
        <Text className="title block">{c.itemName}</Text>
        <View className="tags">
          <Text className={stateTone(c.state)} data-testid="case-state" data-state={c.state}>
            {stateText(c)}
          </Text>
          {c.dueOn ? <Text className="tag">本环节{monthDay(c.dueOn)}前</Text> : null}
        </View>
        <View className="kv">
          <Text className="k">办事人</Text>
          <Text className="v">{c.personName}</Text>
        </View>
        <View className="kv">
          <Text className="k">受理地点</Text>
          <Text className="v">{c.centerName}</Text>
        </View>
        <View className="kv">
          <Text className="k">代办员</Text>
          <Text className="v" data-testid="case-agent">
            {c.agentName ?? '等待分配'}
          </Text>
        </View>
        {c.mode === 'delegate' ? (
          <View className="kv">
            <Text className="k">委托</Text>
            <Text className="v">{c.authorized ? '已委托' : '还没有确认委托'}</Text>
          </View>
        ) : null}
        {c.home ? (
          <View className="kv">
            <Text className="k">上门地址</Text>
            <Text className="v">
              {c.home.address}（{c.home.preferredTime}）
            </Text>
          </View>
        ) : null}
      </View>

      {c.state === 'correction' ? (
        <View className="missing-box" data-testid="missing">
          <Text className="title block">还需补充以下材料</Text>
          {c.missing.map((m, i) => (
            <Text key={m} className="text block" data-testid="missing-item">
              {i + 1}. {m}
            </Text>
          ))}
          <Text className="text block">请一次准备齐，交给代办员。材料补齐后，办理时间重新计算。</Text>
        </View>
      ) : null}

      {feedback ? <Notice tone={feedback.tone}>{feedback.text}</Notice> : null}

      {canAuthorize ? (
        <View className="card" data-testid="authorize-box">
          <Text className="section-title">确认委托</Text>
          <Text className="text block">
            确认后，您委托 {c.agentName ?? '代办员'} 替您办理「{c.itemName}」。代办全程免费。
          </Text>
          <ActionButton tone="primary" block data-testid="authorize" loading={busy === 'authorize'} disabled={!!busy} onClick={() => void act({ action: 'authorize' }, '已确认委托')}>
            确认委托
          </ActionButton>
        </View>
      ) : null}

      {handover ? (
        <View className="card" data-testid="handover-box">
          <Text className="section-title">确认交接清单</Text>
          <Text className="text block">代办员收到了您的这些材料：</Text>
          {handover.lines.map((l, i) => (
            <Text key={l.key} className="text block list-row" data-testid="handover-line">
              {i + 1}. {handoverLineText(l)}
            </Text>
          ))}
          {handover.signedOnPaper ? <Text className="text-2 block">纸质交接单已签字。</Text> : null}
          <ActionButton tone="primary" block data-testid="confirm-handover" loading={busy === 'confirm_handover'} disabled={!!busy} onClick={() => void act({ action: 'confirm_handover' }, '已确认清单')}>
            清单没错，确认
          </ActionButton>
        </View>
      ) : null}

      {canConfirmDelivery ? (
        <View className="card" data-testid="delivery-box">
          <Text className="section-title">办好了，已送达</Text>
          <Text className="text block">收到办理结果后，请点下面的按钮。</Text>
          <ActionButton tone="primary" block data-testid="confirm-delivery" loading={busy === 'confirm_delivery'} disabled={!!busy} onClick={() => void act({ action: 'confirm_delivery' }, '已确认收到')}>
            确认已收到
          </ActionButton>
        </View>
      ) : null}

      {c.state === 'completed' || c.state === 'followed_up' ? (
        <View className="card" data-testid="rate-box">
          <Text className="section-title">办得怎么样？</Text>
          <Text className="text block">这件事已办结，请为这次代办服务评价（好差评）。</Text>
          <ActionButton tone="primary" block
            data-testid="rate-service"
            onClick={() => void Taro.navigateTo({ url: `/packages/feedback/pages/rate/index?kind=case&id=${c.id}&name=${encodeURIComponent(c.itemName)}` })}
          >
            评价本次服务
          </ActionButton>
        </View>
      ) : null}

      <CaseTimeline c={c} ledger={ledger} />

      {canWithdraw && !confirmWithdraw ? (
        <ActionButton tone="danger" block data-testid="withdraw" onClick={() => setConfirmWithdraw(true)}>
          撤回申请
        </ActionButton>
      ) : null}
      {canWithdraw && confirmWithdraw ? (
        <View className="card" data-testid="withdraw-confirm">
          <Text className="text strong block">确定撤回吗？撤回后代办员不再办理，已交的材料会退还给您。</Text>
          <View className="btn-row">
            <ActionButton data-testid="withdraw-no" onClick={() => setConfirmWithdraw(false)}>
              不撤回
            </ActionButton>
            <ActionButton tone="danger" data-testid="withdraw-yes" loading={busy === 'withdraw'} disabled={!!busy} onClick={() => void act({ action: 'withdraw' }, '已撤回')}>
              确定撤回
            </ActionButton>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}
