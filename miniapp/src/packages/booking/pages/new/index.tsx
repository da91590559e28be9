import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { TBooking, TBookingCreate, TCalendarDay, TSlot, TSlotsAnswer } from '@bianmin/shared';
import { addDays, chinaDate } from '@bianmin/shared/domain';
import { PageShell } from '../../../../components/page-shell';
import { Notice } from '../../../../components/notice';
import { PhoneLink } from '../../../../components/phone-link';
import { getItem } from '../../../../services/service-items';
import { createBooking, getBooking, getCalendar, getSlots, refusalOf, rescheduleBooking, type BookingRefusal } from '../../../../services/bookings';
import { ApiError, messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { dayText, slotDate, slotText, spanText } from '../../../../utils/china-time';
import { DayPicker } from '../../components/day-picker';
import { SlotList } from '../../components/slot-list';
import '../../components/booking.scss';
import { ActionButton } from '../../../../components/action-button';

/** Days offered: today and the next 13 (the default 预约 horizon is 14 days). */
const DAYS_SHOWN = 14;
const RELATIONS = ['父母', '配偶', '子女', '其他亲属'];

interface Target {
  itemId: string;
  itemName: string;
  centerId: string;
  centerName: string;
  /** The item's consultation phone: what to call when it cannot be booked online. */
  phone?: string;
}

type Step = 'date' | 'slot' | 'confirm';

interface Family {
  name: string;
  idNumber: string;
  phone: string;
  relation: string;
}

/**
 * Quick checks on the phone, without the zod schemas (they would add ~100 KB to the subpackage); the API's
 * ZPerson is the full rule (check digit included) and its field messages are shown at the fields too.
 */
function familyErrors(f: Family): Record<string, string> {
  const errs: Record<string, string> = {};
  if (!f.name.trim()) errs.name = '请填写家人姓名';
  if (!/^\d{17}[\dXx]$/.test(f.idNumber)) errs.idNumber = '身份证号应为18位，最后一位可以是X';
  if (f.phone && !/^1[3-9]\d{9}$/.test(f.phone)) errs.phone = '请填写11位手机号，或不填';
  return errs;
}

/**
 * 预约办理 (and 改约 with `reschedule=<bookingId>`): one question per screen — which day, which time, for whom —
 * with what was already chosen shown above and changeable. Every refusal stays on the page in words.
 */
export default function NewBooking() {
  const { params } = useRouter();
  const rescheduleId = params.reschedule ?? '';
  const { user } = useSession();

  const [target, setTarget] = useState<Target | null>(null);
  const [original, setOriginal] = useState<TBooking | null>(null);
  const [days, setDays] = useState<TCalendarDay[]>([]);
  const [loadError, setLoadError] = useState('');
  const [step, setStep] = useState<Step>('date');
  const [date, setDate] = useState('');
  const [answer, setAnswer] = useState<TSlotsAnswer | null>(null);
  const [slotsLoading, setSlotsLoading] = useState(false);
  const [slot, setSlot] = useState<TSlot | null>(null);
  const [forFamily, setForFamily] = useState(false);
  const [family, setFamily] = useState<Family>({ name: '', idNumber: '', phone: '', relation: '' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<BookingRefusal | null>(null);

  useEffect(() => {
    const load = async () => {
      let t: Target;
      if (rescheduleId) {
        const b = await getBooking(rescheduleId);
        setOriginal(b);
        t = { itemId: b.itemId, itemName: b.itemName, centerId: b.centerId, centerName: b.centerName };
      } else {
        const item = (await getItem(params.itemId ?? '')).data;
        t = { itemId: item.id, itemName: item.name, centerId: item.centerId, centerName: item.centerName, phone: item.consultPhone };
      }
      setTarget(t);
      const today = chinaDate(new Date());
      setDays(await getCalendar(t.centerId, today, addDays(today, DAYS_SHOWN - 1)));
    };
    if (rescheduleId) Taro.setNavigationBarTitle({ title: '改约' }).catch(() => undefined);
    load().catch((e) => setLoadError(messageOf(e)));
    // Load once per opened page.
  }, []);

  const loadSlots = async (d: string) => {
    if (!target) return;
    setSlotsLoading(true);
    setAnswer(null);
    try {
      setAnswer(await getSlots(target.itemId, d));
    } catch (e) {
      // No slots to show; the rules are DEFAULT_BOOKING_RULES' (not imported: it lives in a zod file).
      setAnswer({ date: d, open: false, rules: { horizonDays: 14, minNoticeMinutes: 60, cancelCutoffMinutes: 60 }, window: { id: '', name: '' }, slots: [] });
      setRefusal({ message: messageOf(e), nextSlots: [], slotGone: false, signInNeeded: false });
    } finally {
      setSlotsLoading(false);
    }
  };

  const pickDate = (d: string) => {
    setDate(d);
    setSlot(null);
    setRefusal(null);
    setStep('slot');
    void loadSlots(d);
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  const pickSlot = (s: TSlot) => {
    setSlot(s);
    setDate(slotDate(s.start));
    setRefusal(null);
    setStep('confirm');
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  const submit = async () => {
    if (!target || !slot) return;
    setRefusal(null);
    setFieldErrors({});
    let person: TBookingCreate['person'];
    if (!rescheduleId && forFamily) {
      const errs = familyErrors(family);
      if (Object.keys(errs).length) {
        setFieldErrors(errs);
        return;
      }
      person = {
        name: family.name.trim(),
        idNumber: family.idNumber.toUpperCase(),
        ...(family.phone ? { phone: family.phone } : {}),
        ...(family.relation ? { relation: family.relation } : {}),
      };
    }
    setBusy(true);
    try {
      const b = rescheduleId
        ? await rescheduleBooking(rescheduleId, slot.start)
        : await createBooking({ itemId: target.itemId, slotStart: slot.start, ...(person ? { person } : {}) });
      await Taro.redirectTo({ url: `/packages/booking/pages/detail/index?id=${b.id}&${rescheduleId ? 'changed' : 'new'}=1` });
    } catch (e) {
      // The server checks what the phone does not (the ID number's check digit): show it at the field.
      const personFields = e instanceof ApiError ? e.fields.filter((f) => f.field.startsWith('person.')) : [];
      if (personFields.length) {
        setFieldErrors(Object.fromEntries(personFields.map((f) => [f.field.slice('person.'.length), f.message])));
        return;
      }
      const r = refusalOf(e, messageOf(e));
      setRefusal(r);
      if (r.slotGone) {
        setSlot(null);
        setStep('slot');
        void loadSlots(date);
      }
    } finally {
      setBusy(false);
    }
  };

  if (!target) {
    return <PageShell>{loadError ? <Notice tone="error">{loadError}</Notice> : <Notice>正在打开…</Notice>}</PageShell>;
  }

  const openDays = days.filter((d) => d.open);
  /** The chosen slot filled up meanwhile: offer the next ones instead of the same button again. */
  const slotFull = (refusal?.nextSlots.length ?? 0) > 0;
  const setField = (k: keyof Family, v: string) => setFamily((f) => ({ ...f, [k]: v }));

  return (
    <PageShell className="booking-new">
      <View className="card" data-testid="booking-target">
        <Text className="text-2 block">{rescheduleId ? '改约' : '预约办理'}</Text>
        <Text className="title block">{target.itemName}</Text>
        <Text className="text block">{target.centerName}</Text>
        {original ? (
          <Text className="text-2 block" data-testid="original-time">
            原预约：{slotText(original.slotStart, original.slotEnd)}
          </Text>
        ) : null}
      </View>

      {step !== 'date' ? (
        <View className="card" data-testid="chosen">
          <View className="chosen-row">
            <Text className="text">
              日期：<Text className="strong">{dayText(date)}</Text>
            </Text>
            <View className="btn" data-testid="change-date" onClick={() => setStep('date')} {...a11y('button')}>
              换日期
            </View>
          </View>
          {step === 'confirm' && slot ? (
            <View className="chosen-row">
              <Text className="text">
                时间：<Text className="strong">{spanText(slot.start, slot.end)}</Text>
                {slotFull ? <Text className="strong slot-full-mark">（已约满）</Text> : null}
              </Text>
              <View className="btn" data-testid="change-slot" onClick={() => pickDate(date)} {...a11y('button')}>
                换时间
              </View>
            </View>
          ) : null}
        </View>
      ) : null}

      {step === 'date' ? (
        <View className="card" data-testid="step-date">
          <Text className="section-title">第1步：选日期</Text>
          {days.length === 0 ? <Notice>正在查询哪些天上班…</Notice> : null}
          {days.length > 0 && openDays.length === 0 ? <Notice tone="error">近{DAYS_SHOWN}天都不办公，请以后再约或打电话咨询。</Notice> : null}
          <DayPicker days={days} selected={date} onPick={pickDate} />
          <Text className="text-2 block day-legend">灰色虚线的日子不办公，不能选。</Text>
        </View>
      ) : null}

      {step === 'slot' ? (
        <View className="card" data-testid="step-slot">
          <Text className="section-title">第2步：选时间</Text>
          {refusal && !refusal.pausedUntil ? <Notice tone="error">{refusal.message}</Notice> : null}
          {slotsLoading ? <Notice>正在查询剩余名额…</Notice> : null}
          {answer && answer.window === null ? (
            <View data-testid="not-bookable">
              <Notice tone="error">这个事项暂时不能网上预约，请打电话预约或直接到窗口办理。</Notice>
              {target.phone ? <PhoneLink phone={target.phone} label="咨询" /> : null}
            </View>
          ) : null}
          {answer && answer.window && answer.slots.length === 0 && !slotsLoading ? (
            <Notice tone="info">这一天已没有可预约的时段，请换一天。</Notice>
          ) : null}
          {answer && answer.slots.length > 0 ? (
            <View>
              {answer.window?.name ? <Text className="text-2 block">办理窗口：{answer.window.name}</Text> : null}
              {answer.slots.every((s) => s.seatsLeft <= 0) ? <Notice tone="info">这一天已约满，请换一天。</Notice> : null}
              <SlotList slots={answer.slots} selected={slot?.start} onPick={pickSlot} />
            </View>
          ) : null}
        </View>
      ) : null}

      {step === 'confirm' && slot ? (
        <View className="card" data-testid="step-confirm">
          <Text className="section-title">{rescheduleId ? '第3步：确认改约' : '第3步：为谁预约'}</Text>
          {rescheduleId ? (
            <Text className="text block">
              改到 <Text className="strong">{slotText(slot.start, slot.end)}</Text>。改约成功后，原来的时段自动释放。
            </Text>
          ) : (
            <View>
              <View className="choice-row">
                <View className={`btn ${forFamily ? '' : 'choice-on'}`} data-testid="for-self" onClick={() => setForFamily(false)} {...a11y('radio', { checked: !forFamily })}>
                  为自己
                </View>
                <View className={`btn ${forFamily ? 'choice-on' : ''}`} data-testid="for-family" onClick={() => setForFamily(true)} {...a11y('radio', { checked: forFamily })}>
                  为家人
                </View>
              </View>
              {!forFamily ? <Text className="text block">办理人：{user?.name || user?.phoneMasked || '本人'}</Text> : null}
              {forFamily ? (
                <View data-testid="family-form">
                  <View className="field">
                    <Text className="field-label">家人姓名</Text>
                    <Input className="input" data-testid="family-name" value={family.name} maxlength={30} placeholder="与身份证一致" onInput={(e) => setField('name', e.detail.value)} aria-label="家人姓名" />
                    {fieldErrors.name ? <Text className="field-error">{fieldErrors.name}</Text> : null}
                  </View>
                  <View className="field">
                    <Text className="field-label">身份证号</Text>
                    <Input className="input" data-testid="family-id" type="idcard" value={family.idNumber} maxlength={18} placeholder="18位身份证号" onInput={(e) => setField('idNumber', e.detail.value.trim())} aria-label="身份证号" />
                    {fieldErrors.idNumber ? <Text className="field-error">{fieldErrors.idNumber}</Text> : null}
                  </View>
                  <View className="field">
                    <Text className="field-label">家人手机号（可不填）</Text>
                    <Input className="input" data-testid="family-phone" type="number" value={family.phone} maxlength={11} placeholder="用于提醒" onInput={(e) => setField('phone', e.detail.value.trim())} aria-label="家人手机号" />
                    {fieldErrors.phone ? <Text className="field-error">{fieldErrors.phone}</Text> : null}
                  </View>
                  <Text className="field-label">是您的</Text>
                  <View className="choice-row relation-row">
                    {RELATIONS.map((r) => (
                      <View key={r} className={`btn ${family.relation === r ? 'choice-on' : ''}`} onClick={() => setField('relation', r)} {...a11y('radio', { checked: family.relation === r })}>
                        {r}
                      </View>
                    ))}
                  </View>
                  <Text className="text-2 block">身份证号只用于窗口核对身份，加密保存。</Text>
                </View>
              ) : null}
            </View>
          )}

          {refusal && !refusal.pausedUntil ? (
            <View data-testid="refusal">
              <Notice tone="error">{refusal.message}</Notice>
              {rescheduleId && original ? (
                <Notice tone="info" testId="original-kept">
                  您原来的预约仍然有效：{slotText(original.slotStart, original.slotEnd)}
                </Notice>
              ) : null}
              {refusal.existingBookingId ? (
                <ActionButton block
                  data-testid="open-existing"
                  onClick={() => Taro.redirectTo({ url: `/packages/booking/pages/detail/index?id=${refusal.existingBookingId}` })}
                >
                  查看已有的预约
                </ActionButton>
              ) : null}
            </View>
          ) : null}
          {refusal && refusal.nextSlots.length > 0 ? (
            <View className="next-slots" data-testid="next-slots">
              <Text className="text strong block">还有名额的时段，点一下就选它：</Text>
              <SlotList slots={refusal.nextSlots} onPick={pickSlot} withDate testId="next-slot" />
            </View>
          ) : null}

          {refusal?.pausedUntil !== undefined ? (
            <View className="notice notice-error notice-big" data-testid="booking-paused" {...a11y('alert')}>
              {refusal.message}
            </View>
          ) : null}

          {!user ? (
            <View>
              <Notice>预约需要先登录，登录后回到这里继续。</Notice>
              <ActionButton tone="primary" block data-testid="login-to-book" onClick={() => Taro.navigateTo({ url: '/pages/login/index?from=booking' })}>
                登录后预约
              </ActionButton>
            </View>
          ) : refusal?.pausedUntil !== undefined || slotFull ? null : (
            <ActionButton tone="primary" block data-testid="confirm-booking" loading={busy} disabled={busy} onClick={() => void submit()}>
              {rescheduleId ? '确认改约' : '确认预约'}
            </ActionButton>
          )}
        </View>
      ) : null}
    </PageShell>
  );
}
