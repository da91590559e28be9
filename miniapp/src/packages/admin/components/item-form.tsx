/**
 * The 办事指南 form: every element an administrator writes — names, window, limits, fee, visits, place and hours,
 * conditions, the yes/no questions, materials (with the question that makes each one needed), steps and FAQs.
 * Controlled: the page holds the item and saves it.
 */
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { TServiceItemInput } from '@bianmin/shared';
import { CASE_TYPES, CASE_TYPE_LABELS, CATEGORIES, MATERIAL_FORMS, MATERIAL_FORM_LABELS } from '@bianmin/shared/constants';
import { ActionButton } from '../../../components/action-button';
import { a11y } from '../../../utils/a11y';
import { FIELD_LABELS, freshKey } from './item-text';

type Item = TServiceItemInput;
type Material = Item['materials'][number];
type Set = (patch: Partial<Item>) => void;

const REQUIREMENTS = [
  { value: 'required', label: '必须' },
  { value: 'conditional', label: '视情况（某问题答“是”时）' },
  { value: 'optional', label: '可选' },
] as const;

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className="field">
      <Text className="field-label">{label}</Text>
      {children}
    </View>
  );
}

function TextField({ label, value, onChange, testId, number = false }: { label: string; value: string; onChange: (v: string) => void; testId: string; number?: boolean }) {
  return (
    <Field label={label}>
      <Input className="input" data-testid={testId} type={number ? 'number' : 'text'} value={value} onInput={(e) => onChange(e.detail.value)} aria-label={label} />
    </Field>
  );
}

function LongField({ label, value, onChange, testId, hint }: { label: string; value: string; onChange: (v: string) => void; testId: string; hint?: string }) {
  return (
    <Field label={hint ? `${label}（${hint}）` : label}>
      <Textarea className="admin-textarea" data-testid={testId} value={value} maxlength={5000} onInput={(e) => onChange(e.detail.value)} aria-label={label} />
    </Field>
  );
}

/** Buttons for one choice among a few (pressed = chosen). */
function Choice<T extends string>({ label, value, options, onPick, testId }: { label: string; value: T; options: readonly { value: T; label: string }[]; onPick: (v: T) => void; testId: string }) {
  return (
    <Field label={label}>
      <View className="choice-row" role="group" aria-label={label}>
        {options.map((o) => (
          <View key={o.value} className={`btn${o.value === value ? ' choice-on' : ''}`} data-testid={`${testId}-${o.value}`} onClick={() => onPick(o.value)} {...a11y('button', { pressed: o.value === value, focusable: true })}>
            {o.label}
          </View>
        ))}
      </View>
    </Field>
  );
}

function Toggle({ label, on, onChange, testId }: { label: string; on: boolean; onChange: (v: boolean) => void; testId: string }) {
  return (
    <View className={`btn${on ? ' choice-on' : ''}`} data-testid={testId} onClick={() => onChange(!on)} {...a11y('button', { pressed: on, label, focusable: true })}>
      {on ? `${label} ✓` : label}
    </View>
  );
}

const lines = (v: string) => v.split('\n').map((s) => s.trim()).filter(Boolean);
const num = (v: string) => (Number.isFinite(Number(v)) && v.trim() !== '' ? Math.max(0, Math.round(Number(v))) : 0);

