import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TDelegationCase, TServiceItem } from '@bianmin/shared';
import { ActionButton } from '../../../components/action-button';
import { AcceptForm, AdvanceForm, CorrectionForm, DeliverForm, FeeForm, FollowUpForm, HandoverForm, PaperAuthorizeForm, TextForm, type Submit } from './action-forms';

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

interface Props {
  c: TDelegationCase;
  item: TServiceItem | null;
  agentName: string;
  /** A state change still waits to be uploaded: only notes and fees until it is sent. */
  waitingChange: boolean;
  submit: Submit;
}

/** 下一步: the allowed steps as big buttons, each opening its form in place. */
export function ActionPanel({ c, item, agentName, waitingChange, submit }: Props) {
  const [open, setOpen] = useState('');
  const actions = visibleActions(c).filter((a) => !waitingChange || a === 'note' || a === 'fee');
  const cancel = () => setOpen('');
  const send: Submit = (step, label) => {
    setOpen('');
    submit(step, label);
  };
  return (
    <View className="card" data-testid="actions">
      <Text className="section-title">下一步</Text>
      {c.state === 'handed_over' || (c.state === 'accepted' && c.mode === 'delegate' && !c.authorized) ? (
        <Text className="text-2 block">{c.state === 'accepted' ? '代办须先委托：群众本人在小程序确认，或由您记录已签的纸质委托书编号。' : '材料已交接，点“转下一环节”开始办理。'}</Text>
      ) : null}
      {waitingChange ? <Text className="text block" data-testid="waiting-upload">上一步还没上传，上传后才能继续下一步；现在可以记备注、登记收费。</Text> : null}
      {open === '' ? (
        <View className="action-grid">
          {actions.map((a) => (
            <ActionButton key={a} tone={a === 'refuse' ? 'danger' : a === 'note' || a === 'fee' ? 'default' : 'primary'} data-testid={`action-${a}`} onClick={() => setOpen(a)}>
              {ACTION_LABELS[a]}
            </ActionButton>
          ))}
        </View>
      ) : null}
      {open === 'accept' ? <AcceptForm c={c} agentName={agentName} onCancel={cancel} submit={send} /> : null}
      {open === 'authorize' ? <PaperAuthorizeForm onCancel={cancel} submit={send} /> : null}
      {open === 'handover' ? <HandoverForm item={item} onCancel={cancel} submit={send} /> : null}
      {open === 'advance' ? <AdvanceForm c={c} onCancel={cancel} submit={send} /> : null}
      {open === 'request_correction' ? <CorrectionForm item={item} onCancel={cancel} submit={send} /> : null}
      {open === 'complete_correction' ? (
        <TextForm action="complete_correction" title="补齐情况（可不填）" placeholder="如 已收到户口本复印件" min={0} button="材料已补齐，继续办理" onCancel={cancel} onSubmit={(t) => send({ action: 'complete_correction', ...(t ? { note: t } : {}) }, '材料已补齐')} />
      ) : null}
      {open === 'suspend' ? <TextForm action="suspend" title="中止原因" placeholder="如 申请人外出务工，暂无法补签" min={2} button="中止办理" onCancel={cancel} onSubmit={(t) => send({ action: 'suspend', reason: t }, `中止：${t}`)} /> : null}
      {open === 'resume' ? <TextForm action="resume" title="续办说明（可不填）" placeholder="如 申请人已返乡" min={0} button="续办" onCancel={cancel} onSubmit={(t) => send({ action: 'resume', ...(t ? { note: t } : {}) }, '续办')} /> : null}
      {open === 'deliver' ? <DeliverForm onCancel={cancel} submit={send} /> : null}
      {open === 'complete' ? <TextForm action="complete" title="办理结果" placeholder="如 已领取新证，群众签收" min={1} button="办结" onCancel={cancel} onSubmit={(t) => send({ action: 'complete', result: t }, `办结：${t}`)} /> : null}
      {open === 'follow_up' ? <FollowUpForm onCancel={cancel} submit={send} /> : null}
      {open === 'fee' ? <FeeForm onCancel={cancel} submit={send} /> : null}
      {open === 'note' ? <TextForm action="note" title="备注" placeholder="如 已电话联系，约定周三上门" min={1} button="保存备注" onCancel={cancel} onSubmit={(t) => send({ action: 'note', text: t }, `备注：${t}`)} /> : null}
      {open === 'refuse' ? (
        <TextForm action="refuse" title="退办原因（会书面告知群众）" placeholder="如 不符合办理条件：……" min={2} danger button="确定退办" onCancel={cancel} onSubmit={(t) => send({ action: 'refuse', reason: t }, `退办：${t}`)} />
      ) : null}
    </View>
  );
}
