import { useEffect, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { listCenters } from '../../../../services/centers';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { monthText, ReportFigures } from '../../components/report-figures';
import { reportFigures, reportMonths } from '../../services/report';
import './index.scss';

/**
 * 每月公开公告 (public, no sign-in): pick a center, then a month; the figures as big rates and plain CSS bars, and
 * the PDF that is posted on the center's notice board. `?centerId=&month=` opens one directly.
 */
export default function Report() {
  const { params } = useRouter();
  const [centerId, setCenterId] = useState(params.centerId ?? '');
  const [month, setMonth] = useState(params.month ?? '');
  const centerList = useData('centers', listCenters);
  const centers = centerList.data;
  const monthList = useData(centerId || null, () => reportMonths(centerId));
  const months = monthList.data;
  const report = useData(centerId && month ? `${centerId}|${month}` : null, () => reportFigures(centerId, month));
  const error = centerList.error || monthList.error || report.error;

  // The month asked for if the center has it, else its latest.
  useEffect(() => {
    if (months) setMonth((m) => (m && months.includes(m) ? m : (months[0] ?? '')));
  }, [months]);

  const f = report.data;
  return (
    <PageShell>
      <View className="card" data-testid="report-centers">
        <Text className="section-title">选择服务中心</Text>
        {!centers && !error ? <Notice>正在打开…</Notice> : null}
        <View className="choice-grid">
          {(centers ?? []).map((c) => (
            <View
              key={c.id}
              className={`btn${c.id === centerId ? ' choice-on' : ''}`}
              data-testid="report-center"
              data-id={c.id}
              onClick={() => {
                setMonth('');
                setCenterId(c.id);
              }}
              {...a11y('button', { pressed: c.id === centerId, label: c.name })}
            >
              {c.name}
            </View>
          ))}
        </View>
      </View>

      {error ? (
        <Notice tone="error" testId="report-error">
          {error}
        </Notice>
      ) : null}

      {centerId && months ? (
        <View className="card" data-testid="report-months">
          <Text className="section-title">选择月份</Text>
          {months.length === 0 ? <Text className="text block" data-testid="no-reports">这个中心还没有发布月度公告。</Text> : null}
          <View className="choice-grid">
            {months.map((m) => (
              <View
                key={m}
                className={`btn${m === month ? ' choice-on' : ''}`}
                data-testid="report-month"
                data-month={m}
                onClick={() => setMonth(m)}
                {...a11y('button', { pressed: m === month })}
              >
                {monthText(m)}
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {centerId && month && !f && !error ? <Notice>正在读取公告…</Notice> : null}

      {f ? <ReportFigures f={f} centerId={centerId} /> : null}
    </PageShell>
  );
}