function MaterialCard({ m, i, item, set }: { m: Material; i: number; item: Item; set: Set }) {
  const update = (patch: Partial<Material>) => {
    const next = { ...m, ...patch } as Material;
    if (next.requirement !== 'conditional') delete next.whenQuestion;
    else if (!next.whenQuestion) next.whenQuestion = item.questions[0]?.key;
    set({ materials: item.materials.map((x, j) => (j === i ? next : x)) });
  };
  const move = (d: number) => {
    const to = i + d;
    if (to < 0 || to >= item.materials.length) return;
    const list = [...item.materials];
    [list[i], list[to]] = [list[to], list[i]];
    set({ materials: list });
  };
  return (
    <View className="sub-card" data-testid={`material-edit-${i}`}>
      <TextField label={`材料${i + 1} 名称`} value={m.name} onChange={(name) => update({ name })} testId={`material-name-${i}`} />
      <Choice label="形式" value={m.form} options={MATERIAL_FORMS.map((f) => ({ value: f, label: MATERIAL_FORM_LABELS[f] }))} onPick={(form) => update({ form })} testId={`material-form-${i}`} />
      <TextField label="份数（只核验不收取填0）" value={String(m.copies)} number onChange={(v) => update({ copies: Math.min(20, num(v)) })} testId={`material-copies-${i}`} />
      <Choice label="是否必须" value={m.requirement} options={REQUIREMENTS} onPick={(requirement) => update({ requirement })} testId={`material-req-${i}`} />
      {m.requirement === 'conditional' ? (
        item.questions.length === 0 ? (
          <Text className="text-2 block">请先在“情形问题”里加一个问题（正面提问，如“是否委托他人代为办理？”）。</Text>
        ) : (
          <Choice label="哪个问题答“是”时需要" value={m.whenQuestion ?? ''} options={item.questions.map((q) => ({ value: q.key, label: q.text || q.key }))} onPick={(whenQuestion) => update({ whenQuestion })} testId={`material-when-${i}`} />
        )
      ) : null}
      <LongField label="注意事项" hint="可写替代材料，如“也可提供银行卡”" value={m.notes ?? ''} onChange={(v) => update({ notes: v || undefined })} testId={`material-notes-${i}`} />
      <TextField label="从哪里开（来源）" value={m.source ?? ''} onChange={(v) => update({ source: v || undefined })} testId={`material-source-${i}`} />
      <View className="choice-row">
        <ActionButton onClick={() => move(-1)}>上移</ActionButton>
        <ActionButton onClick={() => move(1)}>下移</ActionButton>
        <ActionButton tone="danger" data-testid={`material-remove-${i}`} onClick={() => set({ materials: item.materials.filter((_, j) => j !== i) })}>
          删除这项材料
        </ActionButton>
      </View>
    </View>
  );
}

