import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { a11y } from '../../utils/a11y';

/**
 * The dialable numbers in a phone field as written by staff ("12345政务服务便民热线；0319-86012300（县政务服务中心）"):
 * runs of at least 5 digits, dashes allowed inside.
 */
export function extractPhones(text: string): string[] {
  const found = text.match(/\d[\d-]*\d/g) ?? [];
  return [...new Set(found.filter((n) => n.replace(/-/g, '').length >= 5))];
}

/**
 * A phone field: the text as written, and one big button per number in it (tap to call). The written
 * number stays readable, so it can also be dialled by hand.
 */
export function PhoneLink({ phone, label, testId }: { phone: string; label?: string; testId?: string }) {
  const numbers = extractPhones(phone);
  return (
    <View className="phone" data-testid={testId}>
      <Text className="text block">{phone}</Text>
      <View className="phone-buttons">
        {numbers.map((n) => (
          <View
            key={n}
            className="btn phone-call"
            data-testid="call"
            onClick={() => {
              Taro.makePhoneCall({ phoneNumber: n.replace(/-/g, '') }).catch(() => undefined);
            }}
            {...a11y('button', { label: `拨打 ${n}${label ? `（${label}电话）` : ''}`, focusable: true })}
          >
            拨打 {n}
          </View>
        ))}
      </View>
    </View>
  );
}
