import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { listDelegations } from '../../../../services/delegations';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { monthDay, SERVICE_MODE_LABELS, stateTagTone, stateText } from '../../../../utils/delegation-text';
import { StatusTag } from '../../../../components/status-tag';
import { pageUrl } from '../../../../utils/page-url';
import '../../../../styles/case.scss';

/** 我的代办: every 帮办/代办/上门服务 request of the citizen (and of family members they filed for), newest first. */
export default function MyDelegations() {
  return (
    <PageShell>
      <RoleGate roles={['citizen', 'agent', 'staff', 'admin']} prompt="登录后可以查看您申请的帮办代办。" loginTestId="go-login">
        {() => <CaseList />}
      </RoleGate>
    </PageShell>
  );
}

function CaseList() {
  // Back from a case page (withdrawn, confirmed): show the current states.
  const cases = useData('mine', listDelegations, { refreshOnShow: true });
  const items = cases.data;
  const error = cases.error;
  return (
    <>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {items === null && !error ? <Notice>正在查询…</Notice> : null}
      {items?.length === 0 ? (
        <View className="card">
          <Text className="text block">还没有申请过帮办代办。</Text>
          <Text className="text-2 block">在办事指南里打开一个事项，点“申请代办”就可以申请。</Text>
        </View>
      ) : null}
      {items?.length ? (
        <View className="card">
          {items.map((c) => (
            <View key={c.id} className="case-row" data-testid="my-case" onClick={() => Taro.navigateTo({ url: pageUrl('delegationCase', { id: c.id }) })} {...a11y('link', { focusable: true })}>
              <Text className="text strong block">{c.itemName}</Text>
              <View className="tags">
                <Text className="tag">{SERVICE_MODE_LABELS[c.mode]}</Text>
                <StatusTag tone={stateTagTone(c.state)}>{stateText(c)}</StatusTag>
                {c.dueOn ? <Text className="tag">{monthDay(c.dueOn)}前</Text> : null}
              </View>
              <Text className="text-2 block">
                {c.personName} · 代办员 {c.agentName ?? '等待分配'} · 查看进度 ›
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </>
  );
}
