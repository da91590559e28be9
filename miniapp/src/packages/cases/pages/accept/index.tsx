import { useMemo, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TServiceItem, TWindowCaseDetail } from '@bianmin/shared';
import { checkMaterials, WINDOW_CASE_TYPE_LABELS } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { messageOf } from '../../../../services/request';
import { decodeParam, limitText } from '../../../../utils/format';
import { MissingBox } from '../../components/case-parts';
import { openCase } from '../../services/cases';
import { ApplicantField, checkApplicant, fieldErrorsOf, type Applicant, type FieldErrors } from './applicant';
import { MaterialsCard, QuestionsCard } from './checklist';
import { ItemPicker } from './item-picker';
import { Opened } from './opened';
import '../../styles/cases.scss';

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
  const [item, setItem] = useState<TServiceItem | null>(null);
  const [applicant, setApplicant] = useState<Applicant>({ name: initialName, phone: '', idNumber: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [has, setHas] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState('');
  const [opened, setOpened] = useState<TWindowCaseDetail | null>(null);

  const choose = (full: TServiceItem) => {
    setItem(full);
    setHas([]);
    setAnswers({});
  };

  const check = useMemo(() => (item ? checkMaterials(item, has, answers) : null), [item, has, answers]);

  if (opened) return <Opened c={opened} ticketLabel={ticketLabel} />;

  const setField = (key: keyof Applicant, value: string) => {
    setApplicant((a) => ({ ...a, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const toggle = (key: string) => setHas((h) => (h.includes(key) ? h.filter((k) => k !== key) : [...h, key]));

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

      <ItemPicker centerId={centerId} item={item} onChoose={choose} onClear={() => setItem(null)} />

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

      {item ? <QuestionsCard item={item} answers={answers} onAnswer={(key, yes) => setAnswers((x) => ({ ...x, [key]: yes }))} /> : null}
      {item ? <MaterialsCard item={item} answers={answers} has={has} check={check} onToggle={toggle} /> : null}

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
