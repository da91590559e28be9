import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { chinaDate } from '@bianmin/shared/domain';
import { ActionButton } from '../../../../components/action-button';
import { KeyValue } from '../../../../components/key-value';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useData } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { publishReport, publishedMonths, reportDraft, type TReportDraft } from '../../services/admin';
import '../../components/admin.scss';

const monthText = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
const rate = (v: number | null) => (v === null ? '—' : `${v}%`);
function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function DraftFigures({ d }: { d: TReportDraft }) {
  return (
    <View className="card" data-testid="report-draft">
      <Text className="draft-mark" data-testid="draft-mark">
        草稿 · 不公开
      </Text>
      <Text className="title block">
        {d.centerName} {monthText(d.month)}（统计到 {d.countedTo}）
      </Text>
      <KeyValue label="受理办件">{d.cases.received} 件</KeyValue>
      <KeyValue label="办结">{d.cases.completed} 件</KeyValue>
      <KeyValue label="按时办结率">{rate(d.cases.onTimeRate)}</KeyValue>
      <KeyValue label="预约接待">{d.bookings.served} 人次</KeyValue>
      <KeyValue label="帮办/代办/上门">
        {d.assisted.help}/{d.assisted.delegate}/{d.assisted.home} 件
      </KeyValue>
      <KeyValue label="好评率">{rate(d.ratings.goodRate)}</KeyValue>
      <KeyValue label="差评（已整改）">
        {d.ratings.bad}（{d.ratings.badRectified}）
      </KeyValue>
      <KeyValue label="投诉建议（按时答复）">
        {d.complaints.total}（{d.complaints.answeredInTime}）
      </KeyValue>
    </View>
  );
}

/**
 * 月度公告 for the admin: the current month's draft at any time (marked 草稿, never public), and the final of last
 * month, published by the 5th (the job does it on days 1–5; this button does it now).
 */
export default function ReportAdmin() {
  const { user } = useSession();
  const centerId = user?.role === 'admin' ? (user.centerId ?? '') : '';
  const today = chinaDate(new Date());
  const month = today.slice(0, 7);
  const last = previousMonth(month);
  const [draft, setDraft] = useState<TReportDraft | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const months = useData(centerId ? `months|${centerId}` : null, () => publishedMonths(centerId));
  if (!centerId) {
    return (
      <PageShell>
        <Notice tone="error">月度公告由中心管理员生成和发布。</Notice>
      </PageShell>
    );
  }
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setMessage(null);
    try {
      await f();
    } catch (e) {
      setMessage({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  const lastPublished = (months.data?.items ?? []).some((m) => m.month === last);
  return (
    <PageShell className="admin">
      {message ? (
        <Notice tone={message.tone} testId="report-message">
          {message.text}
        </Notice>
      ) : null}
      <View className="card">
        <Text className="section-title">本月草稿（{monthText(month)}）</Text>
        <Text className="text-2 block">随时生成，只给管理员看；月底结束后再发布正式公告。</Text>
        <ActionButton tone="primary" block disabled={busy} data-testid="make-draft" onClick={() => void run(async () => setDraft(await reportDraft(centerId, month)))}>
          {draft ? '重新生成草稿' : '生成本月草稿'}
        </ActionButton>
      </View>
      {draft ? <DraftFigures d={draft} /> : null}
      <View className="card" data-testid="report-final">
        <Text className="section-title">上月正式公告（{monthText(last)}）</Text>
        <LoadState state={months}>
          {() => (
            <Text className="text block">
              {lastPublished ? '已发布，群众可以在“每月公开公告”看到。' : Number(today.slice(8)) <= 5 ? '还没有发布：请在本月5日前发布。' : '还没有发布：已过5日，请尽快发布。'}
            </Text>
          )}
        </LoadState>
        <ActionButton
          block
          disabled={busy}
          data-testid="publish-final"
          onClick={() =>
            void run(async () => {
              await publishReport(centerId, last);
              await months.reload();
              setMessage({ tone: 'success', text: `${monthText(last)}公告已发布。` });
            })
          }
        >
          {lastPublished ? '重新生成并发布上月公告' : '发布上月公告'}
        </ActionButton>
        <ActionButton block onClick={() => void Taro.navigateTo({ url: `/packages/report/pages/index/index?centerId=${centerId}` })}>
          查看群众看到的公告
        </ActionButton>
      </View>
    </PageShell>
  );
}
