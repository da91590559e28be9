import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TQueueTicket } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { Notice } from '../../../../components/notice';
import type { DataState } from '../../../../hooks/use-data';
import { messageOf } from '../../../../services/request';
import { a11y } from '../../../../utils/a11y';
import { clockText } from '../../../../utils/china-time';
import { callNext, markDone, recallTicket, requeueTicket, skipTicket, transferTicket, walkIn, type TQueue, type TWindow } from '../../services/staff';
import type { Msg, RunAction } from './types';

export const KIND_LABELS: Record<TQueueTicket['kind'], string> = { booking: '预约', walkin: '现场', priority: '绿色通道' };
const TICKET_STATUS: Record<TQueueTicket['status'], string> = { waiting: '等候中', called: '已叫号', done: '已办结', skipped: '已过号', transferred: '已转其他窗口' };

/** The 受理 panel (packages/cases) for the called number: one case per ticket; the name is prefilled when known. */
function acceptUrl(t: TQueueTicket, windowId: string): string {
  const name = t.personName ? `&name=${encodeURIComponent(t.personName)}` : '';
  return `/packages/cases/pages/accept/index?ticketId=${t.id}&label=${encodeURIComponent(t.label)}&windowId=${windowId}${name}`;
}

interface Props {
  windowId: string;
  windowName: string;
  queue: DataState<TQueue>;
  busy: string;
  run: RunAction;
  refresh: () => void;
  /** The center's windows, for 转窗口. */
  windows?: TWindow[];
}

