import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TBooking, TSlot } from '@bianmin/shared';
import { ActionButton } from '../../../components/action-button';
import { Notice } from '../../../components/notice';
import type { BookingRefusal } from '../../../services/bookings';
import { a11y } from '../../../utils/a11y';
import { slotText } from '../../../utils/china-time';
import { SlotList } from './slot-list';
import { pageUrl } from '../../../utils/page-url';

interface Props {
  refusal: BookingRefusal;
  /** 改约: the booking that stays valid when the change is refused. */
  original: TBooking | null;
  onPickSlot: (s: TSlot) => void;
}

/** Why the booking was refused, in words, with the way on: the existing booking, the next free slots, or the pause. */
export function RefusalBox({ refusal, original, onPickSlot }: Props) {
  return (
    <>
      {!refusal.pausedUntil ? (
        <View data-testid="refusal">
          <Notice tone="error">{refusal.message}</Notice>
          {original ? (
            <Notice tone="info" testId="original-kept">
              您原来的预约仍然有效：{slotText(original.slotStart, original.slotEnd)}
            </Notice>
          ) : null}
          {refusal.existingBookingId ? (
            <ActionButton block data-testid="open-existing" onClick={() => Taro.redirectTo({ url: pageUrl('bookingDetail', { id: refusal.existingBookingId }) })}>
              查看已有的预约
            </ActionButton>
          ) : null}
        </View>
      ) : null}
      {refusal.nextSlots.length > 0 ? (
        <View className="next-slots" data-testid="next-slots">
          <Text className="text strong block">还有名额的时段，点一下就选它：</Text>
          <SlotList slots={refusal.nextSlots} onPick={onPickSlot} withDate testId="next-slot" />
        </View>
      ) : null}
      {refusal.pausedUntil !== undefined ? (
        <View className="notice notice-error notice-big" data-testid="booking-paused" {...a11y('alert')}>
          {refusal.message}
        </View>
      ) : null}
    </>
  );
}
