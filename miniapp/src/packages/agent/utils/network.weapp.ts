import Taro from '@tarojs/taro';

/** Call `onOnline` whenever WeChat reports the phone connected again. */
export function watchNetwork(onOnline: () => void): () => void {
  const handler = (res: { isConnected: boolean }) => {
    if (res.isConnected) onOnline();
  };
  Taro.onNetworkStatusChange(handler);
  return () => Taro.offNetworkStatusChange(handler);
}
