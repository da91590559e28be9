import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { CENTER_LEVEL_LABELS, type TCenter } from '@bianmin/shared';
import { PageShell } from '../../components/page-shell';
import { Notice } from '../../components/notice';
import { PhoneLink } from '../../components/phone-link';
import { listCenters } from '../../services/centers';
import { messageOf } from '../../services/request';

/** Online booking comes later; until then, say so and give each center's phone and hours. */
export default function Booking() {
  const [centers, setCenters] = useState<TCenter[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    listCenters()
      .then(setCenters)
      .catch((e) => setError(messageOf(e)));
  }, []);

  return (
    <PageShell>
      <View className="card" data-testid="booking-soon">
        <Text className="huge block">预约功能即将上线</Text>
        <Text className="text block">现在请打电话预约：告诉工作人员您要办的事和方便的时间。</Text>
        <Text className="text-2 block">行动不便的老人、残疾人，可以电话申请免费上门服务或代办。</Text>
      </View>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {centers.map((c) => (
        <View key={c.id} className="card" data-testid="center">
          <Text className="title block">{c.name}</Text>
          <Text className="text-2 block">{CENTER_LEVEL_LABELS[c.level]}</Text>
          <View className="kv">
            <Text className="k">电话</Text>
            <PhoneLink phone={c.phone} label={c.name} />
          </View>
          <View className="kv">
            <Text className="k">时间</Text>
            <Text className="v">{c.hours}</Text>
          </View>
          <View className="kv">
            <Text className="k">地址</Text>
            <Text className="v">{c.address}</Text>
          </View>
        </View>
      ))}
    </PageShell>
  );
}
