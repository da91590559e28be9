import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CASE_TYPE_LABELS } from '@bianmin/shared/constants';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { useData } from '../../../../hooks/use-data';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { listItems } from '../../services/admin';
import { STATUS_TEXT } from '../../components/item-text';
import '../../components/admin.scss';

/** 办事指南管理: every item of the center and below, with its state; tap one to edit, or start a new one. */
export default function Catalog() {
  const { user } = useSession();
  const list = useData(user?.role === 'admin' ? 'admin-items' : null, () => listItems(), { refreshOnShow: true });
  if (user?.role !== 'admin') {
    return (
      <PageShell>
        <Notice tone="error">只有中心管理员可以编辑办事指南。</Notice>
      </PageShell>
    );
  }
  const open = (id: string) => void Taro.navigateTo({ url: `/packages/admin/pages/item/index?id=${id}` });
  return (
    <PageShell className="admin">
      <ActionButton tone="primary" block data-testid="new-item" onClick={() => void Taro.navigateTo({ url: '/packages/admin/pages/item/index?new=1' })}>
        新建事项
      </ActionButton>
      <LoadState state={list}>
        {(page) => (
          <View className="card" data-testid="admin-items">
            <Text className="section-title">全部事项（{page.total}项）</Text>
            {page.items.map((i) => (
              <View key={i.id} className="list-row admin-item" data-testid={`admin-item-${i.item.code}`} onClick={() => open(i.id)} {...a11y('link', { label: `${i.item.name} ${STATUS_TEXT[i.status]}`, focusable: true })}>
                <Text className="text strong block">{i.item.name}</Text>
                <Text className="text-2 block">
                  {i.item.code} · {CASE_TYPE_LABELS[i.item.caseType]} · {STATUS_TEXT[i.status]}
                  {i.publishedVersion !== null ? ` · 发布第${i.publishedVersion}版` : ''}
                  {i.latestVersion !== i.publishedVersion ? ` · 最新第${i.latestVersion}版未发布` : ''}
                </Text>
              </View>
            ))}
          </View>
        )}
      </LoadState>
    </PageShell>
  );
}