export function ItemForm({ item, set }: { item: Item; set: Set }) {
  const L = FIELD_LABELS;
  return (
    <View data-testid="item-form">
      <View className="card">
        <Text className="section-title">基本信息</Text>
        <TextField label={L.code} value={item.code} onChange={(code) => set({ code })} testId="f-code" />
        <TextField label={L.name} value={item.name} onChange={(name) => set({ name })} testId="f-name" />
        <Choice label={L.category} value={item.category} options={CATEGORIES.map((c) => ({ value: c, label: c }))} onPick={(category) => set({ category })} testId="f-category" />
        <TextField label={L.department} value={item.department} onChange={(department) => set({ department })} testId="f-department" />
        <TextField label={`${L.window}（须与接受预约的窗口同名）`} value={item.window} onChange={(window) => set({ window })} testId="f-window" />
        <Choice label={L.caseType} value={item.caseType} options={CASE_TYPES.map((c) => ({ value: c, label: CASE_TYPE_LABELS[c] }))} onPick={(caseType) => set({ caseType })} testId="f-casetype" />
        <LongField label={L.legalBasis} hint="每行一条" value={item.legalBasis.join('\n')} onChange={(v) => set({ legalBasis: lines(v) })} testId="f-basis" />
        <LongField label={L.keywords} hint="每行一个俗称" value={item.keywords.join('\n')} onChange={(v) => set({ keywords: lines(v) })} testId="f-keywords" />
      </View>
      <View className="card">
        <Text className="section-title">时限、收费、跑几次</Text>
        <TextField label={`${L.legalLimitDays}（工作日，0为当场办结）`} number value={String(item.legalLimitDays)} onChange={(v) => set({ legalLimitDays: num(v) })} testId="f-legal-days" />
        <TextField label={`${L.committedLimitDays}（工作日，不超过法定时限）`} number value={String(item.committedLimitDays)} onChange={(v) => set({ committedLimitDays: num(v) })} testId="f-committed-days" />
        <TextField label={`${L.visits}（0为不用跑、网上办，须与流程一致）`} number value={String(item.visits)} onChange={(v) => set({ visits: Math.min(5, num(v)) })} testId="f-visits" />
        <View className="choice-row">
          <Toggle label="免费" on={item.fee.free} onChange={(free) => set({ fee: free ? { free: true } : { free: false, standard: item.fee.standard ?? '', basis: item.fee.basis ?? '' } })} testId="f-fee-free" />
        </View>
        {!item.fee.free ? (
          <>
            <TextField label="收费标准" value={item.fee.standard ?? ''} onChange={(standard) => set({ fee: { ...item.fee, standard } })} testId="f-fee-standard" />
            <TextField label="收费依据" value={item.fee.basis ?? ''} onChange={(basis) => set({ fee: { ...item.fee, basis } })} testId="f-fee-basis" />
          </>
        ) : null}
        <TextField label={L.place} value={item.place} onChange={(place) => set({ place })} testId="f-place" />
        <TextField label={L.hours} value={item.hours} onChange={(hours) => set({ hours })} testId="f-hours" />
        <TextField label={L.consultPhone} value={item.consultPhone} onChange={(consultPhone) => set({ consultPhone })} testId="f-consult" />
        <TextField label={L.complaintPhone} value={item.complaintPhone} onChange={(complaintPhone) => set({ complaintPhone })} testId="f-complaint" />
        <View className="choice-row" role="group" aria-label={L.assistance}>
          <Toggle label="帮办" on={item.assistance.help} onChange={(help) => set({ assistance: { ...item.assistance, help } })} testId="f-help" />
          <Toggle label="代办" on={item.assistance.delegate} onChange={(delegate) => set({ assistance: { ...item.assistance, delegate } })} testId="f-delegate" />
          <Toggle label="上门服务" on={item.assistance.homeVisit} onChange={(homeVisit) => set({ assistance: { ...item.assistance, homeVisit } })} testId="f-home" />
        </View>
      </View>
      <View className="card">
        <Text className="section-title">{L.conditions}</Text>
        <LongField label={L.conditions} hint="每行一条" value={item.conditions.join('\n')} onChange={(v) => set({ conditions: lines(v) })} testId="f-conditions" />
      </View>
      <View className="card" data-testid="questions-edit">
        <Text className="section-title">{L.questions}（决定“视情况”材料，请正面提问）</Text>
        {item.questions.map((q, i) => (
          <View key={q.key} className="sub-card">
            <TextField label={`问题${i + 1}`} value={q.text} onChange={(text) => set({ questions: item.questions.map((x, j) => (j === i ? { ...x, text } : x)) })} testId={`question-text-${i}`} />
            <ActionButton
              tone="danger"
              onClick={() =>
                set({
                  questions: item.questions.filter((_, j) => j !== i),
                  // A material whose question is gone becomes 必须 rather than pointing nowhere.
                  materials: item.materials.map((m) => (m.whenQuestion === q.key ? (({ whenQuestion: _w, ...rest }) => ({ ...rest, requirement: 'required' as const }))(m) : m)),
                })
              }
            >
              删除这个问题
            </ActionButton>
          </View>
        ))}
        <ActionButton data-testid="add-question" onClick={() => set({ questions: [...item.questions, { key: freshKey('q', item.questions.map((q) => q.key)), text: '' }] })}>
          添加问题
        </ActionButton>
      </View>
      <View className="card" data-testid="materials-edit">
        <Text className="section-title">{L.materials}</Text>
        {item.materials.map((m, i) => (
          <MaterialCard key={m.key} m={m} i={i} item={item} set={set} />
        ))}
        <ActionButton
          data-testid="add-material"
          onClick={() => set({ materials: [...item.materials, { key: freshKey('m', item.materials.map((m) => m.key)), name: '', form: 'original', copies: 1, requirement: 'required' }] })}
        >
          添加材料
        </ActionButton>
      </View>
      <View className="card" data-testid="steps-edit">
        <Text className="section-title">{L.procedure}</Text>
        {item.procedure.map((s, i) => (
          <View key={i} className="sub-card">
            <TextField label={`第${i + 1}步 名称`} value={s.title} onChange={(title) => set({ procedure: item.procedure.map((x, j) => (j === i ? { ...x, title } : x)) })} testId={`step-title-${i}`} />
            <LongField label="说明" value={s.description} onChange={(description) => set({ procedure: item.procedure.map((x, j) => (j === i ? { ...x, description } : x)) })} testId={`step-desc-${i}`} />
            <ActionButton tone="danger" onClick={() => set({ procedure: item.procedure.filter((_, j) => j !== i) })}>
              删除这一步
            </ActionButton>
          </View>
        ))}
        <ActionButton onClick={() => set({ procedure: [...item.procedure, { title: '', description: '' }] })}>添加步骤</ActionButton>
      </View>
      <View className="card">
        <Text className="section-title">{L.faqs}</Text>
        {item.faqs.map((f, i) => (
          <View key={i} className="sub-card">
            <TextField label={`问${i + 1}`} value={f.q} onChange={(q) => set({ faqs: item.faqs.map((x, j) => (j === i ? { ...x, q } : x)) })} testId={`faq-q-${i}`} />
            <LongField label="答" value={f.a} onChange={(a) => set({ faqs: item.faqs.map((x, j) => (j === i ? { ...x, a } : x)) })} testId={`faq-a-${i}`} />
            <ActionButton tone="danger" onClick={() => set({ faqs: item.faqs.filter((_, j) => j !== i) })}>
              删除
            </ActionButton>
          </View>
        ))}
        <ActionButton onClick={() => set({ faqs: [...item.faqs, { q: '', a: '' }] })}>添加常见问题</ActionButton>
      </View>
    </View>
  );
}
