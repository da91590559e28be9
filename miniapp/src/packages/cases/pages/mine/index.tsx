import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TWindowCase } from '@bianmin/shared';
import { LoadState } from '../../../../components/load-state';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { useSession } from '../../../../store/session';
import { CaseRow } from '../../components/case-parts';
import { listMyCases } from '../../services/cases';
import '../../styles/cases.scss';

/** 我的办件 (citizen): every window case opened with the signed-in citizen's phone number, newest first. */
export default function MyCasesPage() {
  const { user } = useSession();
  const state = useData<TWindowCase[]>(user?.role === 'citizen' ? user.id : null, listMyCases, { refreshOnShow: true });
  return (
    <PageShell className="cases-mine">
      <RoleGate roles={['citizen']} prompt="登录后可以查看在窗口办理的事项（按您的手机号）。">
        {() => (
          <LoadState state={state} loadingText="正在查询您的办件…">
            {(items) => (
              <View className="card" data-testid="my-cases">
                <Text className="section-title">我的办件</Text>
                {items.length === 0 ? <Text className="text block">还没有在窗口办理的事项。窗口受理时留下手机号，办件就会显示在这里。</Text> : null}
                {[...items]
                  .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
                  .map((c) => (
                    <CaseRow key={c.id} c={c} onOpen={() => void Taro.navigateTo({ url: `/packages/cases/pages/detail/index?id=${c.id}` })} />
                  ))}
              </View>
            )}
          </LoadState>
        )}
      </RoleGate>
    </PageShell>
  );
}
