import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { TServiceItem, TUser } from '@bianmin/shared';
import type { TServiceMode } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useData } from '../../../../hooks/use-data';
import { createDelegation } from '../../../../services/delegations';
import { ApiError, messageOf } from '../../../../services/request';
import { getItem } from '../../../../services/service-items';
import { useSession } from '../../../../store/session';
import { SERVICE_MODE_LABELS } from '../../../../utils/delegation-text';
import { listCenters } from '../../../../services/centers';
import { EMPTY_FORM, FIELD_MAP, formErrors, toBody, villagesFor, type Form, type SetField } from '../../components/delegation-form';
import { HomeCard, VillageCard, WhoCard } from '../../components/form-cards';
import { pageUrl } from '../../../../utils/page-url';
import '../../../../styles/case.scss';

const MODE_HINTS: Record<TServiceMode, string> = {
  help: '工作人员帮您准备材料，并陪您到窗口办理。',
  delegate: '您把材料交给代办员，由代办员全程替您办理，办好后送到您手上。',
  home: '行动不便的群众，工作人员上门为您办理。',
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
  const item = useData(itemId, async () => (await getItem(itemId)).data);
  useEffect(() => {
    Taro.setNavigationBarTitle({ title: `申请${SERVICE_MODE_LABELS[mode]}` }).catch(() => undefined);
  }, [mode]);

  return (
    <PageShell className="delegation-new">
      <LoadState state={item}>
        {(it) => (
          <>
            <Target item={it} mode={mode} />
            {!user ? (
              <View className="card">
                <Notice>申请需要先登录，登录后回到这里继续。</Notice>
                <ActionButton tone="primary" block data-testid="login-to-apply" onClick={() => Taro.navigateTo({ url: '/pages/login/index?from=delegation' })}>
                  登录后申请
                </ActionButton>
              </View>
            ) : (
              <ApplyForm item={it} mode={mode} user={user} />
            )}
          </>
        )}
      </LoadState>
    </PageShell>
  );
}

function Target({ item, mode }: { item: TServiceItem; mode: TServiceMode }) {
  return (
    <View className="card" data-testid="delegation-target">
      <Text className="text-2 block">申请{SERVICE_MODE_LABELS[mode]}</Text>
      <Text className="title block">{item.name}</Text>
      <Text className="text block">{item.centerName}</Text>
      <Text className="text block">{MODE_HINTS[mode]}</Text>
      <Text className="text strong block">全程免费，代办员不收任何服务费。</Text>
    </View>
  );
}

function ApplyForm({ item, mode, user }: { item: TServiceItem; mode: TServiceMode; user: TUser }) {
  const itemId = item.id;
  const forClient = user.role === 'agent';
  // The county's village and community points (an agent files where they work, so only citizens choose).
  const villages = useData(forClient ? null : item.centerId, async () => (forClient ? [] : villagesFor(await listCenters(), item.centerId)));
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const set: SetField = (k, v) => {
    setForm((f) => ({ ...f, [k]: v }));
    // A field's message goes once the person changes it.
    setErrors((e) => (e[k] ? { ...e, [k]: '' } : e));
  };
  const fieldError = (k: string) =>
    errors[k] ? (
      <Text className="field-error" data-testid={`error-${k}`}>
        {errors[k]}
      </Text>
    ) : null;

  const submit = async () => {
    setError('');
    const errs = formErrors(form, mode, forClient);
    setErrors(errs);
    if (Object.keys(errs).length) {
      setError('有几项需要修改，请看红字提示');
      return;
    }
    setBusy(true);
    try {
      const c = await createDelegation(toBody(form, itemId, mode, forClient));
      // An agent's case opens in the agent's workbench (the citizen's page holds the citizen's own steps).
      await Taro.redirectTo({ url: forClient ? pageUrl('agentCase', { id: c.id }) : pageUrl('delegationCase', { id: c.id, new: 1 }) });
    } catch (e) {
      const fields = e instanceof ApiError ? e.fields.filter((f) => FIELD_MAP[f.field]) : [];
      if (fields.length) setErrors(Object.fromEntries(fields.map((f) => [FIELD_MAP[f.field], f.message])));
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <WhoCard form={form} set={set} fieldError={fieldError} user={user} />
      {villages.data?.length ? <VillageCard form={form} set={set} fieldError={fieldError} villages={villages.data} /> : null}
      <View className="card">
        <View className="field">
          <Text className="field-label">联系电话</Text>
          <Input className="input" data-testid="contact-phone" type="number" value={form.contactPhone} maxlength={11} placeholder="代办员打这个电话找您" onInput={(e) => set('contactPhone', e.detail.value.trim())} aria-label="联系电话" />
          {fieldError('contactPhone')}
        </View>
      </View>
      {mode === 'home' ? <HomeCard form={form} set={set} fieldError={fieldError} /> : null}
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
  );
}
