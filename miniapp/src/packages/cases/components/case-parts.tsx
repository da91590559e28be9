import { Text, View } from '@tarojs/components';
import type { TCaseNotice, TWindowCase, TWindowCaseDetail } from '@bianmin/shared';
import { DELIVERY_LABELS, NOTICE_KIND_LABELS, STAGE_LEVEL_LABELS, WINDOW_CASE_STATE_LABELS, WINDOW_CASE_TYPE_LABELS } from '@bianmin/shared/domain';
import { ActionButton } from '../../../components/action-button';
import { KeyValue } from '../../../components/key-value';
import { Notice } from '../../../components/notice';
import { a11y } from '../../../utils/a11y';
import { monthDay, momentShort } from '../../../utils/delegation-text';
import { noticePrintPath } from '../services/cases';
import { dueText, eventText, isOverdue, stateTagClass } from '../utils/case-text';
import { CAN_PRINT } from '../../../utils/print-page';
import { usePrint } from '../../../hooks/use-print';

/** The facts of a case read first: matter, type, state, when it is due, who applied, the progress code. */
export function CaseHead({ c }: { c: TWindowCase }) {
  const late = isOverdue(c);
  return (
    <View className="card" data-testid="case-head" data-state={c.state}>
      <Text className="text-2 block">
        {WINDOW_CASE_TYPE_LABELS[c.type]} · 查询码 <Text data-testid="case-code">{c.code}</Text>
      </Text>
      <Text className="title block">{c.itemName}</Text>
      <View className="tags">
        <Text className={stateTagClass(c.state)} data-testid="case-state">
          {WINDOW_CASE_STATE_LABELS[c.state]}
        </Text>
        <Text className={late ? 'tag tag-danger' : 'tag'} data-testid="case-due">
          {late ? '已超期 · ' : ''}
          {dueText(c)}
        </Text>
      </View>
      <KeyValue label="申请人">{c.applicantName}</KeyValue>
      {c.applicantPhone ? <KeyValue label="电话">{c.applicantPhone}</KeyValue> : null}
      <KeyValue label="受理地点">
        {c.centerName}
        {c.windowName ? ` · ${c.windowName}` : ''}
      </KeyValue>
      <KeyValue label="受理人">{c.staffName}</KeyValue>
      <KeyValue label="受理时间">{momentShort(c.createdAt)}</KeyValue>
      {c.promisedOn ? (
        <KeyValue label="承诺办结日期" testId="case-promised">
          {monthDay(c.promisedOn)}
        </KeyValue>
      ) : null}
      {c.result ? <KeyValue label="办理结果">{c.result}</KeyValue> : null}
      {c.delivery ? <KeyValue label="送达方式">{DELIVERY_LABELS[c.delivery]}</KeyValue> : null}
      {c.refusal ? (
        <View data-testid="case-refusal">
          <KeyValue label="不予受理理由">{c.refusal.reason}</KeyValue>
          <KeyValue label="依据">{c.refusal.legalBasis}</KeyValue>
        </View>
      ) : null}
    </View>
  );
}

/** 补正告知: everything still missing, told at once. */
export function MissingBox({ missing, title = '还需补正以下材料' }: { missing: { key: string; name: string }[]; title?: string }) {
  if (!missing.length) return null;
  return (
    <View className="case-missing" data-testid="case-missing">
      <Text className="title block">{title}</Text>
      {missing.map((m, i) => (
        <Text key={m.key} className="text block" data-testid="case-missing-item">
          {i + 1}. {m.name}
        </Text>
      ))}
    </View>
  );
}

