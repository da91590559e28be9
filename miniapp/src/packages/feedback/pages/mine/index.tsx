import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TRating } from '@bianmin/shared';
import { isBadRating, RATING_LEVEL_LABELS, type TRatingLevel } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { RectificationSteps } from '../../../../components/rectification-steps';
import { Notice } from '../../../../components/notice';
import { useData } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { momentText } from '../../../../utils/china-time';
import { myRatings, rectificationFeedback } from '../../services/feedback';
import '../../../../styles/feedback.scss';
import { ActionButton } from '../../../../components/action-button';

/** A 差评's rectification: the four steps with the staff's notes, the deadlines, and the citizen's answer. */
function Rectification({ r, onAnswer, busy }: { r: TRating; onAnswer: (satisfied: boolean) => void; busy: boolean }) {
  const rect = r.rectification;
  if (!rect) return null;
  return (
    <View data-testid="rectification" data-status={rect.status}>
      <Text className="section-title">差评整改进度</Text>
      <Text className="text-2 block">回访期限：{momentText(rect.contactDue)}</Text>
      <Text className="text-2 block">整改期限：{momentText(rect.rectifyDue)}</Text>
      <RectificationSteps rect={rect} />
      {rect.status === 'reply' ? (
        <View className="card" data-testid="feedback-box">
          <Text className="text strong block">您对整改结果满意吗？</Text>
          <View className="btn-row">
            <ActionButton tone="primary" data-testid="satisfied-yes" loading={busy} disabled={busy} onClick={() => onAnswer(true)}>
              满意
            </ActionButton>
            <ActionButton tone="danger" data-testid="satisfied-no" disabled={busy} onClick={() => onAnswer(false)}>
              不满意
            </ActionButton>
          </View>
        </View>
      ) : null}
      {rect.status === 'closed' ? (
        <Text className="text strong block" data-testid="citizen-answer">
          整改已结束。您的反馈：{rect.citizenSatisfied ? '满意' : rect.citizenSatisfied === false ? '不满意' : '未反馈'}
        </Text>
      ) : null}
    </View>
  );
}

/** 我的评价: every rating I gave, and for a 差评 how it is being put right. */
export default function MyRatings() {
  const ratings = useData('mine', myRatings);
  const items = ratings.data;
  const [actError, setActError] = useState('');
  const [busy, setBusy] = useState('');
  const [answered, setAnswered] = useState('');
  const error = ratings.error || actError;

  const answer = async (id: string, satisfied: boolean) => {
    setBusy(id);
    try {
      const updated = await rectificationFeedback(id, satisfied);
      ratings.setData((list) => (list ?? []).map((r) => (r.id === id ? updated : r)));
      setAnswered(satisfied ? '谢谢！已记下您对整改结果满意。' : '已记下您不满意，中心会再跟进。');
      setActError('');
    } catch (e) {
      setActError(messageOf(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <PageShell>
      {answered ? (
        <Notice tone="success" testId="feedback-done">
          {answered}
        </Notice>
      ) : null}
      {error ? (
        <Notice tone="error" testId="ratings-error">
          {error}
        </Notice>
      ) : null}
      {ratings.errorCode === 'UNAUTHENTICATED' ? (
        <ActionButton tone="primary" block data-testid="ratings-login" onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
          去登录
        </ActionButton>
      ) : null}
      {!items && !error ? <Notice>正在打开…</Notice> : null}
      {items && items.length === 0 ? <Notice testId="no-ratings">您还没有评价过。办完事后可以在预约或代办页面评价。</Notice> : null}
      {(items ?? []).map((r) => (
        <View key={r.id} className="card" data-testid="my-rating" data-id={r.id}>
          <Text className="title block">{r.itemName}</Text>
          <Text className={`tag${isBadRating(r.level) ? ' tag-warn' : ' tag-green'}`} data-testid="my-rating-level">
            {RATING_LEVEL_LABELS[r.level as TRatingLevel]}
          </Text>
          <Text className="text-2 block">评价时间：{momentText(r.ratedAt)}</Text>
          {r.comment ? <Text className="text block">“{r.comment}”</Text> : null}
          <Rectification r={r} busy={busy === r.id} onAnswer={(s) => void answer(r.id, s)} />
        </View>
      ))}
    </PageShell>
  );
}
