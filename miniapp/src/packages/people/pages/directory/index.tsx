import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { useData } from '../../../../hooks/use-data';
import { listCenters } from '../../../../services/centers';
import { API_BASE } from '../../../../services/api-base';
import { useSession } from '../../../../store/session';
import { centerStaff } from '../../services/people';
import { WindowCards } from './window-cards';
import '../../../../styles/feedback.scss';

/**
 * 挂牌上岗: who serves where today at one center — name, 工号, post, window, duties, photo. Public (reached by the QR
 * on a window's card); no ranking of any kind.
 */
export default function DirectoryPage() {
  const { params } = useRouter();
  const [centerId, setCenterId] = useState(params.centerId ?? '');
  const centers = useData('centers', listCenters);
  const dir = useData(centerId ? `staff:${centerId}` : null, () => centerStaff(centerId));
  const { user } = useSession();
  return (
    <PageShell>
      {!params.centerId ? (
        <View className="field">
          <Text className="field-label">选择服务中心</Text>
          <View className="choice-col">
            {(centers.data ?? []).map((c) => (
              <View key={c.id} className={`btn choice${centerId === c.id ? ' chosen' : ''}`} data-testid="directory-center" onClick={() => setCenterId(c.id)}>
                {c.name}
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {dir.error ? <Notice tone="error">{dir.error}</Notice> : null}
      {dir.data ? <Text className="title block">{dir.data.centerName}</Text> : null}
      {dir.data?.items.length === 0 ? <Notice>该中心尚未公示工作人员。</Notice> : null}
      {(dir.data?.items ?? []).map((p) => (
        <View key={p.id} className="card" data-testid="staff-card">
          {p.photoUrl ? <Image src={`${API_BASE}${p.photoUrl}`} style={{ width: '72px', height: '96px' }} mode="aspectFill" /> : null}
          <Text className="title block">
            {p.name}
            {p.staffNo ? `（工号 ${p.staffNo}）` : ''}
          </Text>
          <Text className="text block">
            {p.post || '工作人员'}
            {p.window ? ` · ${p.window.code} ${p.window.name}` : ''}
          </Text>
          {p.duties ? <Text className="text-2 block">职责：{p.duties}</Text> : null}
        </View>
      ))}
      {user?.role === 'admin' && centerId ? <WindowCards centerId={centerId} /> : null}
    </PageShell>
  );
}
