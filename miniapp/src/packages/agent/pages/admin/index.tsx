import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TDelegationCase, TUser } from '@bianmin/shared';
import { PageShell } from '../../../../components/page-shell';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { listDelegations, postStep } from '../../../../services/delegations';
import { messageOf } from '../../../../services/request';
import { RoleGate } from '../../../../components/role-gate';
import { useData } from '../../../../hooks/use-data';
import { a11y } from '../../../../utils/a11y';
import { monthDay, SERVICE_MODE_LABELS, stateTagTone, stateText, todayChina } from '../../../../utils/delegation-text';
import { LapseReview } from '../../components/lapse-review';
import { ReassignPanel } from '../../components/reassign-panel';
import { listAgents } from '../../services/admin';
import { downloadFile } from '../../../../utils/download';
import '../../../../styles/case.scss';
import { ActionButton } from '../../../../components/action-button';
import { StatusTag } from '../../../../components/status-tag';
import { pageUrl } from '../../../../utils/page-url';

const REASSIGNABLE = ['requested', 'accepted', 'handed_over', 'in_progress', 'correction', 'suspended'];
const TABS = [
  ['all', '全部'],
  ['overdue', '已超期'],
  ['lapses', '失误确认'],
] as const;

/**
 * 代办件管理 (center administrator): the cases of the center and the centers below it, 已超期 at a tap, 改派 to any other
 * agent of the county with a reason, 导出台账 as an Excel file, and 失误确认 (pending 代办 lapses) for the county admin.
 */
export default function AdminCases() {
  return (
    <PageShell className="admin-cases">
      <RoleGate roles={['admin']} prompt="代办件管理只供中心管理员使用。" loginUrl="/packages/staff/pages/login/index" loginText="管理员登录" redirect>
        {(user) => <AdminCaseList user={user} />}
      </RoleGate>
    </PageShell>
  );
}

function AdminCaseList({ user }: { user: TUser }) {
  const [tab, setTab] = useState<'all' | 'overdue' | 'lapses'>('all');
  const overdue = tab === 'overdue';
  const list = useData(overdue ? 'overdue' : 'all', () => listDelegations(overdue ? { due: 'overdue' } : {}));
  const centerId = user.centerId ?? '';
  const agentList = useData(centerId || null, () => listAgents(centerId, 'county'));
  const items = list.data;
  const agents = agentList.data ?? [];
  const error = list.error;
  const [open, setOpen] = useState('');
  const [rowMsg, setRowMsg] = useState<{ id: string; tone: NoticeTone; text: string } | null>(null);
  const [exportMsg, setExportMsg] = useState<{ tone: NoticeTone; text: string } | null>(null);
  const [busy, setBusy] = useState('');

  const reassign = async (c: TDelegationCase, agentId: string, reason: string) => {
    if (!agentId) return setRowMsg({ id: c.id, tone: 'error', text: '请选择改派给哪位代办员' });
    if (reason.trim().length < 2) return setRowMsg({ id: c.id, tone: 'error', text: '请写明改派原因（至少2个字）' });
    setBusy(c.id);
    try {
      await postStep(c.id, { action: 'reassign', agentId, reason: reason.trim() });
      setOpen('');
      setRowMsg({ id: c.id, tone: 'success', text: `已改派给 ${agents.find((a) => a.id === agentId)?.name ?? '代办员'}` });
      void list.reload();
    } catch (e) {
      setRowMsg({ id: c.id, tone: 'error', text: messageOf(e) });
    } finally {
      setBusy('');
    }
  };

  const exportLedger = async () => {
    setExportMsg(null);
    setBusy('export');
    try {
      const text = await downloadFile(`/api/admin/delegations/export?centerId=${encodeURIComponent(user.centerId ?? '')}&format=xlsx`, { filename: `代办台账-${todayChina()}.xlsx`, fileType: 'xlsx' });
      setExportMsg({ tone: 'success', text });
    } catch (e) {
      setExportMsg({ tone: 'error', text: e instanceof Error ? e.message : messageOf(e) });
    } finally {
      setBusy('');
    }
  };

  const today = todayChina();

  return (
    <>
      <View className="card">
        <Text className="title block">本中心及下级代办件</Text>
        <Text className="text-2 block">{user.centerName}</Text>
        <ActionButton block data-testid="export-ledger" loading={busy === 'export'} disabled={busy === 'export'} onClick={() => void exportLedger()}>
          导出台账（Excel，电话已隐藏中间四位）
        </ActionButton>
        {exportMsg ? <Notice tone={exportMsg.tone}>{exportMsg.text}</Notice> : null}
      </View>
      <View className="tabs">
        {TABS.map(([key, label]) => (
          <View key={key} className={`btn ${tab === key ? 'choice-on' : ''}`} data-testid={`tab-${key}`} onClick={() => setTab(key)} {...a11y('button', { pressed: tab === key })}>
            {label}
          </View>
        ))}
      </View>
      {tab === 'lapses' ? <LapseReview /> : null}
      {tab !== 'lapses' && error ? <Notice tone="error">{error}</Notice> : null}
      {tab !== 'lapses' && items === null && !error ? <Notice>正在查询…</Notice> : null}
      {tab !== 'lapses' && items?.length === 0 ? <Notice>{overdue ? '没有超期的代办件。' : '还没有代办件。'}</Notice> : null}
      {tab !== 'lapses' && items?.length ? (
        <View className="card">
          {items.map((c) => {
            const late = c.dueOn !== null && c.dueOn < today;
            return (
              <View key={c.id} className="case-row" data-testid="admin-case" data-id={c.id}>
                <Text className="text strong block">
                  {c.personName} · {c.itemName}
                </Text>
                <View className="tags">
                  <Text className="tag">{SERVICE_MODE_LABELS[c.mode]}</Text>
                  <StatusTag tone={stateTagTone(c.state)}>{stateText(c)}</StatusTag>
                  {c.dueOn ? <Text className={late ? 'tag tag-warn due-late' : 'tag'}>{late ? `已超期 ${monthDay(c.dueOn)}` : `${monthDay(c.dueOn)}前`}</Text> : null}
                </View>
                <Text className="text-2 block">
                  {c.centerName} · 代办员 {c.agentName ?? '未分配'} · 编号 {c.code}
                </Text>
                <View className="btn-row">
                  <ActionButton onClick={() => Taro.navigateTo({ url: pageUrl('agentCase', { id: c.id }) })}>
                    查看
                  </ActionButton>
                  {REASSIGNABLE.includes(c.state) && open !== c.id ? (
                    <ActionButton tone="primary"
                      data-testid="open-reassign"
                      onClick={() => {
                        setOpen(c.id);
                        setRowMsg(null);
                      }}
                    >
                      改派
                    </ActionButton>
                  ) : null}
                </View>
                {open === c.id ? <ReassignPanel c={c} agents={agents} busy={busy === c.id} onCancel={() => setOpen('')} onSubmit={(a, r) => void reassign(c, a, r)} /> : null}
                {rowMsg?.id === c.id ? <Notice tone={rowMsg.tone}>{rowMsg.text}</Notice> : null}
              </View>
            );
          })}
        </View>
      ) : null}
    </>
  );
}
