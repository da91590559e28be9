import { useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { TServiceItem, TServiceItemSummary, TWindowCaseDetail } from '@bianmin/shared';
import { checkMaterials, WINDOW_CASE_TYPE_LABELS } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { SearchBox } from '../../../../components/search-box';
import { TickRow } from '../../../../components/tick-row';
import { ApiError, messageOf } from '../../../../services/request';
import { getItem, searchItems } from '../../../../services/service-items';
import { a11y } from '../../../../utils/a11y';
import { decodeParam, formText, limitText } from '../../../../utils/format';
import { CaseHead, MissingBox, NoticeList } from '../../components/case-parts';
import { openCase } from '../../services/cases';
import '../../styles/cases.scss';

const PHONE = /^1[3-9]\d{9}$/;
const ID_NUMBER = /^\d{17}[\dXx]$/;

interface Applicant {
  name: string;
  phone: string;
  idNumber: string;
}

type FieldErrors = Partial<Record<keyof Applicant, string>>;

/** Client-side checks of what the API would refuse, so the staff member sees it next to the field at once. */
function checkApplicant(a: Applicant): FieldErrors {
  const errors: FieldErrors = {};
  if (!a.name.trim()) errors.name = '请填写申请人姓名';
  if (a.phone.trim() && !PHONE.test(a.phone.trim())) errors.phone = '手机号格式不正确';
  if (a.idNumber.trim() && !ID_NUMBER.test(a.idNumber.trim())) errors.idNumber = '身份证号应为18位';
  return errors;
}

/** The API's field errors (`applicant.phone`) on the applicant's fields. */
function fieldErrorsOf(e: unknown): FieldErrors {
  if (!(e instanceof ApiError)) return {};
  const out: FieldErrors = {};
  for (const f of e.fields) {
    const key = f.field.replace(/^applicant\./, '') as keyof Applicant;
    if (key === 'name' || key === 'phone' || key === 'idNumber') out[key] = f.message;
  }
  return out;
}

/**
 * 受理 panel (窗口办件): after a number is called, find the matter (Chinese or pinyin, as citizens search), the case
 * type follows the item, the applicant (a walk-in may give only a name), the item's materials as big tick boxes
 * (conditional ones follow the checklist's yes/no questions, by the shared 一次性告知 rule) → 受理 when complete,
 * else 补正 with a 补正告知书 listing everything missing at once. One tap; then the numbered notice to print.
 */
export default function AcceptPage() {
  const { params } = useRouter();
  const ticketId = params.ticketId ?? '';
  const ticketLabel = decodeParam(params.label);
  return (
    <PageShell className="cases-accept">
      <RoleGate roles={['staff', 'admin']} prompt="受理办件只供窗口工作人员使用，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index">
        {(user) => (
          <AcceptForm
            centerId={user.centerId ?? ''}
            ticketId={ticketId}
            ticketLabel={ticketLabel}
            windowId={params.windowId ?? ''}
            initialName={decodeParam(params.name)}
          />
        )}
      </RoleGate>
    </PageShell>
  );
}

interface FormProps {
  centerId: string;
  ticketId: string;
  ticketLabel: string;
  windowId: string;
  initialName: string;
}

function AcceptForm({ centerId, ticketId, ticketLabel, windowId, initialName }: FormProps) {
  const [results, setResults] = useState<TServiceItemSummary[] | null>(null);
  const [searchMsg, setSearchMsg] = useState('');
  const [item, setItem] = useState<TServiceItem | null>(null);
  const [applicant, setApplicant] = useState<Applicant>({ name: initialName, phone: '', idNumber: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [has, setHas] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState('');
  const [opened, setOpened] = useState<TWindowCaseDetail | null>(null);

  const search = async (q: string) => {
    setSearchMsg('');
    setResults(null);
    if (!q) {
      setSearchMsg('请输入事项名称或拼音');
      return;
    }
    try {
      const page = await searchItems({ q, centerId: centerId || undefined, size: 20 });
      setResults(page.data.items);
      if (!page.data.items.length) setSearchMsg('本中心没有找到这个事项，换个说法或拼音首字母试试');
    } catch (e) {
      setSearchMsg(messageOf(e));
    }
  };

  const choose = async (summary: TServiceItemSummary) => {
    setSearchMsg('');
    try {
      const full = await getItem(summary.id);
      setItem(full.data);
      setHas([]);
      setAnswers({});
      setResults(null);
    } catch (e) {
      setSearchMsg(messageOf(e));
    }
  };

  const check = useMemo(() => (item ? checkMaterials(item, has, answers) : null), [item, has, answers]);

  if (opened) return <Opened c={opened} ticketLabel={ticketLabel} />;

  const setField = (key: keyof Applicant, value: string) => {
    setApplicant((a) => ({ ...a, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const toggle = (key: string) => setHas((h) => (h.includes(key) ? h.filter((k) => k !== key) : [...h, key]));
  const shown = item?.materials.filter((m) => m.requirement !== 'conditional' || answers[m.whenQuestion ?? ''] === true) ?? [];

  const submit = async () => {
    setSubmitError('');
    const found = checkApplicant(applicant);
    setErrors(found);
    if (!item || !check) {
      setSubmitError('请先选择办理的事项');
      return;
    }
    if (Object.keys(found).length) {
      setSubmitError('申请人信息有误，请检查');
      return;
    }
    if (check.unanswered.length) {
      setSubmitError(`请先回答：${check.unanswered.map((q) => q.text).join('；')}`);
      return;
    }
    setBusy(true);
    try {
      const phone = applicant.phone.trim();
      const idNumber = applicant.idNumber.trim().toUpperCase();
      const c = await openCase({
        itemId: item.id,
        ...(ticketId ? { ticketId } : windowId ? { windowId } : {}),
        applicant: { name: applicant.name.trim(), ...(phone ? { phone } : {}), ...(idNumber ? { idNumber } : {}) },
        receivedMaterials: has.filter((k) => item.materials.some((m) => m.key === k)),
        ...(Object.keys(answers).length ? { answers } : {}),
      });
      setOpened(c);
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setSubmitError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const complete = check?.complete === true;
  return (
    <View>
      <View className="card" data-testid="accept-head">
        <Text className="title block">受理办件</Text>
        <Text className="text-2 block">{ticketLabel ? `正在办理 ${ticketLabel} 号` : '窗口直接受理（没有取号）'}</Text>
      </View>

      <View className="card" data-testid="accept-item">
        <Text className="section-title">1. 办理事项</Text>
        {item ? (
          <View className="pick-row pick-row-on" data-testid="chosen-item">
            <Text className="text strong block">{item.name}</Text>
            <Text className="text-2 block">{item.department}</Text>
          </View>
        ) : null}
        {item ? (
          <ActionButton block data-testid="change-item" onClick={() => setItem(null)}>
            换一个事项
          </ActionButton>
        ) : (
          <View>
            <SearchBox onSearch={(q) => void search(q)} />
            {searchMsg ? <Notice tone="info">{searchMsg}</Notice> : null}
            {results?.map((r) => (
              <View key={r.id} className="pick-row" data-testid="item-result" onClick={() => void choose(r)} {...a11y('button', { label: r.name })}>
                <Text className="text strong block">{r.name}</Text>
                <Text className="text-2 block">
                  {WINDOW_CASE_TYPE_LABELS[r.caseType]} · {r.department}
                </Text>
              </View>
            ))}
          </View>
        )}
      </View>

      {item ? (
        <View className="card" data-testid="accept-type">
          <Text className="section-title">2. 办件类型</Text>
          <Text className="text strong block" data-testid="case-type">
            {WINDOW_CASE_TYPE_LABELS[item.caseType]}
          </Text>
          <Text className="text-2 block">
            由事项决定 · 承诺时限{limitText(item.committedLimitDays)}
            {item.caseType === 'immediate' ? ' · 材料齐全30分钟内办结' : ''}
          </Text>
        </View>
      ) : null}

      <View className="card" data-testid="accept-applicant">
        <Text className="section-title">3. 申请人</Text>
        <ApplicantField label="姓名" testId="applicant-name" value={applicant.name} error={errors.name} placeholder="申请人姓名" onInput={(v) => setField('name', v)} />
        <ApplicantField label="手机号（选填）" testId="applicant-phone" value={applicant.phone} error={errors.phone} placeholder="11位手机号，用于查进度和评价" type="number" maxlength={11} onInput={(v) => setField('phone', v)} />
        <ApplicantField label="身份证号（选填）" testId="applicant-id" value={applicant.idNumber} error={errors.idNumber} placeholder="18位身份证号" type="idcard" maxlength={18} onInput={(v) => setField('idNumber', v)} />
      </View>

      {item?.questions.length ? (
        <View className="card" data-testid="accept-questions">
          <Text className="section-title">4. 问申请人</Text>
          {item.questions.map((q) => (
            <View key={q.key} className="list-row" data-testid={`question-${q.key}`}>
              <Text className="text block">{q.text}</Text>
              <View className="choice-row">
                {[true, false].map((yes) => (
                  <View
                    key={String(yes)}
                    className={`btn ${answers[q.key] === yes ? 'choice-on' : ''}`}
                    data-testid={`question-${q.key}-${yes ? 'yes' : 'no'}`}
                    onClick={() => setAnswers((a) => ({ ...a, [q.key]: yes }))}
                    {...a11y('radio', { checked: answers[q.key] === yes, label: `${q.text} ${yes ? '是' : '否'}` })}
                  >
                    {yes ? '是' : '否'}
                  </View>
                ))}
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {item ? (
        <View className="card" data-testid="accept-materials">
          <Text className="section-title">{item.questions.length ? '5' : '4'}. 收到的材料</Text>
          <Text className="text-2 block">逐项核对，收到一项勾一项。</Text>
          {shown.map((m) => (
            <TickRow key={m.key} checked={has.includes(m.key)} onToggle={() => toggle(m.key)} label={m.name} testId={`material-${m.key}`}>
              <Text className="text block">{m.name}</Text>
              <Text className="text-2 block">
                {formText(m.form, m.copies)}
                {m.requirement === 'optional' ? ' · 选交' : ''}
              </Text>
            </TickRow>
          ))}
          {check ? (
            <Text className="text block" data-testid="material-count">
              需要 {check.neededCount} 项，已收 {check.haveCount} 项
            </Text>
          ) : null}
        </View>
      ) : null}

      {check && check.missing.length ? <MissingBox missing={check.missing} title="缺以下材料，将出具补正告知书" /> : null}
      {submitError ? (
        <Notice tone="error" testId="accept-error">
          {submitError}
        </Notice>
      ) : null}
      <ActionButton tone="primary" block data-testid="accept-submit" loading={busy} disabled={busy || !item} onClick={() => void submit()}>
        {!item ? '请先选择事项' : complete || (check?.missing.length ?? 0) === 0 ? '受理' : `补正（缺${check?.missing.length}项，出具补正告知书）`}
      </ActionButton>
    </View>
  );
}

interface FieldProps {
  label: string;
  testId: string;
  value: string;
  error?: string;
  placeholder: string;
  type?: 'text' | 'number' | 'idcard';
  maxlength?: number;
  onInput: (value: string) => void;
}

function ApplicantField({ label, testId, value, error, placeholder, type = 'text', maxlength = 50, onInput }: FieldProps) {
  return (
    <View className="field">
      <Text className="field-label">{label}</Text>
      <Input
        className="input"
        data-testid={testId}
        type={type}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
        aria-label={label}
      />
      {error ? (
        <Text className="field-error" data-testid={`${testId}-error`}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

/** After 受理 or 补正: the case, its progress code and the notice to print (A4 or the 80 mm slip). */
function Opened({ c, ticketLabel }: { c: TWindowCaseDetail; ticketLabel: string }) {
  return (
    <View data-testid="accept-done">
      <Notice tone="success" testId="accept-done-msg">
        {c.state === 'supplement' ? '已登记，请打印补正告知书交给申请人（一次告知全部所缺材料）。' : '已受理，请打印通知书交给申请人。'}
        {ticketLabel ? `（${ticketLabel} 号）` : ''}
      </Notice>
      <View className="card">
        <Text className="text-2 block">办件查询码（印在通知书上）</Text>
        <Text className="case-code" data-testid="accept-code">
          {c.code}
        </Text>
      </View>
      <CaseHead c={c} />
      <MissingBox missing={c.missing} />
      <NoticeList notices={c.notices} printable />
      <ActionButton tone="primary" block data-testid="open-case" onClick={() => void Taro.redirectTo({ url: `/packages/cases/pages/case/index?id=${c.id}` })}>
        查看办件、继续办理
      </ActionButton>
      <ActionButton block data-testid="back-workbench" onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/staff/pages/workbench/index' }))}>
        返回工作台
      </ActionButton>
    </View>
  );
}
