/** In the browser staff type the code: no camera access is asked for. */
export const CAN_SCAN = false;

export function scanCode(): Promise<string> {
  return Promise.reject(new Error('请在输入框中输入预约码'));
}
