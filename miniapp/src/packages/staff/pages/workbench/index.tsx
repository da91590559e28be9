import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { TBooking, TQueueTicket } from '@bianmin/shared';
import { BOOKING_STATUS_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { messageOf } from '../../../../services/request';
import { readStored, STORAGE_KEYS, writeStored } from '../../../../services/storage';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { clockText, spanText } from '../../../../utils/china-time';
import { callNext, checkIn, getQueue, listWindows, markDone, markNoShow, todaysBookings, walkIn, type TQueue, type TWindow } from '../../services/staff';
import { CAN_SCAN, scanCode } from '../../utils/scan-code';
import './index.scss';

interface Msg {
  tone: NoticeTone;
  text: string;
}

/** ZBookingCode's alphabet (no 0/O, 1/I): checked here without zod, which would add ~100 KB to the subpackage. */
const BOOKING_CODE = /^[2-9A-HJ-NP-Z]{8}$/;
const KIND_LABELS: Record<TQueueTicket['kind'], string> = { booking: '预约', walkin: '现场', priority: '绿色通道' };
/** Follow-up screens of the evaluation system; 我的考核 is the staff member's own line (admins see the 考核 table). */
const EVALUATION_LINKS = [
  { text: '差评跟进（回访、整改、申诉）', url: '/packages/staff/pages/ratings/index', testId: 'go-bad-ratings', roles: ['staff', 'admin'] },
  { text: '投诉建议处理', url: '/packages/staff/pages/complaints/index', testId: 'go-complaints', roles: ['staff', 'admin'] },
  { text: '我的考核', url: '/packages/staff/pages/scorecard/index', testId: 'go-my-scorecard', roles: ['staff'] },
  { text: '申诉复核', url: '/packages/staff/pages/ratings/index?mode=appeals', testId: 'go-appeals', roles: ['admin'] },
  { text: '群众评议问卷（建问卷、评议卡、结果）', url: '/packages/staff/pages/surveys/index', testId: 'go-surveys', roles: ['admin'] },
  { text: '考核（中心、窗口、工作人员、代办员）', url: '/packages/staff/pages/scorecards/index', testId: 'go-scorecards', roles: ['admin'] },
];
const TICKET_STATUS: Record<TQueueTicket['status'], string> = { waiting: '等候中', called: '已叫号', done: '已办结' };

/**
 * 窗口工作台: pick the window, check bookings in by their code, call the queue, issue walk-in numbers, and see
 * today's bookings with who has arrived. Messages stay next to the action that caused them.
 */
export default function Workbench() {
  const { user } = useSession();
  const isStaff = user?.role === 'staff' || user?.role === 'admin';
  const [windows, setWindows] = useState<TWindow[]>([]);
  const [windowId, setWindowId] = useState<string>(() => readStored<string>(STORAGE_KEYS.staffWindow) ?? '');
  const [loadError, setLoadError] = useState('');
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<{ ticket: TQueueTicket; booking: TBooking } | null>(null);
  const [checkMsg, setCheckMsg] = useState<Msg | null>(null);
  const [queue, setQueue] = useState<TQueue | null>(null);
  const [queueMsg, setQueueMsg] = useState<Msg | null>(null);
  const [issued, setIssued] = useState<TQueueTicket | null>(null);
  const [bookings, setBookings] = useState<TBooking[] | null>(null);
  const [bookingMsg, setBookingMsg] = useState<Msg | null>(null);
  const [confirmNoShow, setConfirmNoShow] = useState('');
  const [busy, setBusy] = useState('');

  useEffect(() => {
    if (!isStaff || !user?.centerId) return;
    listWindows(user.centerId)
      .then((ws) => {
        setWindows(ws);
        if (!ws.some((w) => w.id === windowId) && ws.length) setWindowId(ws[0].id);
      })
      .catch((e) => setLoadError(messageOf(e)));
    // Windows of the signed-in member's center, once.
  }, [isStaff, user?.centerId]);

  const refresh = useCallback(() => {
    if (!windowId || !isStaff) return;
    getQueue(windowId)
      .then(setQueue)
      .catch((e) => setQueueMsg({ tone: 'error', text: messageOf(e) }));
    todaysBookings(windowId)
      .then(setBookings)
      .catch((e) => setBookingMsg({ tone: 'error', text: messageOf(e) }));
  }, [windowId, isStaff]);

  useEffect(() => {
    if (windowId) writeStored(STORAGE_KEYS.staffWindow, windowId);
    refresh();
  }, [windowId, refresh]);
  // Back on this page (from another screen): the queue moved meanwhile. Not on the first show: the effect loads.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) refresh();
    shown.current = true;
  });

  const run = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    try {
      await fn();
    } finally {
      setBusy('');
      refresh();
    }
  };

  if (!isStaff) {
    return (
      <PageShell>
        <Notice tone="error">窗口工作台只供工作人员使用，请用工作人员账号登录。</Notice>
        <Button className="btn btn-primary btn-block" data-testid="go-staff-login" onClick={() => Taro.redirectTo({ url: '/packages/staff/pages/login/index' })}>
          工作人员登录
        </Button>
      </PageShell>
    );
  }

  const doCheckIn = (raw: string) =>
    run('check-in', async () => {
      setCheckMsg(null);
      setChecked(null);
      const typed = raw.trim().toUpperCase();
      if (!BOOKING_CODE.test(typed)) {
        setCheckMsg({ tone: 'error', text: '预约码为8位字母数字，请核对' });
        return;
      }
      try {
        setChecked(await checkIn(typed));
        setCode('');
      } catch (e) {
        setCheckMsg({ tone: 'error', text: messageOf(e) });
      }
    });

  const scan = async () => {
    try {
      const text = await scanCode();
      setCode(text);
      await doCheckIn(text);
    } catch (e) {
      setCheckMsg({ tone: 'error', text: e instanceof Error && e.message ? e.message : '没有扫到二维码，请重试或输入预约码' });
    }
  };

  const tickets = queue?.items ?? [];
  const called = tickets.filter((t) => t.status === 'called');
  const waiting = tickets.filter((t) => t.status === 'waiting');
  const done = tickets.filter((t) => t.status === 'done').length;
  const windowName = windows.find((w) => w.id === windowId)?.name ?? '';

  return (
    <PageShell className="workbench">
      <View className="card">
        <Text className="title block">窗口工作台</Text>
        <Text className="text-2 block">
          {user?.centerName} · {user?.name}
        </Text>
        {loadError ? <Notice tone="error">{loadError}</Notice> : null}
        <Text className="field-label">当前窗口</Text>
        <View className="window-row">
          {windows.map((w) => (
            <View key={w.id} className={`btn ${w.id === windowId ? 'choice-on' : ''}`} data-testid="window-option" onClick={() => setWindowId(w.id)} {...a11y('radio', { checked: w.id === windowId, label: w.name })}>
              {w.code} · {w.name}
            </View>
          ))}
        </View>
        {windows.length === 0 && !loadError ? <Notice>正在读取本中心的窗口…</Notice> : null}
      </View>

      <View className="card" data-testid="check-in">
        <Text className="section-title">预约签到</Text>
        <Text className="text-2 block">输入群众出示的8位预约码{CAN_SCAN ? '，或扫二维码' : ''}。</Text>
        <View className="code-row">
          <Input
            className="input code-input"
            data-testid="check-in-code"
            value={code}
            maxlength={8}
            placeholder="8位预约码"
            onInput={(e) => setCode(e.detail.value.toUpperCase().trim())}
            onConfirm={() => void doCheckIn(code)}
            aria-label="预约码"
          />
          <Button className="btn btn-primary" data-testid="check-in-submit" loading={busy === 'check-in'} disabled={busy === 'check-in'} onClick={() => void doCheckIn(code)}>
            签到
          </Button>
        </View>
        {CAN_SCAN ? (
          <Button className="btn btn-block" data-testid="scan" onClick={() => void scan()}>
            扫码签到
          </Button>
        ) : null}
        {checkMsg ? <Notice tone={checkMsg.tone}>{checkMsg.text}</Notice> : null}
        {checked ? (
          <View className="ticket-box" data-testid="checked-in">
            <Text className="text block">签到成功，排队号</Text>
            <Text className="ticket-label" data-testid="checked-in-ticket">
              {checked.ticket.label}
            </Text>
            <Text className="text block">
              {checked.booking.personName} · {checked.booking.itemName}
            </Text>
            <Text className="text-2 block">预约时段 {spanText(checked.booking.slotStart, checked.booking.slotEnd)}</Text>
          </View>
        ) : null}
      </View>

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
        {queueMsg ? <Notice tone={queueMsg.tone}>{queueMsg.text}</Notice> : null}
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
            <Button
              className="btn btn-primary btn-block"
              data-testid="ticket-done"
              loading={busy === `done-${t.id}`}
              onClick={() =>
                void run(`done-${t.id}`, async () => {
                  try {
                    await markDone(t.id);
                    setQueueMsg({ tone: 'success', text: `${t.label} 已办结` });
                  } catch (e) {
                    setQueueMsg({ tone: 'error', text: messageOf(e) });
                  }
                })
              }
            >
              {t.label} 办结
            </Button>
          </View>
        ))}
        <Button
          className="btn btn-primary btn-block"
          data-testid="call-next"
          loading={busy === 'call-next'}
          disabled={!windowId || busy === 'call-next'}
          onClick={() =>
            void run('call-next', async () => {
              setQueueMsg(null);
              try {
                const t = await callNext(windowId);
                setQueueMsg({ tone: 'success', text: `请 ${t.label} 号到${windowName}办理` });
              } catch (e) {
                setQueueMsg({ tone: 'info', text: messageOf(e) });
              }
            })
          }
        >
          叫下一个号
        </Button>
        <View className="btn-row">
          {[false, true].map((priority) => (
            <Button
              key={String(priority)}
              className="btn"
              data-testid={priority ? 'walk-in-priority' : 'walk-in'}
              disabled={!windowId || busy === 'walk-in'}
              onClick={() =>
                void run('walk-in', async () => {
                  setIssued(null);
                  try {
                    setIssued(await walkIn(windowId, priority));
                  } catch (e) {
                    setQueueMsg({ tone: 'error', text: messageOf(e) });
                  }
                })
              }
            >
              {priority ? '绿色通道取号' : '现场取号'}
            </Button>
          ))}
        </View>
        <Text className="text-2 block">绿色通道：老年人、残疾人、孕妇等优先叫号。</Text>
        {issued ? (
          <View className="ticket-box" data-testid="issued">
            <Text className="text block">已取号（{KIND_LABELS[issued.kind]}）</Text>
            <Text className="ticket-label">{issued.label}</Text>
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
                <Text className="text-2">{TICKET_STATUS[t.status]} · {clockText(t.issuedAt)}取号</Text>
              </View>
            ))}
          </View>
        ) : null}
      </View>

      <View className="card" data-testid="day-bookings">
        <Text className="section-title">今日预约</Text>
        {bookingMsg ? <Notice tone={bookingMsg.tone}>{bookingMsg.text}</Notice> : null}
        {bookings === null ? <Notice>正在查询…</Notice> : null}
        {bookings?.length === 0 ? <Text className="text block">今天这个窗口没有预约。</Text> : null}
        {bookings?.map((b) => {
          const started = Date.parse(b.slotStart) <= Date.now();
          return (
            <View key={b.id} className="list-row day-booking" data-testid="day-booking" data-status={b.status}>
              <Text className="text strong block">
                {spanText(b.slotStart, b.slotEnd)} · {b.personName}
              </Text>
              <Text className="text block">{b.itemName}</Text>
              <View className="tags">
                <Text className={b.status === 'booked' ? 'tag tag-warn' : 'tag tag-green'} data-testid="day-booking-status">
                  {b.status === 'booked' ? '未到' : BOOKING_STATUS_LABELS[b.status]}
                </Text>
                {b.ticket ? <Text className="tag">{b.ticket.label}</Text> : null}
                {b.priority ? <Text className="tag tag-warn">绿色通道</Text> : null}
                <Text className="tag">预约码 {b.code}</Text>
              </View>
              {b.status === 'booked' && confirmNoShow !== b.id ? (
                <Button className="btn btn-danger btn-block" data-testid="no-show" disabled={!started} onClick={() => setConfirmNoShow(b.id)}>
                  {started ? '标记爽约' : '时段开始后可标记爽约'}
                </Button>
              ) : null}
              {confirmNoShow === b.id ? (
                <View className="btn-row">
                  <Button className="btn" onClick={() => setConfirmNoShow('')}>
                    不标记
                  </Button>
                  <Button
                    className="btn btn-danger"
                    data-testid="no-show-yes"
                    loading={busy === `no-show-${b.id}`}
                    onClick={() =>
                      void run(`no-show-${b.id}`, async () => {
                        try {
                          await markNoShow(b.id);
                          setConfirmNoShow('');
                          setBookingMsg({ tone: 'success', text: `已将 ${b.personName} 标记为爽约` });
                        } catch (e) {
                          setBookingMsg({ tone: 'error', text: messageOf(e) });
                        }
                      })
                    }
                  >
                    确定爽约
                  </Button>
                </View>
              ) : null}
            </View>
          );
        })}
      </View>

      <View className="card evaluation-links" data-testid="evaluation-links">
        <Text className="section-title">好差评与考核</Text>
        {EVALUATION_LINKS.filter((l) => l.roles.includes(user?.role ?? '')).map((l) => (
          <View key={l.testId} className="link block" data-testid={l.testId} onClick={() => void Taro.navigateTo({ url: l.url })} {...a11y('link')}>
            {l.text}
          </View>
        ))}
      </View>
    </PageShell>
  );
}
