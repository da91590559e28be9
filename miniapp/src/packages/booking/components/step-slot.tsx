import { Text, View } from '@tarojs/components';
import type { TSlot, TSlotsAnswer } from '@bianmin/shared';
import { Notice } from '../../../components/notice';
import { PhoneLink } from '../../../components/phone-link';
import type { BookingRefusal } from '../../../services/bookings';
import { SlotList } from './slot-list';

interface Props {
  answer: TSlotsAnswer | null;
  loading: boolean;
  refusal: BookingRefusal | null;
  selected?: string;
  /** The item's consultation phone, offered when it cannot be booked online. */
  phone?: string;
  onPick: (s: TSlot) => void;
}

/** 第2步：选时间 — the day's slots with the seats left, or why there are none. */
export function StepSlot({ answer, loading, refusal, selected, phone, onPick }: Props) {
  return (
    <View className="card" data-testid="step-slot">
      <Text className="section-title">第2步：选时间</Text>
      {refusal && !refusal.pausedUntil ? <Notice tone="error">{refusal.message}</Notice> : null}
      {loading ? <Notice>正在查询剩余名额…</Notice> : null}
      {answer && answer.window === null ? (
        <View data-testid="not-bookable">
          <Notice tone="error">这个事项暂时不能网上预约，请打电话预约或直接到窗口办理。</Notice>
          {phone ? <PhoneLink phone={phone} label="咨询" /> : null}
        </View>
      ) : null}
      {answer && answer.window && answer.slots.length === 0 && !loading ? <Notice tone="info">这一天已没有可预约的时段，请换一天。</Notice> : null}
      {answer && answer.slots.length > 0 ? (
        <View>
          {answer.window?.name ? <Text className="text-2 block">办理窗口：{answer.window.name}</Text> : null}
          {answer.slots.every((s) => s.seatsLeft <= 0) ? <Notice tone="info">这一天已约满，请换一天。</Notice> : null}
          <SlotList slots={answer.slots} selected={selected} onPick={onPick} />
        </View>
      ) : null}
    </View>
  );
}
