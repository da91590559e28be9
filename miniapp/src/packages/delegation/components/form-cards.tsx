import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TUser } from '@bianmin/shared';
import { a11y } from '../../../utils/a11y';
import { HOME_REASONS } from '../../../utils/delegation-text';
import { RELATIONS, type Form, type SetField, type VillageChoice } from './delegation-form';

interface CardProps {
  form: Form;
  set: SetField;
  /** The message at a field, or nothing. */
  fieldError: (k: string) => ReactNode;
}

/**
 * 为谁办: myself, or a family member with name, ID number, phone and relation. An agent files for a client instead:
 * the client's name, and the ID number and phone when at hand.
 */
export function WhoCard({ form, set, fieldError, user }: CardProps & { user: TUser }) {
  if (user.role === 'agent') return <ClientCard form={form} set={set} fieldError={fieldError} />;
  return (
    <View className="card" data-testid="who">
      <Text className="section-title">为谁办</Text>
      <View className="choice-row">
        <View className={`btn ${form.forFamily ? '' : 'choice-on'}`} data-testid="for-self" onClick={() => set('forFamily', false)} {...a11y('radio', { checked: !form.forFamily })}>
          为自己
        </View>
        <View className={`btn ${form.forFamily ? 'choice-on' : ''}`} data-testid="for-family" onClick={() => set('forFamily', true)} {...a11y('radio', { checked: form.forFamily })}>
          为家人
        </View>
      </View>
      {!form.forFamily ? <Text className="text block">办事人：{user.name || user.phoneMasked || '本人'}</Text> : null}
      {form.forFamily ? (
        <View data-testid="family-form">
          <View className="field">
            <Text className="field-label">家人姓名</Text>
            <Input className="input" data-testid="family-name" value={form.name} maxlength={30} placeholder="与身份证一致" onInput={(e) => set('name', e.detail.value)} aria-label="家人姓名" />
            {fieldError('name')}
          </View>
          <View className="field">
            <Text className="field-label">身份证号</Text>
            <Input className="input" data-testid="family-id" type="idcard" value={form.idNumber} maxlength={18} placeholder="18位身份证号" onInput={(e) => set('idNumber', e.detail.value.trim())} aria-label="身份证号" />
            {fieldError('idNumber')}
          </View>
          <View className="field">
            <Text className="field-label">家人手机号（可不填）</Text>
            <Input className="input" data-testid="family-phone" type="number" value={form.phone} maxlength={11} placeholder="11位手机号" onInput={(e) => set('phone', e.detail.value.trim())} aria-label="家人手机号" />
            {fieldError('phone')}
          </View>
          <Text className="field-label">是您的</Text>
          <View className="choice-row choice-wrap">
            {RELATIONS.map((r) => (
              <View key={r} className={`btn ${form.relation === r ? 'choice-on' : ''}`} onClick={() => set('relation', r)} {...a11y('radio', { checked: form.relation === r })}>
                {r}
              </View>
            ))}
          </View>
          <Text className="text-2 block">身份证号只给经办的代办员看，加密保存。</Text>
        </View>
      ) : null}
    </View>
  );
}

/** 上门服务: why, where and when. */
export function HomeCard({ form, set, fieldError }: CardProps) {
  return (
    <View className="card" data-testid="home-form">
      <Text className="section-title">上门服务</Text>
      <Text className="field-label">需要上门的原因</Text>
      <View className="choice-row choice-wrap">
        {HOME_REASONS.map((r) => (
          <View key={r.key} className={`btn ${form.reason === r.key ? 'choice-on' : ''}`} data-testid={`reason-${r.key}`} onClick={() => set('reason', r.key)} {...a11y('radio', { checked: form.reason === r.key })}>
            {r.label}
          </View>
        ))}
      </View>
      {fieldError('reason')}
      <View className="field">
        <Text className="field-label">上门地址</Text>
        <Input className="input" data-testid="home-address" value={form.address} maxlength={200} placeholder="如 东庄村三组12号" onInput={(e) => set('address', e.detail.value)} aria-label="上门地址" />
        {fieldError('address')}
      </View>
      <View className="field">
        <Text className="field-label">希望什么时候上门</Text>
        <Input className="input" data-testid="home-time" value={form.preferredTime} maxlength={50} placeholder="如 工作日上午" onInput={(e) => set('preferredTime', e.detail.value)} aria-label="希望上门时间" />
        {fieldError('preferredTime')}
      </View>
    </View>
  );
}

/** 代办员为群众申请: the client's name; ID number and phone optional (the paper 委托书 is recorded at acceptance). */
function ClientCard({ form, set, fieldError }: CardProps) {
  return (
    <View className="card" data-testid="client-form">
      <Text className="section-title">为群众代办</Text>
      <View className="field">
        <Text className="field-label">办事群众姓名</Text>
        <Input className="input" data-testid="client-name" value={form.name} maxlength={30} placeholder="与身份证一致" onInput={(e) => set('name', e.detail.value)} aria-label="办事群众姓名" />
        {fieldError('name')}
      </View>
      <View className="field">
        <Text className="field-label">身份证号（可不填）</Text>
        <Input className="input" data-testid="client-id" type="idcard" value={form.idNumber} maxlength={18} placeholder="18位身份证号" onInput={(e) => set('idNumber', e.detail.value.trim())} aria-label="身份证号" />
        {fieldError('idNumber')}
      </View>
      <View className="field">
        <Text className="field-label">群众手机号（可不填）</Text>
        <Input className="input" data-testid="client-phone" type="number" value={form.phone} maxlength={11} placeholder="11位手机号" onInput={(e) => set('phone', e.detail.value.trim())} aria-label="群众手机号" />
        {fieldError('phone')}
      </View>
      <Text className="text-2 block">由您受理并经办；代办须让群众签纸质委托书，受理时记下编号。</Text>
    </View>
  );
}

/** 您所在的村（社区）: the case goes to that point's 代办员 (else to the town). Optional. */
export function VillageCard({ form, set, fieldError, villages }: CardProps & { villages: VillageChoice[] }) {
  if (!villages.length) return null;
  return (
    <View className="card" data-testid="village">
      <Text className="section-title">您所在的村（社区）</Text>
      <Text className="text-2 block">选了村（社区），就由那里的代办员为您办理；不清楚可以不选。</Text>
      <View className="choice-row choice-wrap">
        {villages.map((v) => (
          <View key={v.id} className={`btn ${form.villageId === v.id ? 'choice-on' : ''}`} data-testid={`village-${v.id}`} onClick={() => set('villageId', form.villageId === v.id ? '' : v.id)} {...a11y('radio', { checked: form.villageId === v.id })}>
            {v.label}
          </View>
        ))}
      </View>
      {fieldError('villageId')}
    </View>
  );
}
