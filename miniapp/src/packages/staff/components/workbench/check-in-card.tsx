import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TBooking, TQueueTicket } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { messageOf } from '../../../../services/request';
import { spanText } from '../../../../utils/china-time';
import { checkIn } from '../../services/staff';
import { CAN_SCAN, scanCode } from '../../utils/scan-code';
import type { Msg, RunAction } from './types';

/** ZBookingCode's alphabet (no 0/O, 1/I): checked here without zod, which would add ~100 KB to the subpackage. */
const BOOKING_CODE = /^[2-9A-HJ-NP-Z]{8}$/;

/** 预约签到: the citizen's 8-character code, typed or scanned, gives the booking its queue number. */
export function CheckInCard({ busy, run }: { busy: string; run: RunAction }) {
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<{ ticket: TQueueTicket; booking: TBooking } | null>(null);
  const [msg, setMsg] = useState<Msg | null>(null);

  const doCheckIn = (raw: string) =>
    run('check-in', async () => {
      setMsg(null);
      setChecked(null);
      const typed = raw.trim().toUpperCase();
      if (!BOOKING_CODE.test(typed)) {
        setMsg({ tone: 'error', text: '预约码为8位字母数字，请核对' });
        return;
      }
      try {
        setChecked(await checkIn(typed));
        setCode('');
      } catch (e) {
        setMsg({ tone: 'error', text: messageOf(e) });
      }
    });

  const scan = async () => {
    try {
      const text = await scanCode();
      setCode(text);
      await doCheckIn(text);
    } catch (e) {
      setMsg({ tone: 'error', text: e instanceof Error && e.message ? e.message : '没有扫到二维码，请重试或输入预约码' });
    }
  };

  return (
    <View className="card" data-testid="check-in">
      <Text className="section-title">预约签到</Text>
      <Text className="text-2 block">输入群众出示的8位预约码{CAN_SCAN ? '，或扫二维码' : ''}。</Text>
      <View className="code-row">
        <Input
          className="input code-input"
          data-testid="check-in-code"
          value={code}
          maxlength={8}
          placeholder="8位预约码"
          onInput={(e) => setCode(e.detail.value.toUpperCase().trim())}
          onConfirm={() => void doCheckIn(code)}
          aria-label="预约码"
        />
        <ActionButton tone="primary" data-testid="check-in-submit" loading={busy === 'check-in'} disabled={busy === 'check-in'} onClick={() => void doCheckIn(code)}>
          签到
        </ActionButton>
      </View>
      {CAN_SCAN ? (
        <ActionButton block data-testid="scan" onClick={() => void scan()}>
          扫码签到
        </ActionButton>
      ) : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      {checked ? (
        <View className="ticket-box" data-testid="checked-in">
          <Text className="text block">签到成功，排队号</Text>
          <Text className="ticket-label" data-testid="checked-in-ticket">
            {checked.ticket.label}
          </Text>
          <Text className="text block">
            {checked.booking.personName} · {checked.booking.itemName}
          </Text>
          <Text className="text-2 block">预约时段 {spanText(checked.booking.slotStart, checked.booking.slotEnd)}</Text>
        </View>
      ) : null}
    </View>
  );
}
