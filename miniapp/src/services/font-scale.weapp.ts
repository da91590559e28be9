import Taro from '@tarojs/taro';

/** WeChat's own font setting (我 → 设置 → 通用 → 字体大小), as a factor; 1 when the base library is too old. */
export function systemFontScale(): number {
  try {
    // Taro's typing predates the field; WeChat base library ≥ 2.25 returns it.
    const f = (Taro.getAppBaseInfo() as { fontSizeScaleFactor?: number }).fontSizeScaleFactor;
    return typeof f === 'number' && f > 0 ? f : 1;
  } catch {
    return 1;
  }
}
