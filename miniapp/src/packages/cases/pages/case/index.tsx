import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { TServiceItem, TWindowCaseDetail } from '@bianmin/shared';
import { DELIVERY_LABELS, DELIVERY_METHODS, type TDeliveryMethod } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { TickRow } from '../../../../components/tick-row';
import { useData } from '../../../../hooks/use-data';
import { useFeedback } from '../../../../hooks/use-feedback';
import { messageOf } from '../../../../services/request';
import { getItem } from '../../../../services/service-items';
import { a11y } from '../../../../utils/a11y';
import { CaseHead, EventList, MissingBox, NoticeList, StageList } from '../../components/case-parts';
import { completeCase, completeStage, getStaffCase, receiveMaterials, refuseCase, requestSupplement } from '../../services/cases';
import '../../styles/cases.scss';

type Panel = 'materials' | 'supplement' | 'refuse' | 'complete' | '';

/**
 * One 窗口办件 for the window staff: the case, every numbered notice with its print buttons (A4 and 80 mm slip), and
 * the next steps this member may take (the API's `actions`): 收到补正材料, 再次补正, 环节办结, 不予受理, 办结.
 */
export default function StaffCasePage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  return (
    <PageShell className="cases-case">
      <RoleGate roles={['staff', 'admin']} prompt="办件只供窗口工作人员查看，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index">
        {() => <StaffCase id={id} />}
      </RoleGate>
    </PageShell>
  );
}

function StaffCase({ id }: { id: string }) {
  const state = useData<TWindowCaseDetail>(id || null, () => getStaffCase(id), { refreshOnShow: true });
  const { feedback, show } = useFeedback();
  const [panel, setPanel] = useState<Panel>('');
  const [busy, setBusy] = useState('');

  /** Run one command; the answer is the updated case, shown at once. */
  const act = async (key: string, fn: () => Promise<TWindowCaseDetail>, done: string) => {
    setBusy(key);
    try {
      state.setData(await fn());
      setPanel('');
      show('success', done);
    } catch (e) {
      show('error', messageOf(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <LoadState state={state} loadingText="正在打开办件…">
      {(c) => {
        const nextStage = c.stages.findIndex((s) => !s.completedOn);
        const can = (a: TWindowCaseDetail['actions'][number]) => c.actions.includes(a);
        return (
          <View>
            <CaseHead c={c} />
            <MissingBox missing={c.missing} />
            {c.breaches.length ? (
              <Notice tone="error" testId="case-breaches">
                一次性告知未做到：第一次补正告知书没有列出 {c.breaches.join('、')}，已记入考核。
              </Notice>
            ) : null}
            <StageList c={c} />
            {feedback ? (
              <Notice tone={feedback.tone} testId="case-msg">
                {feedback.text}
              </Notice>
            ) : null}

            <View className="card" data-testid="case-actions">
              <Text className="section-title">办理</Text>
              {c.actions.length === 0 ? <Text className="text block">这件事已经办完，没有可做的操作。</Text> : null}
              {can('receive_materials') ? (
                <ActionButton tone="primary" block data-testid="act-materials" onClick={() => setPanel(panel === 'materials' ? '' : 'materials')}>
                  收到补正材料
                </ActionButton>
              ) : null}
              {panel === 'materials' ? <MaterialsPanel c={c} busy={busy === 'materials'} onSubmit={(keys) => void act('materials', () => receiveMaterials(c.id, keys), '已登记收到的材料')} /> : null}

              {can('complete_stage') && nextStage >= 0 ? (
                <ActionButton
                  tone="primary"
                  block
                  data-testid="act-stage"
                  loading={busy === 'stage'}
                  onClick={() => void act('stage', () => completeStage(c.id, nextStage), `第${nextStage + 1}个环节已办结`)}
                >
                  第{nextStage + 1}个环节（{c.stages[nextStage].department}）办完
                </ActionButton>
              ) : null}

              {can('complete') ? (
                <ActionButton tone="primary" block data-testid="act-complete" onClick={() => setPanel(panel === 'complete' ? '' : 'complete')}>
                  办结
                </ActionButton>
              ) : null}
              {panel === 'complete' ? <CompletePanel busy={busy === 'complete'} onSubmit={(result, delivery) => void act('complete', () => completeCase(c.id, result, delivery), '已办结，请打印办结单')} /> : null}

              {can('request_supplement') ? (
                <ActionButton block data-testid="act-supplement" onClick={() => setPanel(panel === 'supplement' ? '' : 'supplement')}>
                  再次补正
                </ActionButton>
              ) : null}
              {panel === 'supplement' ? (
                <SupplementPanel c={c} busy={busy === 'supplement'} onSubmit={(keys, note) => void act('supplement', () => requestSupplement(c.id, keys, note), '已出具补正告知书')} />
              ) : null}

              {can('refuse') ? (
                <ActionButton tone="danger" block data-testid="act-refuse" onClick={() => setPanel(panel === 'refuse' ? '' : 'refuse')}>
                  不予受理 / 退办
                </ActionButton>
              ) : null}
              {panel === 'refuse' ? <RefusePanel busy={busy === 'refuse'} onSubmit={(reason, basis) => void act('refuse', () => refuseCase(c.id, reason, basis), '已出具不予受理告知书')} /> : null}
            </View>

            <NoticeList notices={c.notices} printable />
            {c.rating ? (
              <View className="card" data-testid="case-rating">
                <Text className="section-title">评价</Text>
                <Text className="text block">{c.rating.rated ? '群众已评价。' : `评价二维码已印在办结单上，${c.rating.until}前有效。`}</Text>
              </View>
            ) : null}
            <EventList events={c.events} />
          </View>
        );
      }}
    </LoadState>
  );
}

/** 收到补正材料: tick what the applicant brought from the 补正告知书's list. */
function MaterialsPanel({ c, busy, onSubmit }: { c: TWindowCaseDetail; busy: boolean; onSubmit: (keys: string[]) => void }) {
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
function SupplementPanel({ c, busy, onSubmit }: { c: TWindowCaseDetail; busy: boolean; onSubmit: (keys: string[], note: string) => void }) {
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
function RefusePanel({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string, basis: string) => void }) {
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
function CompletePanel({ busy, onSubmit }: { busy: boolean; onSubmit: (result: string, delivery: TDeliveryMethod) => void }) {
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
