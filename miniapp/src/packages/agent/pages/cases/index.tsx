import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TDelegationCase, TUser } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { RoleAreas } from '../../../../components/role-areas';
import { Notice } from '../../../../components/notice';
import { listDelegations } from '../../../../services/delegations';
import { messageOf } from '../../../../services/request';
import { readStored, writeStored, STORAGE_KEYS } from '../../../../services/storage';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { monthDay, SERVICE_MODE_LABELS, stateTagTone, stateText, todayChina } from '../../../../utils/delegation-text';
import { useStepQueue } from '../../hooks/use-step-queue';
import { StatusTag } from '../../../../components/status-tag';
import { pageUrl } from '../../../../utils/page-url';
import '../../../../styles/case.scss';

type Due = '' | 'soon' | 'overdue';
const TABS: { key: Due; label: string }[] = [
  { key: '', label: '全部' },
  { key: 'soon', label: '即将到期' },
  { key: 'overdue', label: '已超期' },
];
const FINISHED = ['completed', 'followed_up', 'refused', 'withdrawn'];

/** Running cases by due date first (soonest on top), then those waiting to start, finished ones last. */
function byDue(a: TDelegationCase, b: TDelegationCase): number {
  const rank = (c: TDelegationCase) => (FINISHED.includes(c.state) ? 2 : c.dueOn ? 0 : 1);
  return rank(a) - rank(b) || (a.dueOn ?? '').localeCompare(b.dueOn ?? '') || b.createdAt.localeCompare(a.createdAt);
}

/** The list, or when the network fails the one saved on the phone last time (with why). */
interface CaseList {
  items: TDelegationCase[] | null;
  offlineError: string;
}

async function loadCases(due: Due): Promise<CaseList> {
  const key = `${STORAGE_KEYS.agentCases}.list.${due}`;
  try {
    const items = await listDelegations(due ? { due } : {});
    writeStored(key, items);
    return { items, offlineError: '' };
  } catch (e) {
    return { items: readStored<TDelegationCase[]>(key) ?? null, offlineError: messageOf(e) };
  }
}

/** 我的代办件: the cases on this agent's center and assigned to them, with 即将到期 / 已超期 tabs. */
export default function AgentCases() {
  return (
    <PageShell className="agent-cases">
      <RoleGate roles={['agent', 'staff', 'admin']} prompt="请用代办员账号登录。" loginUrl="/packages/staff/pages/login/index" loginText="代办员登录" loginTestId="go-staff-login" redirect>
        {(user) => <AgentCaseList user={user} />}
      </RoleGate>
    </PageShell>
  );
}

function AgentCaseList({ user }: { user: TUser }) {
  const { params } = useRouter();
  const [due, setDue] = useState<Due>(params.due === 'soon' || params.due === 'overdue' ? params.due : '');
  const list = useData(`due:${due}`, () => loadCases(due), { refreshOnShow: true });
  const items = list.data?.items ?? null;
  const error = list.error || list.data?.offlineError || '';
  const { pending, flush } = useStepQueue(undefined);
  const load = () => void list.reload();

  const today = todayChina();
  const sorted = [...(items ?? [])].sort(byDue);

  return (
    <>
      <View className="card">
        <Text className="title block">我的代办件</Text>
        <Text className="text-2 block">
          {user.centerName} · {user.name}
        </Text>
      </View>
      {pending.length ? (
        <View className="notice notice-offline pending-bar" data-testid="pending-bar">
          <Text className="strong" data-testid="pending-count">
            {pending.length} 条待上传
          </Text>
          <View className="btn" onClick={() => void flush().then(load)}>
            立即上传
          </View>
        </View>
      ) : null}
      <View className="tabs">
        {TABS.map((t) => (
          <View key={t.key} className={`btn ${due === t.key ? 'choice-on' : ''}`} data-testid={`tab-${t.key || 'all'}`} onClick={() => setDue(t.key)} {...a11y('button', { pressed: due === t.key })}>
            {t.label}
          </View>
        ))}
      </View>
      {error ? <Notice tone="offline">{items ? `网络不好，显示的是上次的列表（${error}）` : error}</Notice> : null}
      {items === null && !error ? <Notice>正在查询…</Notice> : null}
      {items?.length === 0 ? <Notice>{due === 'overdue' ? '没有超期的代办件。' : due === 'soon' ? '两个工作日内没有到期的代办件。' : '还没有代办件。'}</Notice> : null}
      {sorted.length ? (
        <View className="card">
          {sorted.map((c) => {
            const late = c.dueOn !== null && c.dueOn < today;
            return (
              <View key={c.id} className="case-row" data-testid="agent-case" data-id={c.id} onClick={() => Taro.navigateTo({ url: pageUrl('agentCase', { id: c.id }) })} {...a11y('link', { focusable: true })}>
                <Text className="text strong block">
                  {c.personName} · {c.itemName}
                </Text>
                <View className="tags">
                  <Text className="tag">{SERVICE_MODE_LABELS[c.mode]}</Text>
                  <StatusTag tone={stateTagTone(c.state)}>{stateText(c)}</StatusTag>
                  {c.dueOn ? <Text className={late ? 'tag tag-warn due-late' : 'tag'}>{late ? `已超期 ${monthDay(c.dueOn)}` : `${monthDay(c.dueOn)}前`}</Text> : null}
                </View>
                <Text className="text-2 block">
                  编号 {c.code} · {c.centerName} · 打开 ›
                </Text>
              </View>
            );
          })}
        </View>
      ) : null}
      <RoleAreas role={user.role} except="/packages/agent/pages/cases/index" withMine title="其他工作" />
    </>
  );
}
