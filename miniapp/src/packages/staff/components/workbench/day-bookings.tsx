import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TBooking } from '@bianmin/shared';
import { BOOKING_STATUS_LABELS } from '@bianmin/shared/constants';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import type { DataState } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { spanText } from '../../../../utils/china-time';
import { markNoShow } from '../../services/staff';
import type { Msg, RunAction } from './types';

/** 今日预约 of the window: who has arrived, and 标记爽约 (with a confirmation) once a slot has started. */
export function DayBookings({ bookings, busy, run }: { bookings: DataState<TBooking[]>; busy: string; run: RunAction }) {
  const [msg, setMsg] = useState<Msg | null>(null);
  const [confirmNoShow, setConfirmNoShow] = useState('');
  const list = bookings.data;

  const noShow = (b: TBooking) =>
    run(`no-show-${b.id}`, async () => {
      try {
        await markNoShow(b.id);
        setConfirmNoShow('');
        setMsg({ tone: 'success', text: `已将 ${b.personName} 标记为爽约` });
      } catch (e) {
        setMsg({ tone: 'error', text: messageOf(e) });
      }
    });

  return (
    <View className="card" data-testid="day-bookings">
      <Text className="section-title">今日预约</Text>
      {bookings.error ? <Notice tone="error">{bookings.error}</Notice> : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      {list === null ? <Notice>正在查询…</Notice> : null}
      {list?.length === 0 ? <Text className="text block">今天这个窗口没有预约。</Text> : null}
      {list?.map((b) => {
        const started = Date.parse(b.slotStart) <= Date.now();
        return (
          <View key={b.id} className="list-row day-booking" data-testid="day-booking" data-status={b.status}>
            <Text className="text strong block">
              {spanText(b.slotStart, b.slotEnd)} · {b.personName}
            </Text>
            <Text className="text block">{b.itemName}</Text>
            <View className="tags">
              <Text className={b.status === 'booked' ? 'tag tag-warn' : 'tag tag-green'} data-testid="day-booking-status">
                {b.status === 'booked' ? '未到' : BOOKING_STATUS_LABELS[b.status]}
              </Text>
              {b.ticket ? <Text className="tag">{b.ticket.label}</Text> : null}
              {b.priority ? <Text className="tag tag-warn">绿色通道</Text> : null}
              <Text className="tag">预约码 {b.code}</Text>
            </View>
            {b.status === 'booked' && confirmNoShow !== b.id ? (
              <ActionButton tone="danger" block data-testid="no-show" disabled={!started} onClick={() => setConfirmNoShow(b.id)}>
                {started ? '标记爽约' : '时段开始后可标记爽约'}
              </ActionButton>
            ) : null}
            {confirmNoShow === b.id ? (
              <View className="btn-row">
                <ActionButton onClick={() => setConfirmNoShow('')}>不标记</ActionButton>
                <ActionButton tone="danger" data-testid="no-show-yes" loading={busy === `no-show-${b.id}`} onClick={() => void noShow(b)}>
                  确定爽约
                </ActionButton>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