/** 联办/上报: each department or level with its date. */
export function StageList({ c }: { c: Pick<TWindowCase, 'stages'> }) {
  if (!c.stages.length) return null;
  return (
    <View className="card" data-testid="case-stages">
      <Text className="section-title">办理环节</Text>
      {c.stages.map((s, i) => (
        <View key={`${s.name}-${i}`} className="list-row" data-testid="case-stage" data-done={s.completedOn ? 'yes' : 'no'}>
          <Text className="text strong block">
            {i + 1}. {s.name || s.department}
            {s.level ? `（${STAGE_LEVEL_LABELS[s.level]}）` : ''}
          </Text>
          <Text className="text-2 block">
            {s.department} · {s.days}个工作日
            {s.dueOn && !s.completedOn ? ` · ${monthDay(s.dueOn)}前` : ''}
            {s.completedOn ? ` · ${monthDay(s.completedOn)}完成` : ''}
            {(s.lateDays ?? 0) > 0 ? ` · 超期${s.lateDays}个工作日` : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** The print buttons of one notice: A4 and the 80 mm receipt-printer slip (小票). */
function PrintButtons({ notice, print }: { notice: TCaseNotice; print: (path: string) => void }) {
  return (
    <View className="btn-row">
      <ActionButton data-testid="print-a4" onClick={() => print(noticePrintPath(notice, 'a4'))}>
        打印A4
      </ActionButton>
      <ActionButton data-testid="print-slip" onClick={() => print(noticePrintPath(notice, 'slip'))}>
        打印小票
      </ActionButton>
    </View>
  );
}

/** Every numbered document of a case, newest first, each with its print buttons (staff only). */
export function NoticeList({ notices, printable }: { notices: TCaseNotice[]; printable: boolean }) {
  const { print, message: msg } = usePrint();
  if (!notices.length) return null;
  const ordered = [...notices].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  return (
    <View className="card" data-testid="case-notices">
      <Text className="section-title">文书</Text>
      {printable && !CAN_PRINT ? <Text className="text-2 block">小程序不能直接打印文书，请在电脑浏览器里登录后打印。</Text> : null}
      {ordered.map((n) => (
        <View key={n.id} className="list-row" data-testid="case-notice" data-kind={n.kind}>
          <Text className="text strong block">{NOTICE_KIND_LABELS[n.kind]}</Text>
          <Text className="text block" data-testid="case-notice-number">
            {n.number}
          </Text>
          <Text className="text-2 block">
            {momentShort(n.issuedAt)} · {n.staffName}
          </Text>
          {printable && CAN_PRINT ? <PrintButtons notice={n} print={print} /> : null}
        </View>
      ))}
      {msg ? (
        <Notice tone={msg.tone} testId="print-msg">
          {msg.text}
        </Notice>
      ) : null}
    </View>
  );
}

/** 办理记录: the appended events, oldest first. */
export function EventList({ events }: { events: TWindowCaseDetail['events'] }) {
  if (!events.length) return null;
  return (
    <View className="card" data-testid="case-events">
      <Text className="section-title">办理记录</Text>
      {events.map((e) => (
        <View key={e.seq} className="list-row" data-testid="case-event" data-type={e.type}>
          <Text className="text-2 block">
            {momentShort(e.at)}
            {e.actorName ? ` · ${e.actorName}` : ''}
          </Text>
          <Text className="text block">{eventText(e)}</Text>
        </View>
      ))}
    </View>
  );
}

/** One case in a list: the whole row opens it. */
export function CaseRow({ c, onOpen }: { c: TWindowCase; onOpen: () => void }) {
  const late = isOverdue(c);
  return (
    <View className="case-list-row" data-testid="case-row" data-id={c.id} data-state={c.state} onClick={onOpen} {...a11y('link', { focusable: true })}>
      <Text className="text strong block">{c.itemName}</Text>
      <Text className="text-2 block">
        {c.applicantName} · {WINDOW_CASE_TYPE_LABELS[c.type]} · {c.code}
      </Text>
      <View className="tags">
        <Text className={stateTagClass(c.state)}>{WINDOW_CASE_STATE_LABELS[c.state]}</Text>
        <Text className={late ? 'tag tag-danger' : 'tag'}>
          {late ? '已超期 · ' : ''}
          {dueText(c)}
        </Text>
      </View>
    </View>
  );
}