/** 排队叫号: who is being served, 叫下一个号, walk-in numbers (绿色通道 first) and who is waiting. */
export function QueueCard({ windowId, windowName, queue, busy, run, refresh, windows = [] }: Props) {
  const [msg, setMsg] = useState<Msg | null>(null);
  const [issued, setIssued] = useState<TQueueTicket | null>(null);
  const tickets = queue.data?.items ?? [];
  const called = tickets.filter((t) => t.status === 'called');
  const waiting = tickets.filter((t) => t.status === 'waiting');
  const done = tickets.filter((t) => t.status === 'done').length;
  const skipped = tickets.filter((t) => t.status === 'skipped');

  /** 重呼, 过号, 重新排队, 转窗口: one request each; the API says when it is too early or too late. */
  const act = (key: string, fn: () => Promise<TQueueTicket>, ok: (t: TQueueTicket) => string) =>
    run(key, async () => {
      try {
        setMsg({ tone: 'success', text: ok(await fn()) });
      } catch (e) {
        setMsg({ tone: 'error', text: messageOf(e) });
      }
    });
  const others = windows.filter((w) => w.id !== windowId);
  const moveTo = async (t: TQueueTicket) => {
    if (!others.length) return setMsg({ tone: 'info', text: '本中心没有其他窗口' });
    const pick = await Taro.showActionSheet({ itemList: others.map((w) => w.name) }).catch(() => null);
    const w = pick ? others[pick.tapIndex] : undefined;
    if (w) await act(`transfer-${t.id}`, () => transferTicket(t.id, w.id), (r) => `${t.label} 已转到${w.name}（新号 ${r.transferredTo?.label ?? ''}），按原到达时间排队`);
  };

  const finish = (t: TQueueTicket) =>
    run(`done-${t.id}`, async () => {
      try {
        await markDone(t.id);
        setMsg({ tone: 'success', text: `${t.label} 已办结` });
      } catch (e) {
        setMsg({ tone: 'error', text: messageOf(e) });
      }
    });
  const next = () =>
    run('call-next', async () => {
      setMsg(null);
      try {
        const t = await callNext(windowId);
        setMsg({ tone: 'success', text: `请 ${t.label} 号到${windowName}办理` });
      } catch (e) {
        setMsg({ tone: 'info', text: messageOf(e) });
      }
    });
  const issue = (priority: boolean) =>
    run('walk-in', async () => {
      setIssued(null);
      try {
        setIssued(await walkIn(windowId, priority));
      } catch (e) {
        setMsg({ tone: 'error', text: messageOf(e) });
      }
    });

  return (
    <View className="card" data-testid="queue">
      <View className="head-row">
        <Text className="section-title">排队叫号{windowName ? ` · ${windowName}` : ''}</Text>
        <View className="btn" data-testid="refresh" onClick={refresh} {...a11y('button')}>
          刷新
        </View>
      </View>
      <Text className="text block" data-testid="queue-summary">
        等候 {waiting.length} 人 · 已办结 {done} 人
      </Text>
      {queue.error ? <Notice tone="error">{queue.error}</Notice> : null}
      {msg ? <Notice tone={msg.tone}>{msg.text}</Notice> : null}
      {called.map((t) => (
        <View key={t.id} className="ticket-box ticket-called" data-testid="called-ticket">
          <Text className="text block">正在办理</Text>
          <Text className="ticket-label" data-testid="called-label">
            {t.label}
          </Text>
          <Text className="text block">
            {KIND_LABELS[t.kind]}
            {t.personName ? ` · ${t.personName}` : ''}
          </Text>
          <ActionButton tone="primary" block data-testid="ticket-accept" onClick={() => void Taro.navigateTo({ url: acceptUrl(t, windowId) })}>
            受理（登记办件）
          </ActionButton>
          <ActionButton tone="primary" block data-testid="ticket-done" loading={busy === `done-${t.id}`} onClick={() => void finish(t)}>
            {t.label} 办结
          </ActionButton>
          <View className="btn-row">
            <ActionButton data-testid="ticket-recall" disabled={(t.callCount ?? 1) >= 3 || !!busy} onClick={() => void act(`recall-${t.id}`, () => recallTicket(t.id), (r) => `已第${r.callCount ?? 2}次叫 ${r.label} 号`)}>
              重呼（已叫{t.callCount ?? 1}次）
            </ActionButton>
            <ActionButton data-testid="ticket-skip" disabled={!!busy} onClick={() => void act(`skip-${t.id}`, () => skipTicket(t.id), (r) => `${r.label} 已过号`)}>
              过号
            </ActionButton>
            <ActionButton data-testid="ticket-transfer" disabled={!!busy} onClick={() => void moveTo(t)}>
              转窗口
            </ActionButton>
          </View>
          <Text className="text-2 block">叫号3次或5分钟未到可过号；过号的群众可重新排队一次。</Text>
        </View>
      ))}
      <ActionButton tone="primary" block data-testid="call-next" loading={busy === 'call-next'} disabled={!windowId || busy === 'call-next'} onClick={() => void next()}>
        叫下一个号
      </ActionButton>
      <View className="btn-row">
        {[false, true].map((priority) => (
          <ActionButton key={String(priority)} data-testid={priority ? 'walk-in-priority' : 'walk-in'} disabled={!windowId || busy === 'walk-in'} onClick={() => void issue(priority)}>
            {priority ? '绿色通道取号' : '现场取号'}
          </ActionButton>
        ))}
      </View>
      <Text className="text-2 block">绿色通道：老年人、残疾人、孕妇等优先叫号。</Text>
      <View className="link block" data-testid="go-open-cases" onClick={() => void Taro.navigateTo({ url: '/packages/cases/pages/open/index' })} {...a11y('link')}>
        我的在办件（到期提醒、补正、办结、打印）
      </View>
      {issued ? (
        <View className="ticket-box" data-testid="issued">
          <Text className="text block">已取号（{KIND_LABELS[issued.kind]}）</Text>
          <Text className="ticket-label">{issued.label}</Text>
        </View>
      ) : null}
      {skipped.length ? (
        <View className="waiting" data-testid="skipped">
          <Text className="text strong block">已过号</Text>
          {skipped.map((t) => (
            <View key={t.id} className="list-row waiting-row" data-testid="skipped-ticket">
              <Text className="text strong">{t.label}</Text>
              {t.personName ? <Text className="text">{t.personName}</Text> : null}
              {t.requeued ? (
                <Text className="text-2">已重新排队过一次</Text>
              ) : (
                <ActionButton data-testid="ticket-requeue" disabled={!!busy} onClick={() => void act(`requeue-${t.id}`, () => requeueTicket(t.id), (r) => `${r.label} 已重新排队`)}>
                  重新排队
                </ActionButton>
              )}
            </View>
          ))}
        </View>
      ) : null}
      {waiting.length ? (
        <View className="waiting">
          <Text className="text strong block">等候中</Text>
          {waiting.map((t) => (
            <View key={t.id} className="list-row waiting-row" data-testid="waiting-ticket">
              <Text className="text strong">{t.label}</Text>
              <Text className={t.kind === 'priority' ? 'tag tag-warn' : 'tag'}>{KIND_LABELS[t.kind]}</Text>
              {t.personName ? <Text className="text">{t.personName}</Text> : null}
              <Text className="text-2">
                {TICKET_STATUS[t.status]} · {clockText(t.issuedAt)}取号
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
