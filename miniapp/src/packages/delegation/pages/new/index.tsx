import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { TDelegationCreate, TServiceItem } from '@bianmin/shared';
import type { TServiceMode } from '@bianmin/shared/domain';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { createDelegation } from '../../../../services/delegations';
import { getItem } from '../../../../services/service-items';
import { ApiError, messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { HOME_REASONS, SERVICE_MODE_LABELS, type THomeReason } from '../../../../utils/delegation-text';
import '../../../../styles/case.scss';
import { ActionButton } from '../../../../components/action-button';

const MODE_HINTS: Record<TServiceMode, string> = {
  help: '工作人员帮您准备材料，并陪您到窗口办理。',
  delegate: '您把材料交给代办员，由代办员全程替您办理，办好后送到您手上。',
  home: '行动不便的群众，工作人员上门为您办理。',
};

interface Form {
  forFamily: boolean;
  name: string;
  idNumber: string;
  phone: string;
  relation: string;
  contactPhone: string;
  reason: THomeReason | '';
  address: string;
  preferredTime: string;
  note: string;
}

const RELATIONS = ['父母', '配偶', '子女', '其他亲属'];
const PHONE = /^1[3-9]\d{9}$/;

/** Quick checks on the phone (no zod here); the API's schema is the full rule and its field messages show at the fields. */
function formErrors(f: Form, mode: TServiceMode): Record<string, string> {
  const errs: Record<string, string> = {};
  if (f.forFamily) {
    if (!f.name.trim()) errs.name = '请填写家人姓名';
    if (!/^\d{17}[\dXx]$/.test(f.idNumber)) errs.idNumber = '身份证号应为18位，最后一位可以是X';
    if (f.phone && !PHONE.test(f.phone)) errs.phone = '请填写11位手机号，或不填';
  }
  if (!PHONE.test(f.contactPhone)) errs.contactPhone = '请填写11位手机号，代办员会打这个电话联系您';
  if (mode === 'home') {
    if (!f.reason) errs.reason = '请选择需要上门的原因';
    if (f.address.trim().length < 4) errs.address = '请填写详细地址（村、组、门牌号）';
    if (!f.preferredTime.trim()) errs.preferredTime = '请填写希望上门的时间，如“工作日上午”';
  }
  return errs;
}

/** Map the API's field names (person.name, home.address, contactPhone) to this form's fields. */
const FIELD_MAP: Record<string, string> = {
  'person.name': 'name',
  'person.idNumber': 'idNumber',
  'person.phone': 'phone',
  contactPhone: 'contactPhone',
  'home.reason': 'reason',
  'home.address': 'address',
  'home.preferredTime': 'preferredTime',
  home: 'reason',
  note: 'note',
};

/**
 * 申请帮办 / 代办 / 上门服务 for one matter: for myself or a family member, a phone to be reached on, and for 上门服务
 * why, where and when. One screen, errors next to their field, 201 → the case page.
 */
export default function NewDelegation() {
  const { params } = useRouter();
  const itemId = params.itemId ?? '';
  const mode = (['help', 'delegate', 'home'].includes(params.mode ?? '') ? params.mode : 'delegate') as TServiceMode;
  const { user } = useSession();
  const [item, setItem] = useState<TServiceItem | null>(null);
  const [loadError, setLoadError] = useState('');
  const [form, setForm] = useState<Form>({ forFamily: false, name: '', idNumber: '', phone: '', relation: '', contactPhone: '', reason: '', address: '', preferredTime: '', note: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Taro.setNavigationBarTitle({ title: `申请${SERVICE_MODE_LABELS[mode]}` }).catch(() => undefined);
    getItem(itemId)
      .then((r) => setItem(r.data))
      .catch((e) => setLoadError(messageOf(e)));
    // Load once per opened page.
  }, []);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    // A field's message goes once the person changes it.
    setErrors((e) => (e[k] ? { ...e, [k]: '' } : e));
  };

  const submit = async () => {
    setError('');
    const errs = formErrors(form, mode);
    setErrors(errs);
    if (Object.keys(errs).length) {
      setError('有几项需要修改，请看红字提示');
      return;
    }
    const body: TDelegationCreate = {
      itemId,
      mode,
      contactPhone: form.contactPhone,
      ...(form.forFamily
        ? {
            person: {
              name: form.name.trim(),
              idNumber: form.idNumber.toUpperCase(),
              ...(form.phone ? { phone: form.phone } : {}),
              ...(form.relation ? { relation: form.relation } : {}),
            },
          }
        : {}),
      ...(mode === 'home' ? { home: { reason: form.reason as THomeReason, address: form.address.trim(), preferredTime: form.preferredTime.trim() } } : {}),
      ...(form.note.trim() ? { note: form.note.trim() } : {}),
    };
    setBusy(true);
    try {
      const c = await createDelegation(body);
      await Taro.redirectTo({ url: `/packages/delegation/pages/case/index?id=${c.id}&new=1` });
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields.filter((f) => FIELD_MAP[f.field]) : [];
      if (fields.length) setErrors(Object.fromEntries(fields.map((f) => [FIELD_MAP[f.field], f.message])));
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (!item) {
    return <PageShell>{loadError ? <Notice tone="error">{loadError}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  const fieldError = (k: string) => (errors[k] ? <Text className="field-error" data-testid={`error-${k}`}>{errors[k]}</Text> : null);

  return (
    <PageShell className="delegation-new">
      <View className="card" data-testid="delegation-target">
        <Text className="text-2 block">申请{SERVICE_MODE_LABELS[mode]}</Text>
        <Text className="title block">{item.name}</Text>
        <Text className="text block">{item.centerName}</Text>
        <Text className="text block">{MODE_HINTS[mode]}</Text>
        <Text className="text strong block">全程免费，代办员不收任何服务费。</Text>
      </View>

      {!user ? (
        <View className="card">
          <Notice>申请需要先登录，登录后回到这里继续。</Notice>
          <ActionButton tone="primary" block data-testid="login-to-apply" onClick={() => Taro.navigateTo({ url: '/pages/login/index?from=delegation' })}>
            登录后申请
          </ActionButton>
        </View>
      ) : (
        <View>
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

          <View className="card">
            <View className="field">
              <Text className="field-label">联系电话</Text>
              <Input className="input" data-testid="contact-phone" type="number" value={form.contactPhone} maxlength={11} placeholder="代办员打这个电话找您" onInput={(e) => set('contactPhone', e.detail.value.trim())} aria-label="联系电话" />
              {fieldError('contactPhone')}
            </View>
          </View>

          {mode === 'home' ? (
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
          ) : null}

          <View className="card">
            <View className="field">
              <Text className="field-label">想告诉代办员的话（可不填）</Text>
              <Textarea className="textarea" data-testid="note" value={form.note} maxlength={500} placeholder="如 什么时候方便联系" onInput={(e) => set('note', e.detail.value)} aria-label="备注" />
              {fieldError('note')}
            </View>
          </View>

          {error ? <Notice tone="error">{error}</Notice> : null}
          <ActionButton tone="primary" block data-testid="submit-delegation" loading={busy} disabled={busy} onClick={() => void submit()}>
            提交申请
          </ActionButton>
        </View>
      )}
    </PageShell>
  );
}
