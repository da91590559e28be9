import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { CountedAt } from '../../components/counted-at';
import { monthPeriod, myScorecard, rateText } from '../../services/evaluation';
import '../../styles/evaluation.scss';

function Big({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <View className="big-number" data-testid={testId}>
      <Text className="big-number-value">{value}</Text>
      <Text className="big-number-label">{label}</Text>
    </View>
  );
}

/** 我的考核: this month's or last month's figures of the signed-in staff member, as a few big numbers. */
export default function MyScorecard() {
  const [offset, setOffset] = useState(0);
  const month = monthPeriod(offset);
  // `line: null` is an answer: no figures for this person this month.
  const mine = useData(month, async () => {
    const r = await myScorecard(`month:${month}`);
    return { line: r.line, countedAt: r.countedAt };
  });
  const line = mine.data ? mine.data.line : undefined;
  const error = mine.error;

  return (
    <PageShell>
      <View className="choice-row">
        {[0, 1].map((o) => (
          <View key={o} className={`btn${o === offset ? ' choice-on' : ''}`} data-testid={`period-${o}`} onClick={() => setOffset(o)} {...a11y('button', { pressed: o === offset })}>
            {o === 0 ? '本月' : '上月'}（{monthPeriod(o)}）
          </View>
        ))}
      </View>
      {error ? (
        <Notice tone="error" testId="scorecard-error">
          {error}
        </Notice>
      ) : null}
      {line === undefined && !error ? <Notice>正在查询…</Notice> : null}
      <CountedAt at={mine.data?.countedAt} />
      {line === null ? <Notice testId="no-scorecard">这个月还没有您的考核数据。</Notice> : null}
      {line ? (
        <View className="card" data-testid="my-scorecard">
          <Text className="section-title">{line.name}</Text>
          <View className="big-numbers">
            <Big label="好评率" value={rateText(line.goodRate)} testId="score-good" />
            <Big label="差评" value={`${line.badCount}条`} testId="score-bad" />
            <Big label="整改率" value={rateText(line.rectifiedRate)} testId="score-rectified" />
            <Big label="未评价率" value={rateText(line.unratedRate)} testId="score-unrated" />
            <Big label="办件按时办结率" value={rateText(line.windowCases.onTimeRate)} testId="score-on-time" />
            <Big label="失误" value={`${line.lapses}次`} testId="score-lapses" />
          </View>
          <Text className="text-2 block" data-testid="score-cases">
            受理办件 {line.windowCases.received} 件（即办 {line.windowCases.immediate}、承诺 {line.windowCases.committed}、联办 {line.windowCases.joint}、上报{' '}
            {line.windowCases.reported}；补办 {line.windowCases.supplemented}、退办 {line.windowCases.refused}），办结 {line.windowCases.completed} 件，按时{' '}
            {line.windowCases.onTime} 件；超期 {line.windowCases.overdue} 个工作日，违反一次性告知 {line.windowCases.breaches} 次。
          </Text>
          <Text className="text-2 block">
            预约接待 {line.served} 人次，办结代办件 {line.casesFinished} 件（限时办结率 {rateText(line.onTimeRate)}），收到评价 {line.ratings} 条，投诉 {line.complaints} 件。
          </Text>
        </View>
      ) : null}
    </PageShell>
  );
}
