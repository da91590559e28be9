import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TDelegationCase } from '@bianmin/shared';
import { ActionButton } from '../../../components/action-button';
import { a11y } from '../../../utils/a11y';
import type { TAgent } from '../services/admin';

interface Props {
  c: TDelegationCase;
  agents: TAgent[];
  busy: boolean;
  onCancel: () => void;
  /** Says what is wrong in words, or does the 改派. */
  onSubmit: (agentId: string, reason: string) => void;
}

/** 改派: any other agent of the county (village or town; never outside it) and the reason. */
export function ReassignPanel({ c, agents, busy, onCancel, onSubmit }: Props) {
  const [agentId, setAgentId] = useState('');
  const [reason, setReason] = useState('');
  const candidates = agents.filter((a) => a.id !== c.agentId);
  return (
    <View className="panel" data-testid="panel-reassign">
      <Text className="field-label">改派给</Text>
      {candidates.length ? (
        <View className="choice-row choice-wrap">
          {candidates.map((a) => (
            <View key={a.id} className={`btn ${agentId === a.id ? 'choice-on' : ''}`} data-testid="reassign-agent" onClick={() => setAgentId(a.id)} {...a11y('radio', { checked: agentId === a.id })}>
              {a.name}（{a.centerName}）
            </View>
          ))}
        </View>
      ) : (
        <Text className="text block">本县没有其他代办员。</Text>
      )}
      <View className="field">
        <Text className="field-label">改派原因</Text>
        <Input className="input" data-testid="reassign-reason" value={reason} maxlength={200} placeholder="如 原代办员请假" onInput={(e) => setReason(e.detail.value)} aria-label="改派原因" />
      </View>
      <View className="btn-row">
        <ActionButton onClick={onCancel}>取消</ActionButton>
        <ActionButton tone="primary" data-testid="submit-reassign" loading={busy} disabled={busy} onClick={() => onSubmit(agentId, reason)}>
          确认改派
        </ActionButton>
      </View>
    </View>
  );
}
