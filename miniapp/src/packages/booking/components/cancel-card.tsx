import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TBooking, TCenter } from '@bianmin/shared';
import { BOOKING_STATUS_LABELS } from '@bianmin/shared/constants';
import { ActionButton } from '../../../components/action-button';
import { KeyValue } from '../../../components/key-value';
import { PhoneLink } from '../../../components/phone-link';
import { momentText } from '../../../utils/china-time';

interface Props {
  booking: TBooking;
  center?: TCenter;
  busy: boolean;
  onCancel: () => Promise<boolean>;
}

/** 取消或改约: until when it can be changed, the center's phone, and cancelling behind one confirmation. */
export function CancelCard({ booking, center, busy, onCancel }: Props) {
  const [confirming, setConfirming] = useState(false);
  const changeable = booking.status === 'booked' && Date.parse(booking.changeableUntil) > Date.now();
  const cancel = async () => {
    if (await onCancel()) setConfirming(false);
  };
  return (
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
        <KeyValue label="中心电话">
          <PhoneLink phone={center.phone} label={center.name} />
        </KeyValue>
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
  );
}
