import { Text, View } from '@tarojs/components';
import { useElderMode } from '../../store/elder-mode';
import { a11y } from '../../utils/a11y';
import './index.scss';

/** The 长辈版 entry (home page and settings): the whole row is the tap target, not just the small switch. */
export function ElderSwitch() {
  const { elder, setElder } = useElderMode();
  return (
    <View
      className="elder-switch"
      data-testid="elder-switch"
      onClick={() => setElder(!elder)}
      {...a11y('switch', { checked: elder, label: `长辈版 ${elder ? '已开启' : '未开启'}：字更大、按钮更大`, focusable: true })}
    >
      <View className="elder-switch-text">
        <Text className="elder-switch-title">长辈版</Text>
        <Text className="elder-switch-hint">{elder ? '已开启：字更大、按钮更大' : '字更大、按钮更大，点此开启'}</Text>
      </View>
      {/* The row is the switch (role, state, label, focus); this is only its picture, so no control of its own. */}
      <View className={`elder-switch-control${elder ? ' on' : ''}`} aria-hidden="true">
        <View className="elder-switch-knob" />
      </View>
    </View>
  );
}
