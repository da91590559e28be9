import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '../../../../components/action-button';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { useData } from '../../../../hooks/use-data';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { downloadFile } from '../../../../utils/download';
import { CountedAt } from '../../components/counted-at';
import { centerScorecards, monthPeriod, rateText, type TScoreLine } from '../../services/evaluation';
import '../../styles/evaluation.scss';

const SECTIONS: { key: 'centers' | 'windows' | 'staff' | 'agents'; title: string }[] = [
  { key: 'centers', title: '服务中心' },
  { key: 'windows', title: '窗口' },
  { key: 'staff', title: '工作人员' },
  { key: 'agents', title: '代办员' },
];

const COLUMNS: { label: string; cell: (l: TScoreLine) => string }[] = [
  { label: '受理办件', cell: (l) => String(l.windowCases.received) },
  { label: '即办/承诺/联办/上报', cell: (l) => `${l.windowCases.immediate}/${l.windowCases.committed}/${l.windowCases.joint}/${l.windowCases.reported}` },
  { label: '补办/退办', cell: (l) => `${l.windowCases.supplemented}/${l.windowCases.refused}` },
  { label: '办结', cell: (l) => String(l.windowCases.completed) },
  { label: '按时办结率', cell: (l) => rateText(l.windowCases.onTimeRate) },
  { label: '预约接待', cell: (l) => String(l.served) },
  { label: '好评率', cell: (l) => rateText(l.goodRate) },
  { label: '差评', cell: (l) => String(l.badCount) },
  { label: '整改率', cell: (l) => rateText(l.rectifiedRate) },
  { label: '未评价率', cell: (l) => rateText(l.unratedRate) },
  { label: '代办限时办结率', cell: (l) => rateText(l.onTimeRate) },
  { label: '失误', cell: (l) => String(l.lapses) },
];

/**
 * 考核 (admin): the center and below, by center, window, staff member and agent, for this month or last month — as
 * cards on a phone, the full table on a wide screen, and the same figures as an Excel file.
 */
export default function Scorecards() {
  const { user } = useSession();
  const [offset, setOffset] = useState(0);
  const month = monthPeriod(offset);
  const centerId = user?.role === 'admin' ? user.centerId : undefined;
  const cards = useData(centerId ? `${centerId}|${month}` : null, () => centerScorecards(centerId ?? '', `month:${month}`));
  const data = cards.data;
  const error = cards.error;
  const [exported, setExported] = useState('');
  const exportXlsx = async () => {
    try {
      setExported(await downloadFile(`/api/admin/scorecards.xlsx?centerId=${encodeURIComponent(centerId ?? '')}&period=month:${month}`, { filename: `考核-${month}.xlsx`, fileType: 'xlsx' }));
    } catch (e) {
      setExported(e instanceof Error ? e.message : '导出失败，请稍后再试');
    }
  };

  if (!centerId) {
    return (
      <PageShell>
        <Notice tone="error">考核数据只供中心管理员查看。</Notice>
      </PageShell>
    );
  }

  return (
    <PageShell>
      <View className="choice-row">
        {[0, 1].map((o) => (
          <View key={o} className={`btn${o === offset ? ' choice-on' : ''}`} data-testid={`period-${o}`} onClick={() => setOffset(o)} {...a11y('button', { pressed: o === offset })}>
            {o === 0 ? '本月' : '上月'}（{monthPeriod(o)}）
          </View>
        ))}
      </View>
      <ActionButton block data-testid="scorecards-export" onClick={() => void exportXlsx()}>
        导出 Excel（{month}）
      </ActionButton>
      {exported ? <Notice tone="info">{exported}</Notice> : null}
      {error ? (
        <Notice tone="error" testId="scorecards-error">
          {error}
        </Notice>
      ) : null}
      {!data && !error ? <Notice>正在查询…</Notice> : null}
      <CountedAt at={data?.countedAt} />
      {data
        ? SECTIONS.map((s) => (
            <View key={s.key} className="card" data-testid={`scorecards-${s.key}`}>
              <Text className="section-title">{s.title}</Text>
              {data[s.key].length === 0 ? (
                <Text className="text-2 block">本期没有数据。</Text>
              ) : (
                <>
                  {/* On a phone: one card per center, window or person, every figure labelled. */}
                  <View className="score-cards" data-testid="score-cards">
                    {data[s.key].map((l) => (
                      <View key={l.key} className="score-card" data-testid="score-card" data-key={l.key}>
                        <Text className="text strong block">{l.name}</Text>
                        {COLUMNS.map((c) => (
                          <View key={c.label} className="score-card-row">
                            <Text className="score-card-label">{c.label}</Text>
                            <Text className="score-card-value">{c.cell(l)}</Text>
                          </View>
                        ))}
                      </View>
                    ))}
                  </View>
                <View className="score-table">
                  <View className="score-row score-head">
                    <Text className="score-cell score-name">名称</Text>
                    {COLUMNS.map((c) => (
                      <Text key={c.label} className="score-cell">
                        {c.label}
                      </Text>
                    ))}
                  </View>
                  {data[s.key].map((l) => (
                    <View key={l.key} className="score-row" data-testid="score-line" data-key={l.key}>
                      <Text className="score-cell score-name">{l.name}</Text>
                      {COLUMNS.map((c) => (
                        <Text key={c.label} className="score-cell">
                          {c.cell(l)}
                        </Text>
                      ))}
                    </View>
                  ))}
                </View>
                </>
              )}
            </View>
          ))
        : null}
    </PageShell>
  );
}
