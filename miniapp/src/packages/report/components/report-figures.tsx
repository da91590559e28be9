import { Text, View } from '@tarojs/components';
import { CASE_TYPE_LABELS, RATING_LEVEL_LABELS, RATING_LEVELS } from '@bianmin/shared/constants';
import { reportPdfPath, type TReportFigures } from '../services/report';
import { Bars, BigRate } from './bars';
import { PdfLink } from './pdf-link';

export const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;

/** One month's 公告: the big rates, cases, 帮办代办, 好差评 and 投诉建议 as bars and sentences, and the PDF. */
export function ReportFigures({ f, centerId }: { f: TReportFigures; centerId: string }) {
  return (
    <View data-testid="report" data-month={f.month}>
      <View className="card">
        <Text className="title block" data-testid="report-title">
          {f.centerName} {monthText(f.month)}服务情况公告
        </Text>
        <View className="big-rates">
          <BigRate label="按时办结率" value={f.cases.onTimeRate} testId="rate-on-time" />
          <BigRate label="好评率" value={f.ratings.goodRate} testId="rate-good" />
          <BigRate label="未评价率" value={f.ratings.unratedRate} testId="rate-unrated" />
        </View>
      </View>

      <View className="card">
        <Text className="section-title">办件情况（受理 {f.cases.received} 件）</Text>
        <Bars
          testId="bars-cases"
          rows={[
            ...(Object.keys(CASE_TYPE_LABELS) as (keyof typeof CASE_TYPE_LABELS)[]).map((k) => ({ key: k, label: CASE_TYPE_LABELS[k], value: f.cases[k] })),
            { key: 'supplemented', label: '补办件', value: f.cases.supplemented },
            { key: 'refused', label: '退办件', value: f.cases.refused },
          ]}
        />
        <Text className="text block" data-testid="report-completed">
          办结 {f.cases.completed} 件，其中按时办结 {f.cases.onTime} 件；超期 {f.cases.overdue} 个工作日，违反一次性告知 {f.cases.breaches} 次；预约接待 {f.bookings.served} 人次
        </Text>
      </View>

      <View className="card">
        <Text className="section-title">帮办代办</Text>
        <Bars
          testId="bars-assisted"
          rows={[
            { key: 'help', label: '帮办', value: f.assisted.help },
            { key: 'delegate', label: '代办', value: f.assisted.delegate },
            { key: 'home', label: '上门服务', value: f.assisted.home },
          ]}
        />
        <Text className="text block" data-testid="report-assisted">
          代办办结 {f.assisted.finished} 件，限时办结率 {f.assisted.onTimeRate === null ? '—' : `${f.assisted.onTimeRate}%`}；退办 {f.assisted.refused} 件，补正 {f.assisted.corrected} 件
        </Text>
      </View>

      <View className="card">
        <Text className="section-title">好差评（共 {f.ratings.total} 条）</Text>
        <Bars testId="bars-ratings" unit="条" rows={RATING_LEVELS.map((l) => ({ key: String(l), label: RATING_LEVEL_LABELS[l], value: f.ratings.byLevel[String(l)] ?? 0 }))} />
        <Text className="text block" data-testid="report-bad">
          差评 {f.ratings.bad} 条，已整改 {f.ratings.badRectified} 条
        </Text>
      </View>

      <View className="card">
        <Text className="section-title">投诉建议</Text>
        <Text className="text block" data-testid="report-complaints">
          收到 {f.complaints.total} 件，已答复 {f.complaints.answered} 件，其中按时答复 {f.complaints.answeredInTime} 件
        </Text>
      </View>

      <PdfLink path={reportPdfPath(centerId, f.month)} />
    </View>
  );
}
