import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { TBookingCreate, TSlot, TSlotsAnswer } from '@bianmin/shared';
import { ActionButton } from '../../../../components/action-button';
import { LoadState } from '../../../../components/load-state';
import { Notice } from '../../../../components/notice';
import { PageShell } from '../../../../components/page-shell';
import { createBooking, getSlots, refusalOf, rescheduleBooking, type BookingRefusal } from '../../../../services/bookings';
import { ApiError, messageOf } from '../../../../services/request';
import { useSession } from '../../../../store/session';
import { a11y } from '../../../../utils/a11y';
import { slotDate, slotText } from '../../../../utils/china-time';
import { ChosenCard } from '../../components/chosen-card';
import { DayPicker } from '../../components/day-picker';
import { EMPTY_FAMILY, FamilyForm, familyErrors, familyPerson, type Family } from '../../components/family-form';
import { RefusalBox } from '../../components/refusal-box';
import { StepSlot } from '../../components/step-slot';
import { DAYS_SHOWN, useBookingStart, useFreeDays, type BookingStart } from '../../components/use-booking-target';
import { pageUrl } from '../../../../utils/page-url';
import '../../components/booking.scss';

type Step = 'date' | 'slot' | 'confirm';

/**
 * 预约办理 (and 改约 with `reschedule=<bookingId>`): one question per screen — which day, which time, for whom —
 * with what was already chosen shown above and changeable. Every refusal stays on the page in words.
 */
export default function NewBooking() {
  const { params } = useRouter();
  const rescheduleId = params.reschedule ?? '';
  const start = useBookingStart(rescheduleId, params.itemId ?? '');
  useEffect(() => {
    if (rescheduleId) Taro.setNavigationBarTitle({ title: '改约' }).catch(() => undefined);
  }, [rescheduleId]);
  return (
    <PageShell className="booking-new">
      <LoadState state={start}>{(s) => <BookingSteps start={s} rescheduleId={rescheduleId} />}</LoadState>
    </PageShell>
  );
}

function BookingSteps({ start, rescheduleId }: { start: BookingStart; rescheduleId: string }) {
  const { target, original, days } = start;
  const { user } = useSession();
  const [step, setStep] = useState<Step>('date');
  const [date, setDate] = useState('');
  const [answer, setAnswer] = useState<TSlotsAnswer | null>(null);
  const [slotsLoading, setSlotsLoading] = useState(false);
  const [slot, setSlot] = useState<TSlot | null>(null);
  const [forFamily, setForFamily] = useState(false);
  const [family, setFamily] = useState<Family>(EMPTY_FAMILY);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<BookingRefusal | null>(null);

  const loadSlots = async (d: string) => {
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
    if (!slot) return;
    setRefusal(null);
    setFieldErrors({});
    let person: TBookingCreate['person'];
    if (!rescheduleId && forFamily) {
      const errs = familyErrors(family);
      if (Object.keys(errs).length) {
        setFieldErrors(errs);
        return;
      }
      person = familyPerson(family);
    }
    setBusy(true);
    try {
      const b = rescheduleId ? await rescheduleBooking(rescheduleId, slot.start) : await createBooking({ itemId: target.itemId, slotStart: slot.start, ...(person ? { person } : {}) });
      await Taro.redirectTo({ url: pageUrl('bookingDetail', { id: b.id, [rescheduleId ? 'changed' : 'new']: 1 }) });
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

  const openDays = days.filter((d) => d.open);
  const free = useFreeDays(target.itemId, openDays);
  /** The chosen slot filled up meanwhile: offer the next ones instead of the same button again. */
  const slotFull = (refusal?.nextSlots.length ?? 0) > 0;
  const paused = refusal?.pausedUntil !== undefined;

  return (
    <>
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

      {step !== 'date' ? <ChosenCard date={date} slot={step === 'confirm' ? slot : null} slotFull={slotFull} onChangeDate={() => setStep('date')} onChangeSlot={() => pickDate(date)} /> : null}

      {step === 'date' ? (
        <View className="card" data-testid="step-date">
          <Text className="section-title">第1步：选日期</Text>
          {days.length === 0 ? <Notice>正在查询哪些天上班…</Notice> : null}
          {days.length > 0 && openDays.length === 0 ? <Notice tone="error">近{DAYS_SHOWN}天都不办公，请以后再约或打电话咨询。</Notice> : null}
          <DayPicker days={days} selected={date} onPick={pickDate} free={free} />
          <Text className="text-2 block day-legend">灰色虚线的日子不办公，不能选。</Text>
        </View>
      ) : null}

      {step === 'slot' ? <StepSlot answer={answer} loading={slotsLoading} refusal={refusal} selected={slot?.start} phone={target.phone} onPick={pickSlot} /> : null}

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
              {forFamily ? <FamilyForm family={family} errors={fieldErrors} onChange={(k, v) => setFamily((f) => ({ ...f, [k]: v }))} /> : null}
            </View>
          )}

          {refusal ? <RefusalBox refusal={refusal} original={original} onPickSlot={pickSlot} /> : null}

          {!user ? (
            <View>
              <Notice>预约需要先登录，登录后回到这里继续。</Notice>
              <ActionButton tone="primary" block data-testid="login-to-book" onClick={() => Taro.navigateTo({ url: '/pages/login/index?from=booking' })}>
                登录后预约
              </ActionButton>
            </View>
          ) : paused || slotFull ? null : (
            <ActionButton tone="primary" block data-testid="confirm-booking" loading={busy} disabled={busy} onClick={() => void submit()}>
              {rescheduleId ? '确认改约' : '确认预约'}
            </ActionButton>
          )}
        </View>
      ) : null}
    </>
  );
}
