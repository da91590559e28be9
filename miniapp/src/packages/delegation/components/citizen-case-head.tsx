import { Text, View } from '@tarojs/components';
import type { TDelegationCase } from '@bianmin/shared';
import { KeyValue } from '../../../components/key-value';
import { monthDay, SERVICE_MODE_LABELS, stateTagTone, stateText } from '../../../utils/delegation-text';
import { StatusTag } from '../../../components/status-tag';

/** Where the case is and who handles it, and what the citizen still has to bring (补正). */
export function CitizenCaseHead({ c }: { c: TDelegationCase }) {
  return (
    <>
      <View className="card" data-testid="case-head">
        <Text className="text-2 block">
          {SERVICE_MODE_LABELS[c.mode]} · 编号 {c.code}
        </Text>
        <Text className="title block">{c.itemName}</Text>
        <View className="tags">
          <StatusTag tone={stateTagTone(c.state)} testId="case-state" data={{ state: c.state }}>
            {stateText(c)}
          </StatusTag>
          {c.dueOn ? <Text className="tag">{c.state === 'requested' ? '受理' : c.state === 'delivered' ? '办结' : '本环节'}{monthDay(c.dueOn)}前</Text> : null}
        </View>
        <KeyValue label="办事人">{c.personName}</KeyValue>
        <KeyValue label="受理地点">{c.centerName}</KeyValue>
        <KeyValue label="代办员" testId="case-agent">
          {c.agentName ?? '等待分配'}
        </KeyValue>
        {c.promisedOn ? (
          <KeyValue label="承诺办结日" testId="promised-on">
            {monthDay(c.promisedOn)}
            {c.promiseReason ? `（已调整：${c.promiseReason}）` : ''}
          </KeyValue>
        ) : null}
        {c.mode === 'delegate' ? <KeyValue label="委托">{c.authorized ? '已委托' : '还没有确认委托'}</KeyValue> : null}
        {c.home ? (
          <KeyValue label="上门地址">
            {c.home.address}（{c.home.preferredTime}）
          </KeyValue>
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
    </>
  );
}
