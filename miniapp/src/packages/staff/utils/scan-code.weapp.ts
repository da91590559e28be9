import Taro from '@tarojs/taro';

/** The mini-program can read the booking's QR code with the camera. */
export const CAN_SCAN = true;

/** The text of a scanned QR code (the 8-character booking code). */
export async function scanCode(): Promise<string> {
  const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
  return res.result.trim();
}
