import { useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import type { TServiceItem, TWindowCaseDetail } from '@bianmin/shared';
import { DELIVERY_LABELS, DELIVERY_METHODS, type TDeliveryMethod } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { TickRow } from '../../../../components/tick-row';
import { useData } from '../../../../hooks/use-data';
import { getItem } from '../../../../services/service-items';
import { a11y } from '../../../../utils/a11y';

/** The forms behind each next step of a case on the staff case page (收到补正材料, 再次补正, 不予受理, 办结). */

/** 收到补正材料: tick what the applicant brought from the 补正告知书's list. */
export function MaterialsPanel({ c, busy, onSubmit }: { c: TWindowCaseDetail; busy: boolean; onSubmit: (keys: string[]) => void }) {
  const [got, setGot] = useState<string[]>([]);
  const [error, setError] = useState('');
  return (
    <View className="case-panel" data-testid="panel-materials">
      <Text className="text strong block">勾选这次收到的材料</Text>
      {c.missing.map((m) => (
        <TickRow key={m.key} checked={got.includes(m.key)} onToggle={() => setGot((g) => (g.includes(m.key) ? g.filter((k) => k !== m.key) : [...g, m.key]))} label={m.name} testId={`got-${m.key}`}>
          <Text className="text block">{m.name}</Text>
        </TickRow>
      ))}
      {error ? <Text className="field-error">{error}</Text> : null}
      <ActionButton
        tone="primary"
        block
        data-testid="materials-submit"
        loading={busy}
        disabled={busy}
        onClick={() => {
          if (!got.length) return setError('请至少勾选一项收到的材料');
          setError('');
          onSubmit(got);
        }}
      >
        {got.length === c.missing.length ? '材料齐全，受理' : '登记收到的材料'}
      </ActionButton>
    </View>
  );
}

/** 再次补正: asking for something the first notice left out is recorded as a 一次性告知 breach, so say so first. */
export function SupplementPanel({ c, busy, onSubmit }: { c: TWindowCaseDetail; busy: boolean; onSubmit: (keys: string[], note: string) => void }) {
  const item = useData<TServiceItem>(c.itemId, async () => (await getItem(c.itemId)).data);
  const [keys, setKeys] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  return (
    <View className="case-panel" data-testid="panel-supplement">
      <Text className="text block">第一次补正告知书没有列出的材料，再要求补正会记为“一次性告知”未做到。</Text>
      <LoadState state={item} loadingText="正在读取材料清单…">
        {(it) => (
          <View>
            {it.materials.map((m) => (
              <TickRow key={m.key} checked={keys.includes(m.key)} onToggle={() => setKeys((k) => (k.includes(m.key) ? k.filter((x) => x !== m.key) : [...k, m.key]))} label={m.name} testId={`ask-${m.key}`}>
                <Text className="text block">{m.name}</Text>
              </TickRow>
            ))}
          </View>
        )}
      </LoadState>
      <Text className="field-label">说明（选填）</Text>
      <Textarea className="case-textarea" data-testid="supplement-note" value={note} maxlength={300} onInput={(e) => setNote(e.detail.value)} aria-label="补正说明" />
      {error ? <Text className="field-error">{error}</Text> : null}
      <ActionButton
        tone="primary"
        block
        data-testid="supplement-submit"
        loading={busy}
        disabled={busy}
        onClick={() => {
          if (!keys.length) return setError('请至少勾选一项需补正的材料');
          setError('');
          onSubmit(keys, note.trim());
        }}
      >
        出具补正告知书
      </ActionButton>
    </View>
  );
}

/** 不予受理 / 退办: reason and legal basis are both required, in writing. */
export function RefusePanel({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string, basis: string) => void }) {
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; basis?: string }>({});
  return (
    <View className="case-panel" data-testid="panel-refuse">
      <Text className="field-label">不予受理的理由</Text>
      <Textarea className="case-textarea" data-testid="refuse-reason" value={reason} maxlength={500} onInput={(e) => setReason(e.detail.value)} aria-label="不予受理的理由" />
      {errors.reason ? <Text className="field-error">{errors.reason}</Text> : null}
      <Text className="field-label">法律依据</Text>
      <Textarea className="case-textarea" data-testid="refuse-basis" value={basis} maxlength={500} onInput={(e) => setBasis(e.detail.value)} aria-label="法律依据" />
      {errors.basis ? <Text className="field-error">{errors.basis}</Text> : null}
      <ActionButton
        tone="danger"
        block
        data-testid="refuse-submit"
        loading={busy}
        disabled={busy}
        onClick={() => {
          const next = { reason: reason.trim() ? undefined : '请填写不予受理的理由', basis: basis.trim() ? undefined : '请填写法律依据' };
          setErrors(next);
          if (!next.reason && !next.basis) onSubmit(reason.trim(), basis.trim());
        }}
      >
        出具不予受理告知书
      </ActionButton>
    </View>
  );
}

/** 办结: the result and how it reaches the applicant. */
export function CompletePanel({ busy, onSubmit }: { busy: boolean; onSubmit: (result: string, delivery: TDeliveryMethod) => void }) {
  const [result, setResult] = useState('');
  const [delivery, setDelivery] = useState<TDeliveryMethod>('window');
  const [error, setError] = useState('');
  return (
    <View className="case-panel" data-testid="panel-complete">
      <Text className="field-label">办理结果</Text>
      <Textarea className="case-textarea" data-testid="complete-result" value={result} maxlength={500} placeholder="如：已办结，证件当场发放" onInput={(e) => setResult(e.detail.value)} aria-label="办理结果" />
      {error ? <Text className="field-error">{error}</Text> : null}
      <Text className="field-label">送达方式</Text>
      <View className="choice-row">
        {DELIVERY_METHODS.map((d) => (
          <View key={d} className={`btn ${delivery === d ? 'choice-on' : ''}`} data-testid={`delivery-${d}`} onClick={() => setDelivery(d)} {...a11y('radio', { checked: delivery === d, label: DELIVERY_LABELS[d] })}>
            {DELIVERY_LABELS[d]}
          </View>
        ))}
      </View>
      <ActionButton
        tone="primary"
        block
        data-testid="complete-submit"
        loading={busy}
        disabled={busy}
        onClick={() => {
          if (!result.trim()) return setError('请填写办理结果');
          setError('');
          onSubmit(result.trim(), delivery);
        }}
      >
        确认办结
      </ActionButton>
    </View>
  );
}
