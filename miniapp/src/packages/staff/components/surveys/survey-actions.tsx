import { useState } from 'react';
import { Image, Input, Text, View } from '@tarojs/components';
import type { TSurveyResults } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { API_BASE } from '../../../../services/api-base';
import { messageOf } from '../../../../services/request';
import { absoluteUrl } from '../../../../utils/absolute-url';
import { downloadFile } from '../../../../utils/download';
import { publishSurvey, surveyCards, surveyResults } from '../../services/evaluation';
import type { Msg, TStoredSurvey } from './survey-form';
import { SurveyResults } from './survey-results';

/** One questionnaire of mine: publish it, print 评议卡 (a link and QR code each), read and export the results. */
export function SurveyActions({ current, onPublished }: { current: TStoredSurvey; onPublished: (id: string) => void }) {
  const [msg, setMsg] = useState<Msg | null>(null);
  const [busy, setBusy] = useState('');
  const [cardCount, setCardCount] = useState('10');
  const [cards, setCards] = useState<{ token: string; url: string }[]>([]);
  const [results, setResults] = useState<TSurveyResults | null>(null);

  const act = async (key: string, fn: () => Promise<string>) => {
    setBusy(key);
    setMsg(null);
    try {
      setMsg({ tone: 'success', text: await fn() });
    } catch (e) {
      setMsg({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy('');
    }
  };
  const publish = (s: TStoredSurvey) =>
    act('publish', async () => {
      await publishSurvey(s.id);
      onPublished(s.id);
      return '问卷已发布，群众可以填写了';
    });
  const makeCards = (s: TStoredSurvey) =>
    act('cards', async () => {
      const n = Number(cardCount);
      if (!Number.isInteger(n) || n < 1) throw new Error('评议卡张数请填写正整数');
      const list = await surveyCards(s.id, n);
      setCards(list.map((c) => ({ token: c.token, url: absoluteUrl(c.path) })));
      return `已生成 ${list.length} 张评议卡`;
    });
  const loadResults = (s: TStoredSurvey) =>
    act('results', async () => {
      const r = await surveyResults(s.id);
      setResults(r);
      return `有效问卷 ${r.responses} 份（目标样本 ${r.targetSample} 份）`;
    });
  const exportXlsx = (s: TStoredSurvey) => act('xlsx', () => downloadFile(`/api/admin/surveys/${encodeURIComponent(s.id)}/results.xlsx`, { filename: `评议结果-${s.title}.xlsx`, fileType: 'xlsx' }));

  return (
    <View className="card" data-testid="survey-actions" data-id={current.id} data-published={current.published ? 'yes' : 'no'}>
      <Text className="title block">{current.title}</Text>
      <Text className="text-2 block">{current.published ? '已发布：可以生成评议卡、查看结果' : '草稿：发布后群众才能填写，发布后不能再修改'}</Text>
      {msg ? (
        <Notice tone={msg.tone} testId="survey-msg">
          {msg.text}
        </Notice>
      ) : null}
      {!current.published ? (
        <ActionButton tone="primary" block data-testid="survey-publish" loading={busy === 'publish'} disabled={busy !== ''} onClick={() => void publish(current)}>
          发布
        </ActionButton>
      ) : null}
      <View className="step-form">
        <Text className="field-label block">评议卡张数</Text>
        <Input className="input" type="number" data-testid="card-count" value={cardCount} maxlength={4} onInput={(e) => setCardCount(e.detail.value)} aria-label="评议卡张数" />
        <ActionButton block data-testid="survey-cards" loading={busy === 'cards'} disabled={busy !== ''} onClick={() => void makeCards(current)}>
          生成评议卡
        </ActionButton>
      </View>
      {cards.map((c, i) => (
        <View key={c.token} className="survey-card" data-testid="survey-card">
          <Text className="text strong block">评议卡 {i + 1}</Text>
          <Text className="text block survey-link" data-testid="survey-card-link" userSelect>
            {c.url}
          </Text>
          <Image className="survey-qr" src={`${API_BASE}/api/qr.svg?text=${encodeURIComponent(c.url)}`} mode="aspectFit" aria-label={`评议卡 ${i + 1} 的二维码`} />
        </View>
      ))}
      <View className="btn-row">
        <ActionButton data-testid="survey-results" loading={busy === 'results'} disabled={busy !== ''} onClick={() => void loadResults(current)}>
          查看结果
        </ActionButton>
        <ActionButton data-testid="survey-xlsx" loading={busy === 'xlsx'} disabled={busy !== ''} onClick={() => void exportXlsx(current)}>
          导出Excel
        </ActionButton>
      </View>
      {results ? <SurveyResults results={results} /> : null}
    </View>
  );
}
