import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { TCaseStep, TDelegationCase, TLedgerEntry, TServiceItem } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { CaseTimeline } from '../../../../components/case-timeline';
import { getDelegation, getLedger } from '../../../../services/delegations';
import { getItem } from '../../../../services/service-items';
import { messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { monthDay, SERVICE_MODE_LABELS, stateText, stateTone, todayChina } from '../../../../utils/delegation-text';
import { HOME_REASONS } from '../../../../utils/delegation-text';
import { AdvanceForm, CorrectionForm, DeliverForm, FeeForm, FollowUpForm, HandoverForm, PaperAuthorizeForm, TextForm } from '../../components/action-forms';
import { cacheCase, cachedCase } from '../../services/agent-cache';
import { enqueueStep, pendingSteps } from '../../services/step-queue';
import { useStepQueue } from '../../hooks/use-step-queue';
import '../../../../styles/case.scss';

interface Msg {
  tone: NoticeTone;
  text: string;
}

/** Buttons in the order an agent meets them. `note` and `fee` are always open to the handler (not in `actions`). */
const ACTION_LABELS: Record<string, string> = {
  accept: '受理',
  authorize: '记录纸质委托书',
  handover: '材料交接',
  advance: '转下一环节',
  request_correction: '补正告知',
  complete_correction: '材料已补齐',
  suspend: '中止',
  resume: '续办',
  deliver: '送达',
  complete: '办结',
  follow_up: '回访',
  fee: '登记收费',
  note: '备注',
  refuse: '退办',
};
const CLOSED = ['refused', 'withdrawn'];

/** The buttons this agent may press now: the case's `actions` minus the ones that make no sense at this point. */
function visibleActions(c: TDelegationCase): string[] {
  const last = c.stageIndex === c.stages.length - 1;
  const out = c.actions.filter((a) => {
    if (a === 'authorize') return c.mode === 'delegate' && !c.authorized;
    if (a === 'advance') return !(c.state === 'in_progress' && last);
    if (a === 'deliver') return last;
    if (a === 'reassign') return false;
    return a in ACTION_LABELS;
  });
  if (!CLOSED.includes(c.state)) out.push('fee');
  out.push('note');
  return Object.keys(ACTION_LABELS).filter((a) => out.includes(a));
}

/**
 * 代办件 (agent): who and what, the allowed steps as big buttons each opening its form in place, the stages and the
 * ledger. Every step goes through the offline queue: logged on the phone first, sent when there is a network.
 */
export default function AgentCase() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { user } = useSession();
  const cached = cachedCase(id);
  const [c, setCase] = useState<TDelegationCase | null>(cached?.c ?? null);
  const [ledger, setLedger] = useState<TLedgerEntry[] | null>(cached?.ledger ?? null);
  const [item, setItem] = useState<TServiceItem | null>(null);
  const [stale, setStale] = useState('');
  const [open, setOpen] = useState('');
  const [msg, setMsg] = useState<Msg | null>(null);

  const load = useCallback(async () => {
    try {
      const [cc, l] = await Promise.all([getDelegation(id), getLedger(id)]);
      setCase(cc);
      setLedger(l);
      setStale('');
      cacheCase(cc, l);
      return cc;
    } catch (e) {
      setStale(messageOf(e));
      return null;
    }
  }, [id]);

  const { pending, flush } = useStepQueue(id, (e) => {
    if (e.type === 'sent' && e.item.caseId === id) {
      setCase(e.answer.case);
      setMsg({ tone: 'success', text: `已登记：${e.item.label}${e.answer.replay ? '（之前已上传）' : ''}` });
      void load();
    }
    if (e.type === 'rejected' && e.item.caseId === id) {
      setMsg({ tone: 'error', text: e.message });
      void load();
    }
  });

  useEffect(() => {
    void load().then((cc) => {
      const itemId = cc?.itemId ?? cached?.c.itemId;
      if (itemId) getItem(itemId).then((r) => setItem(r.data)).catch(() => undefined);
    });
    // Once per opened case.
  }, [id]);

  const submit = (step: TCaseStep, label: string) => {
    enqueueStep(id, step, label);
    setOpen('');
    setMsg(null);
    void flush().then(() => {
      if (pendingSteps(id).length) setMsg({ tone: 'offline', text: '网络不好，已保存在手机上，有网络后自动上传。' });
    });
  };

  if (!user || user.role === 'citizen') {
    return (
      <PageShell>
        <Notice tone="error">代办件只供代办员和工作人员查看，请用中心分配的账号登录。</Notice>
        <Button className="btn btn-primary btn-block" onClick={() => Taro.redirectTo({ url: '/packages/staff/pages/login/index' })}>
          工作人员登录
        </Button>
      </PageShell>
    );
  }
  if (!c) {
    return <PageShell>{stale ? <Notice tone="error">{stale}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  // A state change still waiting to go up: the buttons below reflect the case before it, so only notes and fees
  // can be logged until it is sent (a second advance queued offline would be refused).
  const waitingChange = pending.some((p) => p.step.action !== 'note' && p.step.action !== 'fee');
  const actions = visibleActions(c).filter((a) => !waitingChange || a === 'note' || a === 'fee');
  const cancel = () => setOpen('');
  const late = c.dueOn !== null && c.dueOn < todayChina();
  const reason = c.home ? (HOME_REASONS.find((r) => r.key === c.home?.reason)?.label ?? c.home.reason) : '';

  return (
    <PageShell className="agent-case">
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
      {stale ? <Notice tone="offline">{`网络不好，显示的是手机上保存的内容（${stale}）`}</Notice> : null}

      <View className="card" data-testid="case-head">
        <Text className="text-2 block">
          {SERVICE_MODE_LABELS[c.mode]} · 编号 {c.code}
        </Text>
        <Text className="title block">{c.itemName}</Text>
        <View className="tags">
          <Text className={stateTone(c.state)} data-testid="case-state" data-state={c.state}>
            {stateText(c)}
          </Text>
          {c.dueOn ? <Text className={late ? 'tag tag-warn due-late' : 'tag'}>{late ? `已超期（${monthDay(c.dueOn)}前）` : `${monthDay(c.dueOn)}前`}</Text> : null}
          {c.mode === 'delegate' ? <Text className={c.authorized ? 'tag tag-green' : 'tag tag-warn'}>{c.authorized ? '已委托' : '未委托'}</Text> : null}
        </View>
        <View className="kv">
          <Text className="k">办事人</Text>
          <Text className="v">{c.personName}</Text>
        </View>
        {c.personIdNumber ? (
          <View className="kv">
            <Text className="k">身份证号</Text>
            <Text className="v">{c.personIdNumber}</Text>
          </View>
        ) : null}
        <View className="kv">
          <Text className="k">联系电话</Text>
          {c.personPhone.includes('*') ? <Text className="v">{c.personPhone}</Text> : <PhoneLink phone={c.personPhone} label="打电话" />}
        </View>
        {c.home ? (
          <View className="kv">
            <Text className="k">上门</Text>
            <Text className="v">
              {reason} · {c.home.address} · {c.home.preferredTime}
            </Text>
          </View>
        ) : null}
        <View className="kv">
          <Text className="k">代办员</Text>
          <Text className="v">{c.agentName ?? '未分配'}</Text>
        </View>
      </View>

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

      {msg ? <Notice tone={msg.tone} testId="step-message">{msg.text}</Notice> : null}

      <View className="card" data-testid="actions">
        <Text className="section-title">下一步</Text>
        {c.state === 'handed_over' || (c.state === 'accepted' && c.mode === 'delegate' && !c.authorized) ? (
          <Text className="text-2 block">{c.state === 'accepted' ? '代办须先委托：请群众在小程序确认，或记录纸质委托书。' : '材料已交接，点“转下一环节”开始办理。'}</Text>
        ) : null}
        {waitingChange ? <Text className="text block" data-testid="waiting-upload">上一步还没上传，上传后才能继续下一步；现在可以记备注、登记收费。</Text> : null}
        {open === '' ? (
          <View className="action-grid">
            {actions.map((a) => (
              <Button key={a} className={`btn ${a === 'refuse' ? 'btn-danger' : a === 'note' || a === 'fee' ? '' : 'btn-primary'}`} data-testid={`action-${a}`} onClick={() => setOpen(a)}>
                {ACTION_LABELS[a]}
              </Button>
            ))}
          </View>
        ) : null}
        {open === 'accept' ? (
          <View className="panel" data-testid="panel-accept">
            <Text className="text block">受理后由您（{user.name}）经办此件，请尽快联系群众。</Text>
            <View className="btn-row">
              <Button className="btn" data-testid="cancel-accept" onClick={cancel}>
                取消
              </Button>
              <Button className="btn btn-primary" data-testid="submit-accept" onClick={() => submit({ action: 'accept' }, '受理')}>
                确认受理
              </Button>
            </View>
          </View>
        ) : null}
        {open === 'authorize' ? <PaperAuthorizeForm onCancel={cancel} submit={submit} /> : null}
        {open === 'handover' ? <HandoverForm item={item} onCancel={cancel} submit={submit} /> : null}
        {open === 'advance' ? <AdvanceForm c={c} onCancel={cancel} submit={submit} /> : null}
        {open === 'request_correction' ? <CorrectionForm item={item} onCancel={cancel} submit={submit} /> : null}
        {open === 'complete_correction' ? (
          <TextForm action="complete_correction" title="补齐情况（可不填）" placeholder="如 已收到户口本复印件" min={0} button="材料已补齐，继续办理" onCancel={cancel} onSubmit={(t) => submit({ action: 'complete_correction', ...(t ? { note: t } : {}) }, '材料已补齐')} />
        ) : null}
        {open === 'suspend' ? (
          <TextForm action="suspend" title="中止原因" placeholder="如 申请人外出务工，暂无法补签" min={2} button="中止办理" onCancel={cancel} onSubmit={(t) => submit({ action: 'suspend', reason: t }, `中止：${t}`)} />
        ) : null}
        {open === 'resume' ? (
          <TextForm action="resume" title="续办说明（可不填）" placeholder="如 申请人已返乡" min={0} button="续办" onCancel={cancel} onSubmit={(t) => submit({ action: 'resume', ...(t ? { note: t } : {}) }, '续办')} />
        ) : null}
        {open === 'deliver' ? <DeliverForm onCancel={cancel} submit={submit} /> : null}
        {open === 'complete' ? (
          <TextForm action="complete" title="办理结果" placeholder="如 已领取新证，群众签收" min={1} button="办结" onCancel={cancel} onSubmit={(t) => submit({ action: 'complete', result: t }, `办结：${t}`)} />
        ) : null}
        {open === 'follow_up' ? <FollowUpForm onCancel={cancel} submit={submit} /> : null}
        {open === 'fee' ? <FeeForm onCancel={cancel} submit={submit} /> : null}
        {open === 'note' ? (
          <TextForm action="note" title="备注" placeholder="如 已电话联系，约定周三上门" min={1} button="保存备注" onCancel={cancel} onSubmit={(t) => submit({ action: 'note', text: t }, `备注：${t}`)} />
        ) : null}
        {open === 'refuse' ? (
          <TextForm action="refuse" title="退办原因（会书面告知群众）" placeholder="如 不符合办理条件：……" min={2} danger button="确定退办" onCancel={cancel} onSubmit={(t) => submit({ action: 'refuse', reason: t }, `退办：${t}`)} />
        ) : null}
      </View>

      <CaseTimeline c={c} ledger={ledger} pending={pending.map((p) => p.label)} />
    </PageShell>
  );
}
