import { useState, type ReactNode } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { TCaseStep, TDelegationCase, TServiceItem } from '@bianmin/shared';
import { MATERIAL_FORM_LABELS } from '@bianmin/shared/constants';
import { CASH_FEE_LIMIT_FEN } from '@bianmin/shared/domain';
import { ActionButton } from '../../../components/action-button';
import { TickRow } from '../../../components/tick-row';
import { a11y } from '../../../utils/a11y';
import { DELIVER_METHODS, type TDeliverMethod } from '../../../utils/delegation-text';

/** A step ready for the queue and its words for the pending list. */
export type Submit = (step: TCaseStep, label: string) => void;

function Field({ label, children, error }: { label: string; children: ReactNode; error?: string }) {
  return (
    <View className="field">
      <Text className="field-label">{label}</Text>
      {children}
      {error ? <Text className="field-error">{error}</Text> : null}
    </View>
  );
}

function SubmitRow({ action, text, onCancel, onSubmit, danger }: { action: string; text: string; onCancel: () => void; onSubmit: () => void; danger?: boolean }) {
  return (
    <View className="btn-row">
      <ActionButton data-testid={`cancel-${action}`} onClick={onCancel}>
        取消
      </ActionButton>
      <ActionButton tone={danger ? 'danger' : 'primary'} data-testid={`submit-${action}`} onClick={onSubmit}>
        {text}
      </ActionButton>
    </View>
  );
}

