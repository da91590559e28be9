import { Text, View } from '@tarojs/components';
import { PageShell } from '../../components/page-shell';
import { ElderSwitch } from '../../components/elder-switch';
import { TEXT_SIZES, useElderMode, type TTextSize } from '../../store/elder-mode';
import { a11y } from '../../utils/a11y';

/** Settings: the second 长辈版 entry and the text size; shows what the screen uses now. */
export default function Settings() {
  const { elder, textSize, setTextSize, bodyPx, systemScale } = useElderMode();
  return (
    <PageShell>
      <ElderSwitch />
      <View className="card" data-testid="text-size">
        <Text className="section-title">长辈版字号</Text>
        <View className="btn-row">
          {(Object.keys(TEXT_SIZES) as TTextSize[]).map((s) => (
            <View
              key={s}
              className={`btn ${textSize === s ? 'btn-primary' : ''}`}
              data-testid={`text-size-${s}`}
              onClick={() => setTextSize(s)}
              {...a11y('button', { label: `字号${TEXT_SIZES[s].label}`, pressed: textSize === s })}
            >
              {TEXT_SIZES[s].label}
            </View>
          ))}
        </View>
        {!elder ? <Text className="text-2 block">字号在开启长辈版后生效。</Text> : null}
      </View>
      <View className="card" data-testid="font-info">
        <Text className="section-title">当前显示</Text>
        <Text className="text block">正文字号：{bodyPx}px</Text>
        <Text className="text block">微信字体缩放：{systemScale === 1 ? '标准' : `${systemScale}倍`}</Text>
        <Text className="text-2 block">
          长辈版正文不小于18px，行距1.6倍，按钮不小于60×60px，不弹出提示框。也可以在微信“设置-通用-字体大小”里调大，这里会跟着变大。
        </Text>
      </View>
    </PageShell>
  );
}
