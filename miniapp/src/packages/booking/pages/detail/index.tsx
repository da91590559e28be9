import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { TBooking, TCenter } from '@bianmin/shared';
import { BOOKING_STATUS_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { cancelBooking, getBooking, qrUrl } from '../../../../services/bookings';
import { listCenters } from '../../../../services/centers';
import { messageOf } from '../../../../services/request';
import { useFeedback } from '../../../../hooks/use-feedback';
import { momentText, slotText } from '../../../../utils/china-time';
import '../../components/booking.scss';
import { ActionButton } from '../../../../components/action-button';

const ACTIVE = ['booked', 'checked_in', 'received'];

/**
 * One booking: the confirmation right after booking (`new=1`) or changing it (`changed=1`), and the page to come
 * back to — the code and QR to show at the window, when and where, what to bring, and how to cancel or change.
 */
export default function BookingDetail() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [booking, setBooking] = useState<TBooking | null>(null);
  const [centers, setCenters] = useState<TCenter[]>([]);
  const [loadError, setLoadError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const { feedback, show } = useFeedback();

  const load = () =>
    getBooking(id)
      .then(setBooking)
      .catch((e) => setLoadError(messageOf(e)));

  useEffect(() => {
    void load();
    listCenters()
      .then(setCenters)
      .catch(() => undefined);
    // Load once per opened booking.
  }, [id]);
  // Back from 改约 (a refused change leaves this page in place): show the current state.
  useDidShow(() => {
    if (booking) void load();
  });

  if (!booking) {
    return <PageShell>{loadError ? <Notice tone="error">{loadError}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  const center = centers.find((c) => c.id === booking.centerId);
  const changeable = booking.status === 'booked' && Date.parse(booking.changeableUntil) > Date.now();
  const active = ACTIVE.includes(booking.status);
  const missing = booking.missing ?? [];

  const cancel = async () => {
    setBusy(true);
    try {
      setBooking(await cancelBooking(booking.id));
      setConfirming(false);
      show('success', '预约已取消，名额已释放');
    } catch (e) {
      show('error', messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell className="booking-detail">
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

      <View className="card code-card">
        <Text className={`status-tag status-${booking.status}`} data-testid="booking-status">
          {BOOKING_STATUS_LABELS[booking.status]}
        </Text>
        <Text className="text-2 block">预约码</Text>
        <Text className="booking-code" data-testid="booking-code">
          {booking.code}
        </Text>
        {active ? (
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
      </View>

      <View className="card">
        <Text className="section-title">办什么、什么时候、去哪里</Text>
        <View className="kv">
          <Text className="k">办理事项</Text>
          <Text className="v strong">{booking.itemName}</Text>
        </View>
        <View className="kv">
          <Text className="k">预约时间</Text>
          <Text className="v strong" data-testid="booking-time">
            {slotText(booking.slotStart, booking.slotEnd)}
          </Text>
        </View>
        <View className="kv">
          <Text className="k">办理地点</Text>
          <Text className="v" data-testid="booking-place">
            {booking.place}
          </Text>
        </View>
        <View className="kv">
          <Text className="k">办理窗口</Text>
          <Text className="v">{booking.windowName}</Text>
        </View>
        <View className="kv">
          <Text className="k">办理人</Text>
          <Text className="v" data-testid="booking-person">
            {booking.personName}
            {booking.bookedFor === 'self' ? '（本人）' : '（家人）'}
          </Text>
        </View>
        <Text className="text-2 block">请按时到达。不能来请提前取消：预约了不来又不取消会记为爽约，多次爽约会暂停网上预约。</Text>
      </View>

      {booking.status === 'served' ? (
        <View className="card" data-testid="rate-box">
          <Text className="section-title">这次办得怎么样？</Text>
          <Text className="text block">事情已办结，请为这次服务评价（好差评），一次服务评一次。</Text>
          <ActionButton tone="primary" block
            data-testid="rate-service"
            onClick={() => Taro.navigateTo({ url: `/packages/feedback/pages/rate/index?kind=booking&id=${booking.id}&name=${encodeURIComponent(booking.itemName)}` })}
          >
            评价本次服务
          </ActionButton>
        </View>
      ) : null}

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
        <ActionButton block data-testid="open-item-checklist" onClick={() => Taro.navigateTo({ url: `/pages/checklist/index?id=${booking.itemId}` })}>
          查看需要的材料清单
        </ActionButton>
      </View>

      <View className="card" data-testid="how-to-cancel">
        <Text className="section-title">取消或改约</Text>
        {booking.status === 'booked' ? (
          <Text className="text block" data-testid="changeable-until">
            {changeable ? '可以在' : '已过'} <Text className="strong">{momentText(booking.changeableUntil)}</Text> {changeable ? '前在本页取消或改约。' : '（可更改的截止时间），如需更改请打电话。'}
          </Text>
        ) : (
          <Text className="text block">这次预约{BOOKING_STATUS_LABELS[booking.status]}，不能再更改。</Text>
        )}
        {center ? (
          <View className="kv">
            <Text className="k">中心电话</Text>
            <PhoneLink phone={center.phone} label={center.name} />
          </View>
        ) : null}

        {changeable && !confirming ? (
          <View className="btn-row">
            <ActionButton data-testid="reschedule" onClick={() => Taro.navigateTo({ url: `/packages/booking/pages/new/index?reschedule=${booking.id}` })}>
              改约
            </ActionButton>
            <ActionButton tone="danger" data-testid="cancel" onClick={() => setConfirming(true)}>
              取消预约
            </ActionButton>
          </View>
        ) : null}
        {changeable && confirming ? (
          <View className="confirm-box" data-testid="cancel-confirm">
            <Text className="text strong block">确定取消这次预约吗？取消后名额会让给别人。</Text>
            <View className="btn-row">
              <ActionButton data-testid="cancel-no" onClick={() => setConfirming(false)}>
                不取消
              </ActionButton>
              <ActionButton tone="danger" data-testid="cancel-yes" loading={busy} disabled={busy} onClick={() => void cancel()}>
                确定取消
              </ActionButton>
            </View>
          </View>
        ) : null}
      </View>

      <ActionButton block data-testid="go-my-bookings" onClick={() => Taro.switchTab({ url: '/pages/booking/index' })}>
        查看我的全部预约
      </ActionButton>
    </PageShell>
  );
}