function TextForm(props: { action: 'suspend' | 'refuse' | 'complete' | 'note' | 'resume' | 'complete_correction'; title: string; placeholder: string; min: number; onCancel: () => void; onSubmit: (text: string) => void; danger?: boolean; button: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  return (
    <View className="panel" data-testid={`panel-${props.action}`}>
      <Field label={props.title} error={error}>
        <Textarea className="textarea" data-testid={`text-${props.action}`} value={text} maxlength={props.action === 'note' ? 500 : 300} placeholder={props.placeholder} onInput={(e) => setText(e.detail.value)} aria-label={props.title} />
      </Field>
      <SubmitRow
        action={props.action}
        text={props.button}
        danger={props.danger}
        onCancel={props.onCancel}
        onSubmit={() => {
          if (text.trim().length < props.min) {
            setError(props.min > 1 ? `请至少写${props.min}个字` : '请填写内容');
            return;
          }
          props.onSubmit(text.trim());
        }}
      />
    </View>
  );
}

/**
 * 受理: the agent takes the case. For 代办 not yet authorized, the signed paper 委托书's number can be recorded right
 * here (an agent filing for a client); it may also be left empty and recorded later.
 */
export function AcceptForm({ c, agentName, onCancel, submit }: { c: TDelegationCase; agentName: string; onCancel: () => void; submit: Submit }) {
  const [ref, setRef] = useState('');
  const askPaper = c.mode === 'delegate' && !c.authorized;
  return (
    <View className="panel" data-testid="panel-accept">
      <Text className="text block">受理后由您（{agentName}）经办此件，请尽快联系群众。</Text>
      {askPaper ? (
        <Field label="纸质委托书编号（已签的填写，可稍后再记）">
          <Input className="input" data-testid="accept-paper-ref" value={ref} maxlength={50} placeholder="委托书右上角的编号" onInput={(e) => setRef(e.detail.value)} aria-label="纸质委托书编号" />
        </Field>
      ) : null}
      <SubmitRow
        action="accept"
        text="确认受理"
        onCancel={onCancel}
        onSubmit={() => submit(askPaper && ref.trim() ? { action: 'accept', paper: { ref: ref.trim() } } : { action: 'accept' }, ref.trim() ? `受理，纸质委托书 ${ref.trim()}` : '受理')}
      />
    </View>
  );
}

/** 记录纸质委托书: the number written on the signed paper form. */
export function PaperAuthorizeForm({ onCancel, submit }: { onCancel: () => void; submit: Submit }) {
  const [ref, setRef] = useState('');
  const [error, setError] = useState('');
  return (
    <View className="panel" data-testid="panel-authorize">
      <Field label="纸质委托书编号" error={error}>
        <Input className="input" data-testid="paper-ref" value={ref} maxlength={50} placeholder="委托书右上角的编号" onInput={(e) => setRef(e.detail.value)} aria-label="纸质委托书编号" />
      </Field>
      <SubmitRow
        action="authorize"
        text="记录委托书"
        onCancel={onCancel}
        onSubmit={() => {
          if (!ref.trim()) return setError('请填写委托书编号');
          submit({ action: 'authorize', paper: { ref: ref.trim() } }, `纸质委托书 ${ref.trim()}`);
        }}
      />
    </View>
  );
}

interface Line {
  on: boolean;
  count: number;
}

/** 材料交接: the item's materials as a checklist with counts; signed on paper or to be confirmed by the citizen in the app. */
export function HandoverForm({ item, onCancel, submit }: { item: TServiceItem | null; onCancel: () => void; submit: Submit }) {
  const materials = item?.materials ?? [];
  const [lines, setLines] = useState<Record<string, Line>>(() =>
    Object.fromEntries(materials.map((m) => [m.key, { on: m.requirement === 'required', count: Math.max(1, m.copies) }])),
  );
  const [signed, setSigned] = useState(false);
  const [error, setError] = useState('');
  if (!item) return <View className="panel">正在读取该事项的材料清单…</View>;
  const setLine = (key: string, patch: Partial<Line>) => setLines((l) => ({ ...l, [key]: { ...l[key], ...patch } }));
  const chosen = materials.filter((m) => lines[m.key]?.on);
  return (
    <View className="panel" data-testid="panel-handover">
      <Text className="text strong block">收到了哪些材料（点一下勾选，再核对份数）</Text>
      {materials.map((m) => {
        const l = lines[m.key] ?? { on: false, count: 1 };
        return (
          <View key={m.key}>
            <TickRow checked={l.on} onToggle={() => setLine(m.key, { on: !l.on })} label={m.name} testId={`handover-${m.key}`}>
              <Text className="text block">{m.name}</Text>
              <Text className="text-2 block">
                {MATERIAL_FORM_LABELS[m.form]}
                {m.requirement === 'required' ? ' · 必须' : m.requirement === 'conditional' ? ' · 视情况' : ' · 可选'}
              </Text>
            </TickRow>
            {l.on ? (
              <View className="counter">
                <Text className="text">份数</Text>
                <View className="btn" onClick={() => setLine(m.key, { count: Math.max(1, l.count - 1) })} {...a11y('button', { label: `${m.name} 减一份` })}>
                  −
                </View>
                <Text className="count" data-testid={`count-${m.key}`}>
                  {l.count}
                </Text>
                <View className="btn" onClick={() => setLine(m.key, { count: Math.min(50, l.count + 1) })} {...a11y('button', { label: `${m.name} 加一份` })}>
                  +
                </View>
              </View>
            ) : null}
          </View>
        );
      })}
      <View className="panel-gap" />
      <TickRow checked={signed} onToggle={() => setSigned(!signed)} label="群众已在纸质交接单上签字" testId="signed-on-paper">
        <Text className="text block">群众已在纸质交接单上签字</Text>
        <Text className="text-2 block">不勾选时，请群众在小程序里确认交接清单。</Text>
      </TickRow>
      {error ? <Text className="field-error">{error}</Text> : null}
      <Text className="text block">共 {chosen.length} 项，{chosen.reduce((n, m) => n + (lines[m.key]?.count ?? 0), 0)} 份</Text>
      <SubmitRow
        action="handover"
        text="登记交接"
        onCancel={onCancel}
        onSubmit={() => {
          if (!chosen.length) return setError('请至少勾选一项收到的材料');
          submit(
            { action: 'handover', signedOnPaper: signed, lines: chosen.map((m) => ({ key: m.key, name: m.name, form: m.form, count: lines[m.key].count })) },
            `材料交接 ${chosen.length} 项`,
          );
        }}
      />
    </View>
  );
}

/** 转下一环节: names the stage it goes to. */
export function AdvanceForm({ c, onCancel, submit }: { c: TDelegationCase; onCancel: () => void; submit: Submit }) {
  const [note, setNote] = useState('');
  const next = c.state === 'handed_over' ? c.stages[0] : c.stages[c.stageIndex + 1];
  return (
    <View className="panel" data-testid="panel-advance">
      <Text className="text block">
        {c.state === 'handed_over' ? '开始办理，' : `「${c.stages[c.stageIndex]?.name}」完成，`}进入「{next?.name}」（{next?.days}个工作日内）。
      </Text>
      <Field label="说明（可不填）">
        <Input className="input" data-testid="text-advance" value={note} maxlength={300} placeholder="如 已送县中心综合窗口" onInput={(e) => setNote(e.detail.value)} aria-label="说明" />
      </Field>
      <SubmitRow action="advance" text="确认转下一环节" onCancel={onCancel} onSubmit={() => submit({ action: 'advance', ...(note.trim() ? { note: note.trim() } : {}) }, `转到「${next?.name ?? ''}」`)} />
    </View>
  );
}

/** 补正告知: everything missing at once — ticked from the item's materials plus anything typed, one per line. */
export function CorrectionForm({ item, onCancel, submit }: { item: TServiceItem | null; onCancel: () => void; submit: Submit }) {
  const [ticked, setTicked] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [error, setError] = useState('');
  const toggle = (name: string) => setTicked((t) => (t.includes(name) ? t.filter((x) => x !== name) : [...t, name]));
  return (
    <View className="panel" data-testid="panel-request_correction">
      <Text className="text strong block">一次告知群众还缺的全部材料</Text>
      {(item?.materials ?? []).map((m) => (
        <TickRow key={m.key} checked={ticked.includes(m.name)} onToggle={() => toggle(m.name)} label={m.name} testId={`missing-${m.key}`}>
          <Text className="text block">{m.name}</Text>
        </TickRow>
      ))}
      <Field label="其他还缺的（每行写一项）" error={error}>
        <Textarea className="textarea" data-testid="text-request_correction" value={other} maxlength={1000} placeholder="如 村委会出具的证明" onInput={(e) => setOther(e.detail.value)} aria-label="其他还缺的材料" />
      </Field>
      <SubmitRow
        action="request_correction"
        text="发出补正告知"
        onCancel={onCancel}
        onSubmit={() => {
          const missing = [...ticked, ...other.split(/\n|；|;/).map((s) => s.trim()).filter(Boolean)].map((s) => s.slice(0, 100));
          if (!missing.length) return setError('请勾选或填写还缺的材料');
          submit({ action: 'request_correction', missing: [...new Set(missing)].slice(0, 60) }, `补正告知：${missing.join('、')}`);
        }}
      />
    </View>
  );
}

/** 登记收费: legal fees only (service fees are never charged); cash to the agent up to 200 yuan against a receipt. */
export function FeeForm({ onCancel, submit }: { onCancel: () => void; submit: Submit }) {
  const [yuan, setYuan] = useState('');
  const [method, setMethod] = useState<'cash_to_agent' | 'paid_to_bank'>('cash_to_agent');
  const [receipt, setReceipt] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const limitYuan = CASH_FEE_LIMIT_FEN / 100;
  const fen = Math.round(Number(yuan) * 100);
  return (
    <View className="panel" data-testid="panel-fee">
      <View className="notice notice-info">代办服务一律免费，不收任何服务费。这里只登记部门依法收取的规费。</View>
      <Field label="规费金额（元）" error={errors.amount}>
        <Input className="input" data-testid="fee-amount" type="digit" value={yuan} maxlength={9} placeholder="如 20" onInput={(e) => setYuan(e.detail.value.trim())} aria-label="规费金额（元）" />
      </Field>
      <Text className="field-label">怎么交的</Text>
      <View className="choice-row choice-wrap">
        <View className={`btn ${method === 'cash_to_agent' ? 'choice-on' : ''}`} data-testid="fee-cash" onClick={() => setMethod('cash_to_agent')} {...a11y('radio', { checked: method === 'cash_to_agent' })}>
          现金交代办员（{limitYuan}元以内）
        </View>
        <View className={`btn ${method === 'paid_to_bank' ? 'choice-on' : ''}`} data-testid="fee-bank" onClick={() => setMethod('paid_to_bank')} {...a11y('radio', { checked: method === 'paid_to_bank' })}>
          申请人缴入部门账户
        </View>
      </View>
      {method === 'cash_to_agent' ? (
        <Field label="收据号（当场开收据）" error={errors.receipt}>
          <Input className="input" data-testid="fee-receipt" value={receipt} maxlength={50} placeholder="收据上的编号" onInput={(e) => setReceipt(e.detail.value)} aria-label="收据号" />
        </Field>
      ) : null}
      {errors.method ? <Text className="field-error">{errors.method}</Text> : null}
      <SubmitRow
        action="fee"
        text="登记收费"
        onCancel={onCancel}
        onSubmit={() => {
          const errs: Record<string, string> = {};
          if (!/^\d+(\.\d{1,2})?$/.test(yuan) || fen < 1) errs.amount = '请填写金额，如 20 或 12.5';
          if (method === 'cash_to_agent' && fen > CASH_FEE_LIMIT_FEN) errs.method = `超过${limitYuan}元的规费须由申请人直接缴入部门账户`;
          if (method === 'cash_to_agent' && !receipt.trim()) errs.receipt = '现金交代办员须当场开收据，请填写收据号';
          setErrors(errs);
          if (Object.keys(errs).length) return;
          submit(
            { action: 'fee', purpose: 'legal_fee', amountFen: fen, method, ...(method === 'cash_to_agent' ? { receiptNo: receipt.trim() } : {}) },
            `登记规费 ${yuan}元`,
          );
        }}
      />
    </View>
  );
}

export function DeliverForm({ onCancel, submit }: { onCancel: () => void; submit: Submit }) {
  const [method, setMethod] = useState<TDeliverMethod | ''>('');
  const [error, setError] = useState('');
  return (
    <View className="panel" data-testid="panel-deliver">
      <Text className="field-label">怎么送达的</Text>
      <View className="choice-row choice-wrap">
        {DELIVER_METHODS.map((m) => (
          <View key={m.key} className={`btn ${method === m.key ? 'choice-on' : ''}`} data-testid={`deliver-${m.key}`} onClick={() => setMethod(m.key)} {...a11y('radio', { checked: method === m.key })}>
            {m.label}
          </View>
        ))}
      </View>
      {error ? <Text className="field-error">{error}</Text> : null}
      <SubmitRow
        action="deliver"
        text="登记送达"
        onCancel={onCancel}
        onSubmit={() => {
          if (!method) return setError('请选择送达方式');
          submit({ action: 'deliver', method }, `送达：${DELIVER_METHODS.find((m) => m.key === method)?.label ?? ''}`);
        }}
      />
    </View>
  );
}

export function FollowUpForm({ onCancel, submit }: { onCancel: () => void; submit: Submit }) {
  const [satisfied, setSatisfied] = useState<boolean | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  return (
    <View className="panel" data-testid="panel-follow_up">
      <Text className="field-label">群众对这次代办满意吗</Text>
      <View className="choice-row">
        <View className={`btn ${satisfied === true ? 'choice-on' : ''}`} data-testid="satisfied-yes" onClick={() => setSatisfied(true)} {...a11y('radio', { checked: satisfied === true })}>
          满意
        </View>
        <View className={`btn ${satisfied === false ? 'choice-on' : ''}`} data-testid="satisfied-no" onClick={() => setSatisfied(false)} {...a11y('radio', { checked: satisfied === false })}>
          不满意
        </View>
      </View>
      <Field label="群众的意见（可不填）" error={error}>
        <Input className="input" value={note} maxlength={300} onInput={(e) => setNote(e.detail.value)} aria-label="群众的意见" />
      </Field>
      <SubmitRow
        action="follow_up"
        text="登记回访"
        onCancel={onCancel}
        onSubmit={() => {
          if (satisfied === null) return setError('请选择满意或不满意');
          submit({ action: 'follow_up', satisfied, ...(note.trim() ? { note: note.trim() } : {}) }, `回访：${satisfied ? '满意' : '不满意'}`);
        }}
      />
    </View>
  );
}

export { TextForm };
