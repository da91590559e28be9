import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TWindowCaseDetail } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { useFeedback } from '../../../../hooks/use-feedback';
import { messageOf } from '../../../../services/request';
import { CaseHead, EventList, MissingBox, NoticeList, StageList } from '../../components/case-parts';
import { completeCase, completeStage, getStaffCase, receiveMaterials, refuseCase, requestSupplement } from '../../services/cases';
import { CompletePanel, MaterialsPanel, RefusePanel, SupplementPanel } from './panels';
import '../../styles/cases.scss';

type Panel = 'materials' | 'supplement' | 'refuse' | 'complete' | '';

/**
 * One 窗口办件 for the window staff: the case, every numbered notice with its print buttons (A4 and 80 mm slip), and
 * the next steps this member may take (the API's `actions`): 收到补正材料, 再次补正, 环节办结, 不予受理, 办结.
 */
export default function StaffCasePage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  return (
    <PageShell className="cases-case">
      <RoleGate roles={['staff', 'admin']} prompt="办件只供窗口工作人员查看，请用工作人员账号登录。" loginUrl="/packages/staff/pages/login/index">
        {() => <StaffCase id={id} />}
      </RoleGate>
    </PageShell>
  );
}

function StaffCase({ id }: { id: string }) {
  const state = useData<TWindowCaseDetail>(id || null, () => getStaffCase(id), { refreshOnShow: true });
  const { feedback, show } = useFeedback();
  const [panel, setPanel] = useState<Panel>('');
  const [busy, setBusy] = useState('');

  /** Run one command; the answer is the updated case, shown at once. */
  const act = async (key: string, fn: () => Promise<TWindowCaseDetail>, done: string) => {
    setBusy(key);
    try {
      state.setData(await fn());
      setPanel('');
      show('success', done);
    } catch (e) {
      show('error', messageOf(e));
    } finally {
      setBusy('');
    }
  };

  return (
    <LoadState state={state} loadingText="正在打开办件…">
      {(c) => {
        const nextStage = c.stages.findIndex((s) => !s.completedOn);
        const can = (a: TWindowCaseDetail['actions'][number]) => c.actions.includes(a);
        return (
          <View>
            <CaseHead c={c} />
            <MissingBox missing={c.missing} />
            {c.breaches.length ? (
              <Notice tone="error" testId="case-breaches">
                一次性告知未做到：第一次补正告知书没有列出 {c.breaches.join('、')}，已记入考核。
              </Notice>
            ) : null}
            <StageList c={c} />
            {feedback ? (
              <Notice tone={feedback.tone} testId="case-msg">
                {feedback.text}
              </Notice>
            ) : null}

            <View className="card" data-testid="case-actions">
              <Text className="section-title">办理</Text>
              {c.actions.length === 0 ? <Text className="text block">这件事已经办完，没有可做的操作。</Text> : null}
              {can('receive_materials') ? (
                <ActionButton tone="primary" block data-testid="act-materials" onClick={() => setPanel(panel === 'materials' ? '' : 'materials')}>
                  收到补正材料
                </ActionButton>
              ) : null}
              {panel === 'materials' ? <MaterialsPanel c={c} busy={busy === 'materials'} onSubmit={(keys) => void act('materials', () => receiveMaterials(c.id, keys), '已登记收到的材料')} /> : null}

              {can('complete_stage') && nextStage >= 0 ? (
                <ActionButton
                  tone="primary"
                  block
                  data-testid="act-stage"
                  loading={busy === 'stage'}
                  onClick={() => void act('stage', () => completeStage(c.id, nextStage), `第${nextStage + 1}个环节已办结`)}
                >
                  第{nextStage + 1}个环节（{c.stages[nextStage].department}）办完
                </ActionButton>
              ) : null}

              {can('complete') ? (
                <ActionButton tone="primary" block data-testid="act-complete" onClick={() => setPanel(panel === 'complete' ? '' : 'complete')}>
                  办结
                </ActionButton>
              ) : null}
              {panel === 'complete' ? <CompletePanel busy={busy === 'complete'} onSubmit={(result, delivery) => void act('complete', () => completeCase(c.id, result, delivery), '已办结，请打印办结单')} /> : null}

              {can('request_supplement') ? (
                <ActionButton block data-testid="act-supplement" onClick={() => setPanel(panel === 'supplement' ? '' : 'supplement')}>
                  再次补正
                </ActionButton>
              ) : null}
              {panel === 'supplement' ? (
                <SupplementPanel c={c} busy={busy === 'supplement'} onSubmit={(keys, note) => void act('supplement', () => requestSupplement(c.id, keys, note), '已出具补正告知书')} />
              ) : null}

              {can('refuse') ? (
                <ActionButton tone="danger" block data-testid="act-refuse" onClick={() => setPanel(panel === 'refuse' ? '' : 'refuse')}>
                  不予受理 / 退办
                </ActionButton>
              ) : null}
              {panel === 'refuse' ? <RefusePanel busy={busy === 'refuse'} onSubmit={(reason, basis) => void act('refuse', () => refuseCase(c.id, reason, basis), '已出具不予受理告知书')} /> : null}
            </View>

            <NoticeList notices={c.notices} printable />
            {c.rating ? (
              <View className="card" data-testid="case-rating">
                <Text className="section-title">评价</Text>
                <Text className="text block">{c.rating.rated ? '群众已评价。' : `评价二维码已印在办结单上，${c.rating.until}前有效。`}</Text>
              </View>
            ) : null}
            <EventList events={c.events} />
          </View>
        );
      }}
    </LoadState>
  );
}
