import { Text, View } from '@tarojs/components';
import { ActionButton } from '../action-button';
import { Notice } from '../notice';
import { usePrint } from '../../hooks/use-print';
import { CAN_PRINT } from '../../utils/print-page';

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
  const { print: printPage, message: msg } = usePrint();
  const print = (format: 'a4' | 'slip') => printPage(trackingCardPath(caseId, format));
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
