import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { isBadRating, RATING_DIMENSION_LABELS, RATING_DIMENSIONS, RATING_LEVEL_LABELS, type TRatingLevel } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { ApiError, messageOf } from '../../../../services/request';
import { decodeParam } from '../../../../utils/format';
import { FacePicker, LevelRow } from '../../../../components/level-picker';
import { rate, rateByCard, type TDims } from '../../services/feedback';
import '../../../../styles/feedback.scss';
import { ActionButton } from '../../../../components/action-button';
import { pageUrl } from '../../../../utils/page-url';
import { ServedBy } from './served-by';

const allAt = (l: TRatingLevel): TDims => ({ overall: l, efficiency: l, service: l, attitude: l });

/**
 * 评价 (好差评): one tap on a face is enough; the four on-site dimensions follow that choice and can be changed.
 * `kind`+`id`: a served booking or finished 代办 case of the signed-in citizen. `card`: a 评价卡 token, no sign-in.
 */
export default function RatePage() {
  const { params } = useRouter();
  const card = params.card ?? '';
  const kind = params.kind === 'case' ? 'case' : 'booking';
  const id = params.id ?? '';
  const name = decodeParam(params.name);
  const [level, setLevel] = useState<TRatingLevel | null>(null);
  const [dims, setDims] = useState<TDims | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; signIn: boolean } | null>(null);
  const [done, setDone] = useState<TRatingLevel | null>(null);

  const choose = (l: TRatingLevel) => {
    setLevel(l);
    setDims(allAt(l));
    setError(null);
  };

  const submit = async () => {
    if (!level || !dims) {
      setError({ text: '请先点选一个评价', signIn: false });
      return;
    }
    setBusy(true);
    setError(null);
    const input = { level, dims, ...(comment.trim() ? { comment: comment.trim() } : {}) };
    try {
      if (card) await rateByCard(card, input);
      else await rate({ kind, id }, input);
      setDone(level);
    } catch (e) {
      setError({ text: messageOf(e), signIn: e instanceof ApiError && e.code === 'UNAUTHENTICATED' });
    } finally {
      setBusy(false);
    }
  };

  if (!card && !id) {
    return (
      <PageShell>
        <Notice tone="error">没有找到要评价的服务，请从预约或代办页面进入。</Notice>
      </PageShell>
    );
  }

  if (done) {
    return (
      <PageShell>
        <Notice tone="success" testId="rate-done">
          谢谢您的评价！您选的是“{RATING_LEVEL_LABELS[done]}”。
        </Notice>
        {isBadRating(done) ? (
          <View className="card" data-testid="rate-bad-next">
            <Text className="text block">很抱歉这次没让您满意。工作人员会在1个工作日内回访联系您，核实情况并整改，整改结果会请您评价。</Text>
            {card ? null : <Text className="text-2 block">进度可在“我的 → 我的评价”查看。</Text>}
          </View>
        ) : null}
        {card ? null : (
          <ActionButton tone="primary" block data-testid="go-my-ratings" onClick={() => Taro.redirectTo({ url: pageUrl('myRatings') })}>
            查看我的评价
          </ActionButton>
        )}
      </PageShell>
    );
  }

  return (
    <PageShell>
      <View className="card">
        <Text className="title block">您对这次服务满意吗？</Text>
        {name ? <Text className="text-2 block">{name}</Text> : null}
        {card ? <Text className="text-2 block">凭评价卡评价，不用登录。</Text> : null}
      </View>
      {!card && kind === 'booking' ? <ServedBy bookingId={id} /> : null}

      <FacePicker value={level} onChange={choose} />

      {level && dims ? (
        <View className="card" data-testid="dims">
          <Text className="section-title">分项评价（已按您的选择填好，可以改）</Text>
          {RATING_DIMENSIONS.map((d) => (
            <View key={d} className="dim">
              <Text className="text strong block">{RATING_DIMENSION_LABELS[d]}</Text>
              <LevelRow value={dims[d]} testId={`dim-${d}`} label={RATING_DIMENSION_LABELS[d]} onChange={(l) => setDims({ ...dims, [d]: l })} />
            </View>
          ))}
        </View>
      ) : null}

      {level ? (
        <View className="field">
          <Text className="field-label">想说的话（可不填）</Text>
          <Textarea className="textarea" data-testid="rate-comment" value={comment} maxlength={500} placeholder={isBadRating(level) ? '哪里不满意？写清楚我们好改正' : '如 工作人员很耐心'} onInput={(e) => setComment(e.detail.value)} aria-label="想说的话" />
        </View>
      ) : null}

      {error ? (
        <Notice tone="error" testId="rate-error">
          {error.text}
        </Notice>
      ) : null}
      {error?.signIn ? (
        <ActionButton block data-testid="rate-login" onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
          去登录
        </ActionButton>
      ) : null}

      <ActionButton tone="primary" block data-testid="rate-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
        提交评价
      </ActionButton>
    </PageShell>
  );
}
