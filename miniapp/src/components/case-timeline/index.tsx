import { Text, View } from '@tarojs/components';
import type { TDelegationCase, TLedgerEntry } from '@bianmin/shared';
import { ledgerText, momentShort, monthDay, todayChina } from '../../utils/delegation-text';
import './index.scss';

/** Who did it, for the citizen (who is not shown staff names). */
const ROLE_WORDS: Record<string, string> = { citizen: '您', agent: '代办员', staff: '工作人员', admin: '管理员' };

type StageStatus = 'done' | 'late' | 'running' | 'overdue' | 'waiting';

const STATUS_WORDS: Record<StageStatus, string> = { done: '已完成', late: '已完成（超期）', running: '正在办', overdue: '已超期', waiting: '未开始' };
const STATUS_MARK: Record<StageStatus, string> = { done: '✓', late: '!', running: '●', overdue: '!', waiting: '○' };

/**
 * 办理进度: the chain's stages (each with 「X月X日前」 and done/late), then every ledger entry in plain words,
 * oldest first. Shared by the citizen's and the agent's case pages.
 */
export function CaseTimeline({ c, ledger, pending }: { c: TDelegationCase; ledger: TLedgerEntry[] | null; pending?: string[] }) {
  const today = todayChina();
  const delivered = c.state === 'delivered' || c.state === 'completed' || c.state === 'followed_up';
  const stageName = (key: string) => c.stages.find((s) => s.key === key)?.name ?? key;
  return (
    <View>
      <View className="card" data-testid="stages">
        <Text className="section-title">办理进度</Text>
        {c.stages.map((s, i) => {
          const running = c.state === 'in_progress' && i === c.stageIndex;
          const status: StageStatus = s.completedOn
            ? (s.lateDays ?? 0) > 0
              ? 'late'
              : 'done'
            : running
              ? s.dueOn && s.dueOn < today
                ? 'overdue'
                : 'running'
              : 'waiting';
          return (
            <View key={s.key} className={`stage stage-${status}`} data-testid="stage" data-status={status}>
              <View className="stage-mark" aria-hidden="true">
                {STATUS_MARK[status]}
              </View>
              <View className="stage-body">
                <Text className="text strong block">
                  {i + 1}. {s.name}
                </Text>
                <Text className="text-2 block">
                  {STATUS_WORDS[status]}
                  {s.dueOn && !s.completedOn ? ` · ${monthDay(s.dueOn)}前` : ''}
                  {s.completedOn ? ` · ${monthDay(s.completedOn)}完成` : ''}
                  {(s.lateDays ?? 0) > 0 ? ` · 超期${s.lateDays}个工作日` : ''}
                  {!s.dueOn ? ` · ${s.days}个工作日内` : ''}
                </Text>
              </View>
            </View>
          );
        })}
        <View className={`stage ${delivered ? 'stage-done' : 'stage-waiting'}`} data-testid="stage-delivered" data-status={delivered ? 'done' : 'waiting'}>
          <View className="stage-mark" aria-hidden="true">
            {delivered ? '✓' : '○'}
          </View>
          <View className="stage-body">
            <Text className="text strong block">{delivered ? '已送达' : '送达'}</Text>
            {c.result ? <Text className="text-2 block">结果：{c.result}</Text> : null}
          </View>
        </View>
      </View>

      <View className="card" data-testid="ledger">
        <Text className="section-title">办理记录（台账）</Text>
        {ledger === null ? <Text className="text-2 block">正在读取…</Text> : null}
        {ledger?.map((e) => (
          <View key={e.seq} className="list-row ledger-row" data-testid="ledger-entry" data-type={e.type}>
            <Text className="text-2 block">
              {momentShort(e.clientAt ?? e.at)}
              {` · ${e.actorName ?? ROLE_WORDS[e.actorRole] ?? ''}`}
            </Text>
            <Text className="text block">{ledgerText(e, stageName)}</Text>
          </View>
        ))}
        {pending?.map((p, i) => (
          <View key={`p${i}`} className="list-row ledger-row ledger-pending" data-testid="ledger-pending">
            <Text className="text-2 block">待上传</Text>
            <Text className="text block">{p}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
