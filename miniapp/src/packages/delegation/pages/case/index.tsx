import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TCaseStep, TDelegationCase, TLedgerEntry } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { CaseTimeline } from '../../../../components/case-timeline';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { TrackingCardButtons } from '../../../../components/tracking-card';
import { useData } from '../../../../hooks/use-data';
import { useFeedback } from '../../../../hooks/use-feedback';
import { getDelegation, getLedger, postStep } from '../../../../services/delegations';
import { messageOf } from '../../../../services/request';
import { CitizenActions } from '../../components/citizen-actions';
import { CitizenCaseHead } from '../../components/citizen-case-head';
import { useSession } from '../../../../store/session';
import '../../../../styles/case.scss';

interface CaseView {
  c: TDelegationCase;
  ledger: TLedgerEntry[] | null;
}

async function loadCase(id: string): Promise<CaseView> {
  const [c, ledger] = await Promise.all([getDelegation(id), getLedger(id)]);
  return { c, ledger };
}

/**
 * 我的代办件 (citizen): where the case is, who handles it, the stages with their dates and the ledger in plain
 * words, and the few things the citizen does: 确认委托, 确认交接清单, 确认已收到, 撤回 (with an inline confirm).
 */
export default function CitizenCase() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const view = useData(id, () => loadCase(id), { refreshOnShow: true });
  const [busy, setBusy] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const { feedback, show } = useFeedback();
  // The citizen's own steps (确认委托, 确认交接清单, 确认收到) are never offered to an agent or staff member.
  const { user } = useSession();
  const citizen = !user || user.role === 'citizen';

  const act = async (step: TCaseStep, done: string) => {
    setBusy(step.action);
    try {
      const r = await postStep(id, step);
      const ledger = await getLedger(id).catch(() => view.data?.ledger ?? null);
      view.setData({ c: r.case, ledger });
      setConfirmWithdraw(false);
      show('success', done);
    } catch (e) {
      show('error', messageOf(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <PageShell className="citizen-case">
      <LoadState state={view}>
        {({ c, ledger }) => {
          const canWithdraw = citizen && c.actions.includes('withdraw');
          return (
            <>
              {params.new && c.state === 'requested' ? (
                <Notice tone="success" testId="case-created">
                  申请已提交。代办员受理后会打电话联系您。
                </Notice>
              ) : null}
              {view.error ? <Notice tone="offline">{view.error}（显示的是刚才的内容）</Notice> : null}
              <CitizenCaseHead c={c} />
              {feedback ? <Notice tone={feedback.tone}>{feedback.text}</Notice> : null}
              {citizen ? <CitizenActions c={c} ledger={ledger} busy={busy} act={(s, d) => void act(s, d)} /> : null}
              {citizen ? <TrackingCardButtons caseId={c.id} /> : null}
              <CaseTimeline c={c} ledger={ledger} />
              {canWithdraw && !confirmWithdraw ? (
                <ActionButton tone="danger" block data-testid="withdraw" onClick={() => setConfirmWithdraw(true)}>
                  撤回申请
                </ActionButton>
              ) : null}
              {canWithdraw && confirmWithdraw ? (
                <View className="card" data-testid="withdraw-confirm">
                  <Text className="text strong block">确定撤回吗？撤回后代办员不再办理，已交的材料会退还给您。</Text>
                  <View className="btn-row">
                    <ActionButton data-testid="withdraw-no" onClick={() => setConfirmWithdraw(false)}>
                      不撤回
                    </ActionButton>
                    <ActionButton tone="danger" data-testid="withdraw-yes" loading={busy === 'withdraw'} disabled={!!busy} onClick={() => void act({ action: 'withdraw' }, '已撤回')}>
                      确定撤回
                    </ActionButton>
                  </View>
                </View>
              ) : null}
            </>
          );
        }}
      </LoadState>
    </PageShell>
  );
}
