import { Text, View } from '@tarojs/components';
import type { TWindow } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import { usePrint } from '../../../../hooks/use-print';
import { useData } from '../../../../hooks/use-data';
import { request } from '../../../../services/request';
import { CAN_PRINT } from '../../../../utils/print-page';

/** The printable 窗口牌 of a window: A/B posts with 工号 and photo, and the QR to this directory page. */
export const windowCardPath = (centerId: string, windowId: string) => `/api/centers/${encodeURIComponent(centerId)}/windows/${encodeURIComponent(windowId)}/card`;

/**
 * For admins: print each window's card, to put up at the window; its QR opens this page for the center. In the
 * mini-program, where nothing can be printed, it says to print from a PC's browser.
 */
export function WindowCards({ centerId }: { centerId: string }) {
  const windows = useData(`windows:${centerId}`, async () => (await request<{ items: TWindow[] }>(`/api/centers/${encodeURIComponent(centerId)}/windows`)).items);
  const { print: printPage, message: msg } = usePrint();
  const print = (windowId: string) => printPage(windowCardPath(centerId, windowId));
  if (!windows.data?.length) return null;
  return (
    <View className="card" data-testid="window-cards">
      <Text className="section-title">窗口牌（含本页二维码）</Text>
      {CAN_PRINT ? (
        windows.data.map((w) => (
          <ActionButton key={w.id} block data-testid="print-window-card" onClick={() => print(w.id)}>
            打印{w.code} {w.name}窗口牌
          </ActionButton>
        ))
      ) : (
        <Text className="text-2 block">小程序不能直接打印窗口牌，请在电脑浏览器里登录后打印。</Text>
      )}
      {msg ? (
        <Notice tone={msg.tone} testId="window-card-message">
          {msg.text}
        </Notice>
      ) : null}
    </View>
  );
}
