import { Text, View } from '@tarojs/components';
import { Switch } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/switch/style/css';
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
      {...a11y('switch', { checked: elder, label: '长辈版：字更大、按钮更大' })}
    >
      <View className="elder-switch-text">
        <Text className="elder-switch-title">长辈版</Text>
        <Text className="elder-switch-hint">{elder ? '已开启：字更大、按钮更大' : '字更大、按钮更大，点此开启'}</Text>
      </View>
      <Switch className="elder-switch-control" checked={elder} />
    </View>
  );
}
