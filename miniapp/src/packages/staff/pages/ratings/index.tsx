import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import { RATING_LEVEL_LABELS, RECTIFICATION_STEP_LABELS, RECTIFICATION_STEPS, type TRatingLevel } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { dayText, momentText } from '../../../../utils/china-time';
import { appealRating, centerRatings, decideAppeal, rectificationStep, type TRectAction, type TStaffRating } from '../../services/evaluation';
import '../../../../styles/feedback.scss';
import '../../styles/evaluation.scss';

interface Msg {
  tone: NoticeTone;
  text: string;
}

const APPEAL_LABELS = { pending: '申诉待复核', upheld: '申诉成立（不计入考核）', rejected: '申诉不成立' } as const;

/** The step that comes next, or null when the staff's part is done (waiting for the citizen, or closed). */
function nextAction(r: TStaffRating): TRectAction | null {
  const status = r.rectification?.status;
  if (!status) return null;
  if (status === 'open') return RECTIFICATION_STEPS[0];
  const i = RECTIFICATION_STEPS.indexOf(status as TRectAction);
  return i >= 0 && i < RECTIFICATION_STEPS.length - 1 ? RECTIFICATION_STEPS[i + 1] : null;
}

/**
 * 差评跟进 (staff/admin of the center): each 差评 with the rater's phone, the deadlines and the steps so far, a form
 * for the next step (回访→核实→整改→答复) and 申诉 for a wrong or malicious rating. `?mode=appeals` (admin):
 * 申诉复核 — every rating of the center with an appeal waiting for a decision.
 */
