import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import type { TCenter } from '@bianmin/shared';
import { COMPLAINT_STATUS_LABELS, COMPLAINT_TARGET_LABELS } from '@bianmin/shared/constants';
import { PageShell } from '../../../../components/page-shell';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { listCenters } from '../../../../services/centers';
import { messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { dayText, momentText } from '../../../../utils/china-time';
import { answerComplaint, centerComplaints, routeComplaint, verifyComplaint, type TStaffComplaint } from '../../services/evaluation';
import '../../styles/evaluation.scss';

interface Msg {
  tone: NoticeTone;
  text: string;
}

/**
 * 投诉建议处理 (staff/admin): every complaint and suggestion of the center (admin: and below), with 转办 to the
 * responsible center (1 working day), 答复 (5 working days) and, for an admin, 核实 of a complaint.
 */
export default function StaffComplaints() {
  const { user } = useSession();
  const isStaff = user?.role === 'staff' || user?.role === 'admin';
  const isAdmin = user?.role === 'admin';
  const [items, setItems] = useState<TStaffComplaint[] | null>(null);
  const [centers, setCenters] = useState<TCenter[]>([]);
  const [loadError, setLoadError] = useState('');
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [routeTo, setRouteTo] = useState<Record<string, number>>({});
  const [msgs, setMsgs] = useState<Record<string, Msg>>({});
  const [busy, setBusy] = useState('');

  const load = useCallback(() => {
    if (!isStaff) return;
    centerComplaints()
      .then((list) => {
        setItems(list);
        setLoadError('');
      })
      .catch((e) => setLoadError(messageOf(e)));
    listCenters()
      .then(setCenters)
      .catch(() => undefined);
  }, [isStaff]);
  useEffect(load, [load]);

  if (!isStaff) {
    return (
      <PageShell>
        <Notice tone="error">这个页面只供工作人员使用，请用工作人员账号登录。</Notice>
        <Button className="btn btn-primary btn-block" data-testid="go-staff-login" onClick={() => Taro.redirectTo({ url: '/packages/staff/pages/login/index' })}>
          工作人员登录
        </Button>
      </PageShell>
    );
  }

  const text = (key: string) => texts[key] ?? '';
  const setText = (key: string, v: string) => setTexts((t) => ({ ...t, [key]: v }));
  const centerName = (id: string) => centers.find((c) => c.id === id)?.name ?? '';
  const run = async (c: TStaffComplaint, key: string, fn: () => Promise<TStaffComplaint>, done: string) => {
    setBusy(key);
    try {
      const updated = await fn();
      setItems((list) => (list ?? []).map((x) => (x.id === c.id ? updated : x)));
      setText(key, '');
      setMsgs((m) => ({ ...m, [c.id]: { tone: 'success', text: done } }));
    } catch (e) {
      setMsgs((m) => ({ ...m, [c.id]: { tone: 'error', text: messageOf(e) } }));
    } finally {
      setBusy('');
    }
  };

  return (
    <PageShell>
      {loadError ? (
        <Notice tone="error" testId="complaints-error">
          {loadError}
        </Notice>
      ) : null}
      {!items && !loadError ? <Notice>正在查询…</Notice> : null}
      {items?.length === 0 ? <Notice testId="no-complaints">没有投诉建议。</Notice> : null}
      {(items ?? []).map((c) => {
        const msg = msgs[c.id];
        const others = centers.filter((x) => x.id !== c.centerId);
        const pick = routeTo[c.id];
        return (
          <View key={c.id} className="card" data-testid="staff-complaint" data-id={c.id} data-status={c.status}>
            <View className="tags">
              <Text className={c.kind === 'complaint' ? 'tag tag-warn' : 'tag'}>{c.kind === 'complaint' ? '投诉' : '建议'}</Text>
              <Text className={c.status === 'answered' ? 'tag tag-green' : 'tag'} data-testid="complaint-status">
                {COMPLAINT_STATUS_LABELS[c.status]}
              </Text>
              {c.anonymous ? <Text className="tag">匿名</Text> : null}
              {c.verified === true ? <Text className="tag tag-warn">已核实属实</Text> : null}
              {c.verified === false ? <Text className="tag">核实不属实</Text> : null}
            </View>
            <Text className="text-2 block">
              查询码 {c.code} · {momentText(c.filedAt)}
            </Text>
            <Text className="text block">
              对象：{COMPLAINT_TARGET_LABELS[c.target.kind]}
              {c.target.text ? `（${c.target.text}）` : ''}
              {centerName(c.centerId) ? ` · ${centerName(c.centerId)}` : ''}
            </Text>
            <Text className="text block">“{c.content}”</Text>
            {c.status === 'received' ? <Text className="text-2 block">转办期限：{dayText(c.routeDue)}</Text> : null}
            {c.status !== 'answered' ? <Text className="text-2 block">答复期限：{dayText(c.answerDue)}</Text> : null}
            {c.contact ? <PhoneLink phone={c.contact.phone} label={c.contact.name ?? '投诉人'} testId="complaint-phone" /> : null}
            {c.answer ? (
              <Text className="text block" data-testid="complaint-answer">
                答复：{c.answer}
              </Text>
            ) : null}

            {msg ? (
              <Notice tone={msg.tone} testId="complaint-msg">
                {msg.text}
              </Notice>
            ) : null}

            {c.status !== 'answered' ? (
              <View className="step-form" data-testid="answer-form">
                <Textarea
                  className="textarea"
                  data-testid="answer-text"
                  value={text(`answer-${c.id}`)}
                  maxlength={2000}
                  placeholder="答复内容（至少5个字）"
                  onInput={(e) => setText(`answer-${c.id}`, e.detail.value)}
                  aria-label="答复内容"
                />
                <Button
                  className="btn btn-primary btn-block"
                  data-testid="answer-submit"
                  loading={busy === `answer-${c.id}`}
                  disabled={busy !== '' || text(`answer-${c.id}`).trim().length < 5}
                  onClick={() => void run(c, `answer-${c.id}`, () => answerComplaint(c.id, text(`answer-${c.id}`).trim()), '已答复')}
                >
                  答复
                </Button>
              </View>
            ) : null}

            {c.status === 'received' && others.length ? (
              <View className="step-form" data-testid="route-form">
                <Picker mode="selector" range={others.map((x) => x.name)} value={pick ?? 0} onChange={(e) => setRouteTo((r) => ({ ...r, [c.id]: Number(e.detail.value) }))}>
                  <View className="btn btn-block" data-testid="route-pick">
                    {pick === undefined ? '选择转办到哪个中心' : `转办到：${others[pick]?.name ?? ''}`}
                  </View>
                </Picker>
                <Button
                  className="btn btn-block"
                  data-testid="route-submit"
                  loading={busy === `route-${c.id}`}
                  disabled={busy !== '' || pick === undefined}
                  onClick={() => {
                    const to = pick === undefined ? undefined : others[pick];
                    if (to) void run(c, `route-${c.id}`, () => routeComplaint(c.id, to.id), `已转办至${to.name}`);
                  }}
                >
                  转办
                </Button>
              </View>
            ) : null}

            {isAdmin && c.kind === 'complaint' && (c.verified === null || c.verified === undefined) ? (
              <View className="step-form" data-testid="verify-form">
                <Text className="text strong block">核实（属实的投诉计入工作人员年度记录）</Text>
                <Textarea
                  className="textarea"
                  data-testid="verify-finding"
                  value={text(`verify-${c.id}`)}
                  maxlength={1000}
                  placeholder="核实情况（至少5个字）"
                  onInput={(e) => setText(`verify-${c.id}`, e.detail.value)}
                  aria-label="核实情况"
                />
                <View className="btn-row">
                  {[true, false].map((v) => (
                    <Button
                      key={String(v)}
                      className={v ? 'btn btn-danger' : 'btn'}
                      data-testid={v ? 'verify-yes' : 'verify-no'}
                      loading={busy === `verify-${c.id}-${String(v)}`}
                      disabled={busy !== '' || text(`verify-${c.id}`).trim().length < 5}
                      onClick={() => void run(c, `verify-${c.id}-${String(v)}`, () => verifyComplaint(c.id, v, text(`verify-${c.id}`).trim()), v ? '已记为属实' : '已记为不属实')}
                    >
                      {v ? '属实' : '不属实'}
                    </Button>
                  ))}
                </View>
              </View>
            ) : null}
          </View>
        );
      })}
    </PageShell>
  );
}
