import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { TBooking } from '@bianmin/shared';
import { BOOKING_STATUS_LABELS } from '@bianmin/shared/constants';
import { ActionButton } from '../../../../components/action-button';
import { KeyValue } from '../../../../components/key-value';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useData } from '../../../../hooks/use-data';
import { useFeedback } from '../../../../hooks/use-feedback';
import { cancelBooking, getBooking, getQueuePlace, qrUrl } from '../../../../services/bookings';
import { listCenters } from '../../../../services/centers';
import { messageOf } from '../../../../services/request';
import { slotText } from '../../../../utils/china-time';
import { CancelCard } from '../../components/cancel-card';
import { pageUrl } from '../../../../utils/page-url';
import '../../components/booking.scss';

const ACTIVE = ['booked', 'checked_in', 'received'];

/**
 * One booking: the confirmation right after booking (`new=1`) or changing it (`changed=1`), and the page to come
 * back to — the code and QR to show at the window, when and where, what to bring, and how to cancel or change.
 */
export default function BookingDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  // Back from 改约 (a refused change leaves this page in place): show the current state.
  const booking = useData(id, () => getBooking(id), { refreshOnShow: true });
  const centers = useData('centers', listCenters);
  const [busy, setBusy] = useState(false);
  const { feedback, show } = useFeedback();

  const cancel = async (b: TBooking) => {
    setBusy(true);
    try {
      booking.setData(await cancelBooking(b.id));
      show('success', '预约已取消，名额已释放');
      return true;
    } catch (e) {
      show('error', messageOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell className="booking-detail">
      <LoadState state={booking}>
        {(b) => (
          <>
            {params.new ? (
              <Notice tone="success" testId="booking-done">
                预约成功！到时请带上材料，在窗口出示下面的预约码。
              </Notice>
            ) : null}
            {params.changed ? (
              <Notice tone="success" testId="booking-changed">
                改约成功，时间已更新为下面的时间。
              </Notice>
            ) : null}
            {feedback ? <Notice tone={feedback.tone}>{feedback.text}</Notice> : null}
            {b.status === 'cancelled' ? (
              <Notice tone="info" testId="booking-cancelled">
                这个预约已取消，不用再去窗口，名额已释放。要办理请重新预约。
              </Notice>
            ) : null}
            <CodeCard booking={b} />
            <View className="card">
              <Text className="section-title">办什么、什么时候、去哪里</Text>
              <KeyValue label="办理事项" strong>
                {b.itemName}
              </KeyValue>
              <KeyValue label="预约时间" strong testId="booking-time">
                {slotText(b.slotStart, b.slotEnd)}
              </KeyValue>
              <KeyValue label="办理地点" testId="booking-place">
                {b.place}
              </KeyValue>
              <KeyValue label="办理窗口">{b.windowName}</KeyValue>
              <KeyValue label="办理人" testId="booking-person">
                {b.personName}
                {b.bookedFor === 'self' ? '（本人）' : '（家人）'}
              </KeyValue>
              {ACTIVE.includes(b.status) ? (
                <Text className="text-2 block">请按时到达。不能来请提前取消：预约了不来又不取消会记为爽约，多次爽约会暂停网上预约。</Text>
              ) : null}
            </View>
            {b.status === 'served' ? <RateBox booking={b} /> : null}
            {b.status === 'booked' || b.status === 'checked_in' ? <BringCard booking={b} /> : null}
            <CancelCard booking={b} center={(centers.data ?? []).find((c) => c.id === b.centerId)} busy={busy} onCancel={() => cancel(b)} />
            <ActionButton block data-testid="go-my-bookings" onClick={() => Taro.switchTab({ url: '/pages/booking/index' })}>
              查看我的全部预约
            </ActionButton>
          </>
        )}
      </LoadState>
    </PageShell>
  );
}

/** The code (and QR) to show at the window, the status and the queue number once checked in. */
function CodeCard({ booking }: { booking: TBooking }) {
  return (
    <View className="card code-card">
      <Text className={`status-tag status-${booking.status}`} data-testid="booking-status">
        {BOOKING_STATUS_LABELS[booking.status]}
      </Text>
      <Text className="text-2 block">预约码</Text>
      <Text className="booking-code" data-testid="booking-code">
        {booking.code}
      </Text>
      {ACTIVE.includes(booking.status) ? (
        <View>
          <Image className="qr" src={qrUrl(booking.code)} mode="scaleToFill" data-testid="booking-qr" aria-label={`预约码二维码 ${booking.code}`} />
          <Text className="text block">到窗口出示这个码（或报出上面的8位码）签到取号。</Text>
        </View>
      ) : null}
      {booking.ticket ? (
        <Text className="title block" data-testid="booking-ticket">
          排队号：{booking.ticket.label}
        </Text>
      ) : null}
      {booking.ticket && ['waiting', 'called', 'skipped', 'transferred'].includes(booking.ticket.status) ? <QueuePlace bookingId={booking.id} /> : null}
    </View>
  );
}

/** 排队进度: how many are ahead and the estimated wait, refreshed when the page comes back into view. */
function QueuePlace({ bookingId }: { bookingId: string }) {
  const place = useData(`place-${bookingId}`, () => getQueuePlace(bookingId), { refreshOnShow: true });
  const p = place.data;
  if (!p) return null;
  const text =
    p.status === 'called'
      ? `正在叫您的号，请到${p.windowName}办理`
      : p.status === 'skipped'
        ? `您的号已过号${p.canRequeue ? '，请到窗口说明，可重新排队一次' : ''}`
        : p.ahead === 0
          ? `下一个就是您，请到${p.windowName}附近等候`
          : `前面还有 ${p.ahead} 位，预计等候约 ${p.estimatedMinutes} 分钟（${p.windowName}）`;
  return (
    <View data-testid="queue-place">
      <Text className="text strong block">
        {p.label}：{text}
      </Text>
      <Text className="text-2 block">前面还剩3位时会发送“即将到号”提醒。</Text>
      <ActionButton data-testid="queue-place-refresh" onClick={() => void place.reload()}>
        刷新排队进度
      </ActionButton>
    </View>
  );
}

/** 这次办得怎么样: once served, the way to 好差评. */
function RateBox({ booking }: { booking: TBooking }) {
  return (
    <View className="card" data-testid="rate-box">
      <Text className="section-title">这次办得怎么样？</Text>
      <Text className="text block">事情已办结，请为这次服务评价（好差评），一次服务评一次。</Text>
      <ActionButton
        tone="primary"
        block
        data-testid="rate-service"
        onClick={() => Taro.navigateTo({ url: pageUrl('rate', { kind: 'booking', id: booking.id, name: booking.itemName }) })}
      >
        评价本次服务
      </ActionButton>
    </View>
  );
}

/** 请携带以下材料: what the saved checklist still misses, or the whole 办事指南 list. */
function BringCard({ booking }: { booking: TBooking }) {
  const missing = booking.missing ?? [];
  return (
    <View className="card" data-testid="bring">
      <Text className="section-title">请携带以下材料</Text>
      {missing.length > 0 ? (
        <View data-testid="missing">
          <Text className="text block">按您保存的清单，下面这些还没准备好，请备齐后再来：</Text>
          {missing.map((m, i) => (
            <Text key={m.key} className="missing-row text strong">
              {i + 1}. {m.name}
            </Text>
          ))}
        </View>
      ) : (
        <Text className="text block">请按办事指南带齐全部材料。</Text>
      )}
      <ActionButton block data-testid="open-item-checklist" onClick={() => Taro.navigateTo({ url: pageUrl('checklist', { id: booking.itemId }) })}>
        查看需要的材料清单
      </ActionButton>
    </View>
  );
}
