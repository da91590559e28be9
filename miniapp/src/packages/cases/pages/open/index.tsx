import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TWindowCase } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { CaseRow } from '../../components/case-parts';
import { listStaffCases, type TCaseFilter } from '../../services/cases';
import { isOverdue } from '../../utils/case-text';
import '../../styles/cases.scss';

type Filter = 'open' | 'overdue' | 'soon' | 'all';

const FILTERS: { key: Filter; label: string; filter: TCaseFilter }[] = [
  { key: 'open', label: '在办', filter: { mine: true } },
  { key: 'overdue', label: '已超期', filter: { mine: true, due: 'overdue' } },
  { key: 'soon', label: '快到期', filter: { mine: true, due: 'soon' } },
  { key: 'all', label: '全部', filter: { mine: true } },
];

/** Due first: overdue, then by the instant or date promised; cases waiting for materials last (no clock). */
function byDue(a: TWindowCase, b: TWindowCase): number {
  const rank = (c: TWindowCase) => (isOverdue(c) ? 0 : c.state === 'accepted' ? 1 : c.state === 'supplement' ? 2 : 3);
  const due = (c: TWindowCase) => c.dueAt ?? (c.promisedOn ? `${c.promisedOn}T23:59` : '9999');
  return rank(a) - rank(b) || due(a).localeCompare(due(b));
}

/** 我的在办件: the cases this staff member received that are still open, with when each is due. */
export default function OpenCasesPage() {
  return (
    <PageShell className="cases-open">
      <RoleGate roles={['staff', 'admin']} prompt="我的在办件只供窗口工作人员查看，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index">
        {() => <OpenCases />}
      </RoleGate>
    </PageShell>
  );
}

function OpenCases() {
  const [view, setView] = useState<Filter>('open');
  const current = FILTERS.find((f) => f.key === view) ?? FILTERS[0];
  const state = useData<TWindowCase[]>(view, () => listStaffCases(current.filter), { refreshOnShow: true });
  return (
    <View>
      <View className="filter-row" {...a11y('radiogroup', { label: '筛选' })}>
        {FILTERS.map((f) => (
          <View key={f.key} className={`btn ${f.key === view ? 'choice-on' : ''}`} data-testid={`filter-${f.key}`} onClick={() => setView(f.key)} {...a11y('radio', { checked: f.key === view, label: f.label })}>
            {f.label}
          </View>
        ))}
      </View>
      <LoadState state={state} loadingText="正在查询办件…">
        {(items) => {
          const shown = (view === 'open' ? items.filter((c) => c.state === 'supplement' || c.state === 'accepted') : items).slice().sort(byDue);
          return (
            <View className="card" data-testid="open-cases">
              <Text className="section-title">共 {shown.length} 件</Text>
              {shown.length === 0 ? <Text className="text block">没有这样的办件。</Text> : null}
              {shown.map((c) => (
                <CaseRow key={c.id} c={c} onOpen={() => void Taro.navigateTo({ url: `/packages/cases/pages/case/index?id=${c.id}` })} />
              ))}
            </View>
          );
        }}
      </LoadState>
      <ActionButton block data-testid="accept-direct" onClick={() => void Taro.navigateTo({ url: '/packages/cases/pages/accept/index' })}>
        直接受理（群众没有取号）
      </ActionButton>
    </View>
  );
}
