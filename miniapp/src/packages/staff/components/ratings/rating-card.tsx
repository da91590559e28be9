import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { RATING_LEVEL_LABELS, RECTIFICATION_STEPS, isBadRating, type TRatingLevel } from '@bianmin/shared/constants';
import { ActionButton } from '../../../../components/action-button';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { RectificationSteps } from '../../../../components/rectification-steps';
import { messageOf } from '../../../../services/request';
import { dayText, momentText } from '../../../../utils/china-time';
import { appealRating, decideAppeal, rectificationStep, type TRectAction, type TStaffRating } from '../../services/evaluation';
import { AppealForm, DecisionForm, StepForm, type RunWrite } from './rating-forms';

const APPEAL_LABELS = { pending: '申诉待复核', upheld: '申诉成立（不计入考核）', rejected: '申诉不成立' } as const;

/** The step that comes next, or null when the staff's part is done (waiting for the citizen, or closed). */
function nextAction(r: TStaffRating): TRectAction | null {
  const status = r.rectification?.status;
  if (!status) return null;
  if (status === 'open') return RECTIFICATION_STEPS[0];
  const i = RECTIFICATION_STEPS.indexOf(status as TRectAction);
  return i >= 0 && i < RECTIFICATION_STEPS.length - 1 ? RECTIFICATION_STEPS[i + 1] : null;
}

interface Props {
  r: TStaffRating;
  /** 申诉复核 mode: only the admin's decision, no rectification or new appeals. */
  appeals: boolean;
  isAdmin: boolean;
  onUpdated: (r: TStaffRating) => void;
}

/** One 差评: the rater's words and phone, the deadlines and steps so far, and the form for what comes next. */
export function RatingCard({ r, appeals, isAdmin, onUpdated }: Props) {
  const [msg, setMsg] = useState<{ tone: NoticeTone; text: string } | null>(null);
  const [busy, setBusy] = useState('');
  const [appealOpen, setAppealOpen] = useState(false);
  const rect = r.rectification;
  const next = nextAction(r);

  const run: RunWrite = async (key, fn, done) => {
    setBusy(key);
    try {
      onUpdated({ ...r, ...((await fn()) as TStaffRating) });
      setMsg({ tone: 'success', text: done });
      return true;
    } catch (e) {
      setMsg({ tone: 'error', text: messageOf(e) });
      return false;
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="card" data-testid="bad-rating" data-id={r.id} data-status={rect?.status ?? ''}>
      <Text className="title block">{r.itemName}</Text>
      <View className="tags">
        <Text className={`tag${isBadRating(r.level) ? ' tag-warn' : ''}`} data-testid="bad-rating-level">
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
          <RectificationSteps rect={rect} />
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
      {next && !appeals ? <StepForm key={next} ratingId={r.id} next={next} busy={busy} run={run} submit={(note) => rectificationStep(r.id, next, note)} /> : null}
      {!r.appeal && !appeals && !appealOpen ? (
        <ActionButton block data-testid="appeal-open" onClick={() => setAppealOpen(true)}>
          申诉（错评、恶意差评）
        </ActionButton>
      ) : null}
      {appealOpen ? <AppealForm ratingId={r.id} busy={busy} run={run} submit={(reason) => appealRating(r.id, reason)} onClose={() => setAppealOpen(false)} /> : null}
      {r.appeal ? (
        <Text className="text block" data-testid="appeal-reason-text">
          申诉理由：{r.appeal.reason}
          {r.appeal.decisionReason ? `；复核意见：${r.appeal.decisionReason}` : ''}
        </Text>
      ) : null}
      {isAdmin && r.appeal?.status === 'pending' ? <DecisionForm ratingId={r.id} busy={busy} run={run} submit={(d, reason) => decideAppeal(r.id, d, reason)} /> : null}
    </View>
  );
}
