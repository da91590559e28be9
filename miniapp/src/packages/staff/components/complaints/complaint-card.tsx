import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TCenter } from '@bianmin/shared';
import { COMPLAINT_STATUS_LABELS, COMPLAINT_TARGET_LABELS } from '@bianmin/shared/constants';
import { Notice, type NoticeTone } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { messageOf } from '../../../../services/request';
import { dayText, momentText } from '../../../../utils/china-time';
import { answerComplaint, routeComplaint, verifyComplaint, type TStaffComplaint } from '../../services/evaluation';
import { AnswerForm, RouteForm, VerifyForm, type RunWrite } from './complaint-forms';

interface Props {
  c: TStaffComplaint;
  centers: TCenter[];
  /** Kept for callers; 核实 now follows the server's `actions` (the complaints policy), not the role. */
  isAdmin: boolean;
  onUpdated: (c: TStaffComplaint) => void;
}

/** One 投诉建议: what was said about whom, the deadlines, and 答复 / 转办 / 核实 as they apply. */
export function ComplaintCard({ c, centers, onUpdated }: Props) {
  const [msg, setMsg] = useState<{ tone: NoticeTone; text: string } | null>(null);
  const [busy, setBusy] = useState('');
  const centerName = centers.find((x) => x.id === c.centerId)?.name ?? '';
  const others = centers.filter((x) => x.id !== c.centerId);

  const run: RunWrite = async (key, fn, done) => {
    setBusy(key);
    try {
      onUpdated((await fn()) as TStaffComplaint);
      setMsg({ tone: 'success', text: done });
      return true;
    } catch (e) {
      setMsg({ tone: 'error', text: messageOf(e) });
      return false;
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="card" data-testid="staff-complaint" data-id={c.id} data-status={c.status}>
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
        {centerName ? ` · ${centerName}` : ''}
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
      {c.status !== 'answered' ? <AnswerForm id={c.id} busy={busy} run={run} submit={(text) => answerComplaint(c.id, text)} /> : null}
      {c.status === 'received' && others.length ? <RouteForm id={c.id} busy={busy} run={run} others={others} submit={(to) => routeComplaint(c.id, to.id)} /> : null}
      {c.actions.includes('verify') ? <VerifyForm id={c.id} busy={busy} run={run} submit={(v, finding) => verifyComplaint(c.id, v, finding)} /> : null}
    </View>
  );
}
