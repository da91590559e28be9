import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { ActionButton } from '../action-button';
import { Notice, type NoticeTone } from '../notice';
import { CAN_PRINT, openPrintPage } from '../../utils/print-page';

/** Path of a 代办 case's 跟踪卡: an A4 page or the 80 mm receipt-printer slip. */
export function trackingCardPath(caseId: string, format: 'a4' | 'slip'): string {
  return `/api/delegations/${encodeURIComponent(caseId)}/card?format=${format}`;
}

/**
 * 打印跟踪卡: the card the citizen keeps (case code, matter, agent and 工号, 承诺办结日, stage dates, QR to the case
 * page), as an A4 page or an 80 mm slip. Shown to the case's citizen and to those who handle it; in the
 * mini-program, where nothing can be printed, it says to print from a PC's browser.
 */
export function TrackingCardButtons({ caseId }: { caseId: string }) {
  const [msg, setMsg] = useState<{ tone: NoticeTone; text: string } | null>(null);
  const print = (format: 'a4' | 'slip') => {
    setMsg(null);
    openPrintPage(trackingCardPath(caseId, format)).then(
      (text) => setMsg({ tone: 'success', text }),
      (e: unknown) => setMsg({ tone: 'error', text: e instanceof Error ? e.message : '打印页打不开，请稍后再试' }),
    );
  };
  return (
    <View className="card" data-testid="tracking-card">
      <Text className="section-title">跟踪卡</Text>
      {CAN_PRINT ? (
        <View className="btn-row">
          <ActionButton data-testid="print-card-a4" onClick={() => print('a4')}>
            打印跟踪卡
          </ActionButton>
          <ActionButton data-testid="print-card-slip" onClick={() => print('slip')}>
            打印小票
          </ActionButton>
        </View>
      ) : (
        <Text className="text-2 block">小程序不能直接打印跟踪卡，请在电脑浏览器里登录后打印。</Text>
      )}
      {msg ? (
        <Notice tone={msg.tone} testId="print-card-message">
          {msg.text}
        </Notice>
      ) : null}
    </View>
  );
}