export default function StaffRatings() {
  const { user } = useSession();
  const { params } = useRouter();
  const appeals = params.mode === 'appeals';
  const isStaff = user?.role === 'staff' || user?.role === 'admin';
  const isAdmin = user?.role === 'admin';
  const [items, setItems] = useState<TStaffRating[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [appealOpen, setAppealOpen] = useState('');
  const [msgs, setMsgs] = useState<Record<string, Msg>>({});
  const [busy, setBusy] = useState('');

  const load = useCallback(() => {
    if (!isStaff) return;
    centerRatings(!appeals)
      .then((list) => {
        setItems(appeals ? list.filter((r) => r.appeal?.status === 'pending') : list);
        setLoadError('');
      })
      .catch((e) => setLoadError(messageOf(e)));
  }, [isStaff, appeals]);
  useEffect(load, [load]);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: appeals ? '申诉复核' : '差评跟进' }).catch(() => undefined);
  }, [appeals]);

  if (!isStaff) {
    return (
      <PageShell>
        <Notice tone="error">这个页面只供工作人员使用，请用工作人员账号登录。</Notice>
        <Button className="btn btn-primary btn-block" data-testid="go-staff-login" onClick={() => Taro.redirectTo({ url: '/packages/staff/pages/login/index' })}>
          工作人员登录
        </Button>
      </PageShell>
    );
  }

  const note = (key: string) => notes[key] ?? '';
  const setNote = (key: string, v: string) => setNotes((n) => ({ ...n, [key]: v }));
  const run = async (r: TStaffRating, key: string, fn: () => Promise<TStaffRating>, done: string) => {
    setBusy(key);
    try {
      const updated = await fn();
      setItems((list) => (list ?? []).map((x) => (x.id === r.id ? { ...x, ...updated } : x)));
      setNote(key, '');
      setMsgs((m) => ({ ...m, [r.id]: { tone: 'success', text: done } }));
      if (key.startsWith('appeal-')) setAppealOpen('');
    } catch (e) {
      setMsgs((m) => ({ ...m, [r.id]: { tone: 'error', text: messageOf(e) } }));
    } finally {
      setBusy('');
    }
  };

  return (
    <PageShell>
      {loadError ? (
        <Notice tone="error" testId="ratings-error">
          {loadError}
        </Notice>
      ) : null}
      {!items && !loadError ? <Notice>正在查询…</Notice> : null}
      {items?.length === 0 ? <Notice testId="no-bad-ratings">{appeals ? '没有待复核的申诉。' : '本中心没有差评。'}</Notice> : null}
      {(items ?? []).map((r) => {
        const rect = r.rectification;
        const next = nextAction(r);
        const msg = msgs[r.id];
        return (
          <View key={r.id} className="card" data-testid="bad-rating" data-id={r.id} data-status={rect?.status ?? ''}>
            <Text className="title block">{r.itemName}</Text>
            <View className="tags">
              <Text className={`tag${r.level <= 2 ? ' tag-warn' : ''}`} data-testid="bad-rating-level">
                {RATING_LEVEL_LABELS[r.level as TRatingLevel]}
              </Text>
              {r.appeal ? <Text className="tag">{APPEAL_LABELS[r.appeal.status]}</Text> : null}
              {r.excluded ? <Text className="tag tag-green">不计入考核</Text> : null}
            </View>
            <Text className="text-2 block">评价时间：{momentText(r.ratedAt)}</Text>
            {r.comment ? <Text className="text block">“{r.comment}”</Text> : <Text className="text-2 block">（没有写评价内容）</Text>}
            {r.raterPhone ? <PhoneLink phone={r.raterPhone} label="评价人" testId="rater-phone" /> : <Text className="text-2 block">评价人没有留电话（评价卡）</Text>}
            {rect ? (
              <View>
                <Text className="text block">回访期限：{dayText(rect.contactDue)}</Text>
                <Text className="text block">整改期限：{dayText(rect.rectifyDue)}</Text>
                <View className="steps">
                  {RECTIFICATION_STEPS.map((a, i) => {
                    const step = rect.steps.find((s) => s.action === a);
                    return (
                      <View key={a} className={`step${step ? ' step-done' : ''}`} data-testid={`step-${a}`} data-done={step ? 'yes' : 'no'}>
                        <Text className="text strong block">
                          {i + 1}. {RECTIFICATION_STEP_LABELS[a]}
                          {step ? '（已完成）' : '（未完成）'}
                        </Text>
                        {step ? (
                          <Text className="text block">
                            {momentText(step.at)}：{step.note}
                          </Text>
                        ) : null}
                      </View>
                    );
                  })}
                </View>
                {rect.status === 'reply' ? <Text className="text block">已答复群众，等待群众反馈是否满意。</Text> : null}
                {rect.status === 'closed' ? (
                  <Text className="text strong block">整改已结束。群众反馈：{rect.citizenSatisfied ? '满意' : rect.citizenSatisfied === false ? '不满意' : '未反馈'}</Text>
                ) : null}
              </View>
            ) : null}

            {msg ? (
              <Notice tone={msg.tone} testId="rating-msg">
                {msg.text}
              </Notice>
            ) : null}

            {next && !appeals ? (
              <View className="step-form" data-testid="step-form" data-action={next}>
                <Text className="text strong block">下一步：{RECTIFICATION_STEP_LABELS[next]}</Text>
                <Textarea
                  className="textarea"
                  data-testid="step-note"
                  value={note(`step-${r.id}`)}
                  maxlength={500}
                  placeholder="写明做了什么（至少2个字）"
                  onInput={(e) => setNote(`step-${r.id}`, e.detail.value)}
                  aria-label={`${RECTIFICATION_STEP_LABELS[next]}情况`}
                />
                <Button
                  className="btn btn-primary btn-block"
                  data-testid="step-submit"
                  loading={busy === `step-${r.id}`}
                  disabled={busy === `step-${r.id}` || note(`step-${r.id}`).trim().length < 2}
                  onClick={() => void run(r, `step-${r.id}`, () => rectificationStep(r.id, next, note(`step-${r.id}`).trim()), `已记录“${RECTIFICATION_STEP_LABELS[next]}”`)}
                >
                  记录{RECTIFICATION_STEP_LABELS[next]}
                </Button>
              </View>
            ) : null}

            {!r.appeal && !appeals && appealOpen !== r.id ? (
              <Button className="btn btn-block" data-testid="appeal-open" onClick={() => setAppealOpen(r.id)}>
                申诉（错评、恶意差评）
              </Button>
            ) : null}
            {appealOpen === r.id ? (
              <View className="step-form" data-testid="appeal-form">
                <Text className="text strong block">申诉理由</Text>
                <Textarea
                  className="textarea"
                  data-testid="appeal-reason"
                  value={note(`appeal-${r.id}`)}
                  maxlength={1000}
                  placeholder="写明为什么是错评或恶意差评（至少5个字）"
                  onInput={(e) => setNote(`appeal-${r.id}`, e.detail.value)}
                  aria-label="申诉理由"
                />
                <View className="btn-row">
                  <Button className="btn" onClick={() => setAppealOpen('')}>
                    不申诉
                  </Button>
                  <Button
                    className="btn btn-primary"
                    data-testid="appeal-submit"
                    loading={busy === `appeal-${r.id}`}
                    disabled={busy === `appeal-${r.id}` || note(`appeal-${r.id}`).trim().length < 5}
                    onClick={() => void run(r, `appeal-${r.id}`, () => appealRating(r.id, note(`appeal-${r.id}`).trim()), '申诉已提交，等待管理员复核')}
                  >
                    提交申诉
                  </Button>
                </View>
              </View>
            ) : null}
            {r.appeal ? (
              <Text className="text block" data-testid="appeal-reason-text">
                申诉理由：{r.appeal.reason}
                {r.appeal.decisionReason ? `；复核意见：${r.appeal.decisionReason}` : ''}
              </Text>
            ) : null}

            {isAdmin && r.appeal?.status === 'pending' ? (
              <View className="step-form" data-testid="appeal-decision">
                <Text className="text strong block">申诉复核（申诉人本人不能复核）</Text>
                <Textarea
                  className="textarea"
                  data-testid="decision-reason"
                  value={note(`decide-${r.id}`)}
                  maxlength={1000}
                  placeholder="复核意见（至少5个字）"
                  onInput={(e) => setNote(`decide-${r.id}`, e.detail.value)}
                  aria-label="复核意见"
                />
                <View className="btn-row">
                  {(['upheld', 'rejected'] as const).map((d) => (
                    <Button
                      key={d}
                      className={d === 'upheld' ? 'btn btn-primary' : 'btn btn-danger'}
                      data-testid={`decision-${d}`}
                      loading={busy === `decide-${r.id}-${d}`}
                      disabled={busy !== '' || note(`decide-${r.id}`).trim().length < 5}
                      onClick={() =>
                        void run(r, `decide-${r.id}-${d}`, () => decideAppeal(r.id, d, note(`decide-${r.id}`).trim()), d === 'upheld' ? '申诉成立：该评价不再计入考核' : '申诉不成立')
                      }
                    >
                      {d === 'upheld' ? '申诉成立' : '申诉不成立'}
                    </Button>
                  ))}
                </View>
              </View>
            ) : null}
          </View>
        );
      })}
    </PageShell>
  );
}
