import { Input, Text, View } from '@tarojs/components';
import type { TBookingCreate } from '@bianmin/shared';
import { a11y } from '../../../utils/a11y';

const RELATIONS = ['父母', '配偶', '子女', '其他亲属'];

/** 为家人预约: who the booking is for, as typed. */
export interface Family {
  name: string;
  idNumber: string;
  phone: string;
  relation: string;
}

export const EMPTY_FAMILY: Family = { name: '', idNumber: '', phone: '', relation: '' };

/**
 * Quick checks on the phone, without the zod schemas (they would add ~100 KB to the subpackage); the API's
 * ZPerson is the full rule (check digit included) and its field messages are shown at the fields too.
 */
export function familyErrors(f: Family): Record<string, string> {
  const errs: Record<string, string> = {};
  if (!f.name.trim()) errs.name = '请填写家人姓名';
  if (!/^\d{17}[\dXx]$/.test(f.idNumber)) errs.idNumber = '身份证号应为18位，最后一位可以是X';
  if (f.phone && !/^1[3-9]\d{9}$/.test(f.phone)) errs.phone = '请填写11位手机号，或不填';
  return errs;
}

/** The booking's `person` for a family member (the ID number upper-cased, empty optional fields left out). */
export function familyPerson(f: Family): NonNullable<TBookingCreate['person']> {
  return {
    name: f.name.trim(),
    idNumber: f.idNumber.toUpperCase(),
    ...(f.phone ? { phone: f.phone } : {}),
    ...(f.relation ? { relation: f.relation } : {}),
  };
}

interface Props {
  family: Family;
  errors: Record<string, string>;
  onChange: (k: keyof Family, v: string) => void;
}

/** 家人 name, ID number, phone and relation, each error at its field. */
export function FamilyForm({ family, errors, onChange }: Props) {
  return (
    <View data-testid="family-form">
      <View className="field">
        <Text className="field-label">家人姓名</Text>
        <Input className="input" data-testid="family-name" value={family.name} maxlength={30} placeholder="与身份证一致" onInput={(e) => onChange('name', e.detail.value)} aria-label="家人姓名" />
        {errors.name ? <Text className="field-error">{errors.name}</Text> : null}
      </View>
      <View className="field">
        <Text className="field-label">身份证号</Text>
        <Input className="input" data-testid="family-id" type="idcard" value={family.idNumber} maxlength={18} placeholder="18位身份证号" onInput={(e) => onChange('idNumber', e.detail.value.trim())} aria-label="身份证号" />
        {errors.idNumber ? <Text className="field-error">{errors.idNumber}</Text> : null}
      </View>
      <View className="field">
        <Text className="field-label">家人手机号（可不填）</Text>
        <Input className="input" data-testid="family-phone" type="number" value={family.phone} maxlength={11} placeholder="用于提醒" onInput={(e) => onChange('phone', e.detail.value.trim())} aria-label="家人手机号" />
        {errors.phone ? <Text className="field-error">{errors.phone}</Text> : null}
      </View>
      <Text className="field-label">是您的</Text>
      <View className="choice-row relation-row">
        {RELATIONS.map((r) => (
          <View key={r} className={`btn ${family.relation === r ? 'choice-on' : ''}`} onClick={() => onChange('relation', r)} {...a11y('radio', { checked: family.relation === r })}>
            {r}
          </View>
        ))}
      </View>
      <Text className="text-2 block">身份证号只用于窗口核对身份，加密保存。</Text>
    </View>
  );
}
