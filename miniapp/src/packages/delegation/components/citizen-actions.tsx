import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TCaseStep, TDelegationCase, TLedgerEntry } from '@bianmin/shared';
import { ActionButton } from '../../../components/action-button';
import { handoverLineText, loggedAfter, unconfirmedHandover } from '../../../utils/delegation-text';
import { pageUrl } from '../../../utils/page-url';

interface Props {
  c: TDelegationCase;
  ledger: TLedgerEntry[] | null;
  busy: string;
  act: (step: TCaseStep, done: string) => void;
}

/** The few things the citizen does on a case: 确认委托, 确认交接清单, 确认已收到, and 评价 once it is done. */
export function CitizenActions({ c, ledger, busy, act }: Props) {
  const entries = ledger ?? [];
  const canAuthorize = c.mode === 'delegate' && !c.authorized && c.actions.includes('authorize');
  const handover = ledger ? unconfirmedHandover(entries) : null;
  const canConfirmDelivery = c.actions.includes('confirm_delivery') && !loggedAfter(entries, 'confirm_delivery', 'deliver');
  return (
    <>
      {canAuthorize ? (
        <View className="card" data-testid="authorize-box">
          <Text className="section-title">确认委托</Text>
          <Text className="text block">
            确认后，您委托 {c.agentName ?? '代办员'} 替您办理「{c.itemName}」。代办全程免费。
          </Text>
          <ActionButton tone="primary" block data-testid="authorize" loading={busy === 'authorize'} disabled={!!busy} onClick={() => act({ action: 'authorize' }, '已确认委托')}>
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
          <ActionButton tone="primary" block data-testid="confirm-handover" loading={busy === 'confirm_handover'} disabled={!!busy} onClick={() => act({ action: 'confirm_handover' }, '已确认清单')}>
            清单没错，确认
          </ActionButton>
        </View>
      ) : null}
      {canConfirmDelivery ? (
        <View className="card" data-testid="delivery-box">
          <Text className="section-title">办好了，已送达</Text>
          <Text className="text block">收到办理结果后，请点下面的按钮。</Text>
          <ActionButton tone="primary" block data-testid="confirm-delivery" loading={busy === 'confirm_delivery'} disabled={!!busy} onClick={() => act({ action: 'confirm_delivery' }, '已确认收到')}>
            确认已收到
          </ActionButton>
        </View>
      ) : null}
      {c.state === 'completed' || c.state === 'followed_up' ? (
        <View className="card" data-testid="rate-box">
          <Text className="section-title">办得怎么样？</Text>
          <Text className="text block">这件事已办结，请为这次代办服务评价（好差评）。</Text>
          <ActionButton
            tone="primary"
            block
            data-testid="rate-service"
            onClick={() => void Taro.navigateTo({ url: pageUrl('rate', { kind: 'case', id: c.id, name: c.itemName }) })}
          >
            评价本次服务
          </ActionButton>
        </View>
      ) : null}
    </>
  );
}
