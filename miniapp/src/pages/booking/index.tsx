import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TBooking } from '@bianmin/shared';
import { BOOKING_STATUS_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../components/page-shell';
import { Notice } from '../../components/notice';
import { PhoneLink } from '../../components/phone-link';
import { SearchBox } from '../../components/search-box';
import { listBookings } from '../../services/bookings';
import { listCenters } from '../../services/centers';
import { useData } from '../../hooks/use-data';
import { useSession } from '../../store/session';
import { a11y } from '../../utils/a11y';
import { slotText } from '../../utils/china-time';
import './index.scss';
import { ActionButton } from '../../components/action-button';
import { pageUrl } from '../../utils/page-url';

const ACTIVE = ['booked', 'checked_in', 'received'];

function BookingRow({ b }: { b: TBooking }) {
  const open = () => Taro.navigateTo({ url: pageUrl('bookingDetail', { id: b.id }) });
  const active = ACTIVE.includes(b.status);
  return (
    <View className={`card booking-row ${active ? '' : 'booking-row-past'}`} data-testid="my-booking" data-status={b.status} onClick={open} {...a11y('link', { focusable: true })}>
      <Text className={`booking-status booking-status-${b.status}`} data-testid="my-booking-status">
        {BOOKING_STATUS_LABELS[b.status]}
      </Text>
      <Text className="title block">{b.itemName}</Text>
      <Text className="text block">{slotText(b.slotStart, b.slotEnd)}</Text>
      <Text className="text-2 block">
        {b.centerName} · {b.windowName}
        {b.bookedFor === 'self' ? '' : ` · 为${b.personName}预约`}
      </Text>
      <Text className="text-2 block">预约码 {b.code} · 查看详情 ›</Text>
    </View>
  );
}

/** 预约 tab: my bookings (upcoming first), how to book another matter, and the centers' phones for booking by phone. */
export default function Booking() {
  const { user } = useSession();
  // Coming back to the tab (after booking, cancelling, changing): refresh.
  const mine = useData(user ? user.id : null, listBookings, { refreshOnShow: true });
  const centers = useData('centers', listCenters);
  const bookings = mine.data;
  const error = mine.error;

  const upcoming = (bookings ?? []).filter((b) => ACTIVE.includes(b.status)).reverse();
  const past = (bookings ?? []).filter((b) => !ACTIVE.includes(b.status));

  return (
    <PageShell>
      {!user ? (
        <View className="card" data-testid="booking-login">
          <Text className="title block">网上预约，到了就办</Text>
          <Text className="text block">登录后可以预约办事时间，并在这里查看、取消或改约。</Text>
          <ActionButton tone="primary" block data-testid="booking-go-login" onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
            登录
          </ActionButton>
        </View>
      ) : (
        <View data-testid="my-bookings">
          <Text className="huge block booking-heading">我的预约</Text>
          {error ? <Notice tone="error">{error}</Notice> : null}
          {bookings === null && !error ? <Notice>正在查询…</Notice> : null}
          {bookings !== null && upcoming.length === 0 ? <Notice>现在没有待办理的预约。</Notice> : null}
          {upcoming.map((b) => (
            <BookingRow key={b.id} b={b} />
          ))}
          {past.length ? <Text className="title block booking-heading">以前的预约</Text> : null}
          {past.map((b) => (
            <BookingRow key={b.id} b={b} />
          ))}
        </View>
      )}

      <View className="card" data-testid="book-new">
        <Text className="section-title">预约新的事项</Text>
        <Text className="text block">先找到要办的事，在事项页面点“预约办理”。</Text>
        <SearchBox />
        <ActionButton block data-testid="browse-items" onClick={() => Taro.navigateTo({ url: '/pages/items/index' })}>
          看全部事项
        </ActionButton>
      </View>

      <View className="card" data-testid="book-by-phone">
        <Text className="section-title">也可以打电话预约</Text>
        <Text className="text-2 block">行动不便的老人、残疾人，可以电话申请免费上门服务或代办。</Text>
        {(centers.data ?? []).map((c) => (
          <View key={c.id} className="list-row" data-testid="center">
            <Text className="text strong block">{c.name}</Text>
            <PhoneLink phone={c.phone} label={c.name} />
          </View>
        ))}
      </View>
    </PageShell>
  );
}
