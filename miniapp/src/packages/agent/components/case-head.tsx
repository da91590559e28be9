import { Text, View } from '@tarojs/components';
import type { TDelegationCase } from '@bianmin/shared';
import { KeyValue } from '../../../components/key-value';
import { PhoneLink } from '../../../components/phone-link';
import { HOME_REASONS, monthDay, SERVICE_MODE_LABELS, stateTagTone, stateText, todayChina } from '../../../utils/delegation-text';
import { StatusTag } from '../../../components/status-tag';

/** Who and what: the case's mode, state, deadline, person (phone callable when not masked) and agent. */
export function CaseHead({ c }: { c: TDelegationCase }) {
  const late = c.dueOn !== null && c.dueOn < todayChina();
  const reason = c.home ? (HOME_REASONS.find((r) => r.key === c.home?.reason)?.label ?? c.home.reason) : '';
  return (
    <View className="card" data-testid="case-head">
      <Text className="text-2 block">
        {SERVICE_MODE_LABELS[c.mode]} · 编号 {c.code}
      </Text>
      <Text className="title block">{c.itemName}</Text>
      <View className="tags">
        <StatusTag tone={stateTagTone(c.state)} testId="case-state" data={{ state: c.state }}>
          {stateText(c)}
        </StatusTag>
        {c.dueOn ? <Text className={late ? 'tag tag-warn due-late' : 'tag'}>{late ? `已超期（${monthDay(c.dueOn)}前）` : `${monthDay(c.dueOn)}前`}</Text> : null}
        {c.mode === 'delegate' ? <Text className={c.authorized ? 'tag tag-green' : 'tag tag-warn'}>{c.authorized ? '已委托' : '未委托'}</Text> : null}
      </View>
      <KeyValue label="办事人">{c.personName}</KeyValue>
      {c.personIdNumber ? <KeyValue label="身份证号">{c.personIdNumber}</KeyValue> : null}
      <KeyValue label="联系电话">{c.personPhone.includes('*') ? c.personPhone : <PhoneLink phone={c.personPhone} label="打电话" />}</KeyValue>
      {c.home ? (
        <KeyValue label="上门">
          {reason} · {c.home.address} · {c.home.preferredTime}
        </KeyValue>
      ) : null}
      <KeyValue label="代办员">{c.agentName ?? '未分配'}</KeyValue>
      {c.promisedOn ? (
        <KeyValue label="承诺办结日" testId="promised-on">
          {monthDay(c.promisedOn)}
          {c.promiseReason ? `（已调整：${c.promiseReason}）` : ''}
        </KeyValue>
      ) : null}
    </View>
  );
}
