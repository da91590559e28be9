import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
  addDays,
  chinaDate,
  chinaMinutes,
  formatMinutes,
  type TBooking,
  type TCalendarDay,
  type TSlot,
  type TSlotsAnswer,
} from '@bianmin/shared';
import type { ApiClient, Flow } from './harness';
import { townCenter, townItem } from './town';
import { accountToken, byTestId, citizenToken, expectText, pageUrl, signInOnPage } from './helpers';

const TOWN_WINDOW = '综合受理窗口';

/** The first open day (of the 14 the page offers) with at least `n` free slots, and those slots. */
async function firstBookableDay(api: ApiClient, itemId: string, centerId: string, n: number): Promise<{ date: string; free: TSlot[]; days: TCalendarDay[] }> {
  const today = chinaDate(new Date());
  const { items: days } = await api.json<{ items: TCalendarDay[] }>('GET', `/api/calendar?centerId=${centerId}&from=${today}&to=${addDays(today, 13)}`);
  for (const d of days.filter((x) => x.open)) {
    const answer = await api.json<TSlotsAnswer>('GET', `/api/booking/slots?itemId=${itemId}&date=${d.date}`);
    // Not within the 60-minute cancel cut-off (plus a margin): the flow still changes and cancels the booking.
    const free = answer.slots.filter((s) => s.seatsLeft > 0 && Date.parse(s.start) > Date.now() + 2 * 3_600_000);
    if (free.length >= n) return { date: d.date, free, days };
  }
  throw new Error('no open day with free slots in the next 14 days');
}

function slotButton(page: Page, start: string): Locator {
  return byTestId(page, 'slot').and(page.locator(`[data-start="${start}"]`));
}

/** An 18-digit ID number with a correct check digit (GB 11643), and the same one with a wrong digit. */
function idNumbers(base17: string): { good: string; bad: string } {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const check = '10X98765432'[w.reduce((s, wi, i) => s + wi * Number(base17[i]), 0) % 11];
  const wrong = check === '0' ? '1' : '0';
  return { good: base17 + check, bad: base17 + wrong };
}

const clock = (iso: string) => formatMinutes(chinaMinutes(new Date(iso)));

async function size(l: Locator): Promise<{ width: number; height: number; font: number }> {
  const b = await l.first().boundingBox();
  assert.ok(b, `${l.toString()} has a box`);
  const font = await l.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  return { width: b.width, height: b.height, font };
}

async function expectQrLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="booking-qr"] img'));
    return imgs.some((img) => img.offsetParent !== null && img.complete && img.naturalWidth > 0);
  });
}

/**
 * Booking (预约): (a) a citizen in 长辈版 books, reschedules and cancels through the screens; (b) a slot fills
 * while the citizen confirms, the offered next slots are one tap away, and the booking is for a family member; (c) the window checks a booking in
 * by its code and calls it.
 */
export const flows: Flow[] = [
  {
    name: 'booking-citizen',
    async run({ page, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const item = await townItem(api, town.id);
      const { date, free, days } = await firstBookableDay(api, item.id, town.id, 2);

      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      await byTestId(page, 'elder-switch').click();
      await byTestId(page, 'page').and(page.locator('[data-elder="on"]')).waitFor();

      await page.goto(pageUrl(baseUrl, `/pages/item/index?id=${item.id}`));
      await byTestId(page, 'open-booking').click();
      await byTestId(page, 'day-picker').waitFor();
      // Closed days are shown with why (周末休息 / the holiday's name) and cannot be picked.
      const closed = days.find((d) => !d.open);
      if (closed) {
        const btn = byTestId(page, `day-${closed.date}`);
        assert.equal(await btn.getAttribute('aria-disabled'), 'true');
        await expectText(btn, /休息|不办公/);
      }
      const dayBtn = byTestId(page, `day-${date}`);
      const daySize = await size(dayBtn);
      assert.ok(daySize.height >= 60 && daySize.width >= 60, `day button ${daySize.width}×${daySize.height} (≥60×60)`);
      await screenshot('booking-pick-day');
      await dayBtn.click();

      const first = slotButton(page, free[0].start);
      await first.waitFor();
      const slotSize = await size(first);
      assert.ok(slotSize.height >= 60, `slot button ${slotSize.height}px high (≥60)`);
      assert.ok(slotSize.font >= 18, `slot text ${slotSize.font}px (≥18)`);
      await expectText(first, '剩');
      await screenshot('booking-pick-slot');
      await first.click();

      // Not signed in yet: sign in, and come back to the same choice.
      await byTestId(page, 'login-to-book').click();
      await signInOnPage(page, '13800000021');
      await expectText(byTestId(page, 'chosen'), clock(free[0].start));
      await byTestId(page, 'confirm-booking').click();

      await expectText(byTestId(page, 'booking-done'), '预约成功');
      const code = (await byTestId(page, 'booking-code').innerText()).trim();
      assert.match(code, /^[2-9A-HJ-NP-Z]{8}$/, 'an 8-character booking code');
      await expectText(byTestId(page, 'booking-status'), '已预约');
      await expectText(byTestId(page, 'booking-time'), clock(free[0].start));
      await expectText(byTestId(page, 'booking-place'), TOWN_WINDOW);
      await expectText(byTestId(page, 'changeable-until'), '前在本页取消或改约');
      await expectQrLoaded(page);
      await screenshot('booking-confirmed');

      // 改约 to the second free slot of the same day.
      await byTestId(page, 'reschedule').click();
      await expectText(byTestId(page, 'original-time'), clock(free[0].start));
      await byTestId(page, `day-${date}`).click();
      await slotButton(page, free[1].start).click();
      await byTestId(page, 'confirm-booking').click();
      await expectText(byTestId(page, 'booking-changed'), '改约成功');
      await expectText(byTestId(page, 'booking-time'), clock(free[1].start));
      await expectText(byTestId(page, 'booking-status'), '已预约');

      // 取消: an inline confirmation, no dialog.
      await byTestId(page, 'cancel').click();
      await byTestId(page, 'cancel-confirm').waitFor();
      await byTestId(page, 'cancel-yes').click();
      await expectText(byTestId(page, 'booking-status'), '已取消');
      await expectText(byTestId(page, 'notice-success'), '预约已取消');
      assert.equal(await byTestId(page, 'reschedule').count(), 0, 'a cancelled booking cannot be changed');

      await byTestId(page, 'go-my-bookings').click();
      const row = byTestId(page, 'my-booking').filter({ hasText: code });
      await expectText(row, '已取消');
      await screenshot('booking-list');
    },
  },
  {
    name: 'booking-full-next-slots',
    async run({ page, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const item = await townItem(api, town.id);
      const { date, free } = await firstBookableDay(api, item.id, town.id, 3);
      const target = free[2];

      await page.goto(pageUrl(baseUrl, '/pages/login/index'));
      await signInOnPage(page, '13800000031');
      await byTestId(page, 'me').waitFor();
      await page.goto(pageUrl(baseUrl, `/pages/item/index?id=${item.id}`));
      await byTestId(page, 'open-booking').click();
      await byTestId(page, `day-${date}`).click();
      await slotButton(page, target.start).click();
      await byTestId(page, 'confirm-booking').waitFor();

      // Meanwhile other citizens take every seat left in that slot.
      const now = await api.json<TSlotsAnswer>('GET', `/api/booking/slots?itemId=${item.id}&date=${date}`);
      const left = now.slots.find((s) => s.start === target.start)!.seatsLeft;
      for (let i = 0; i < left; i++) {
        const token = await citizenToken(api, `1390000010${i}`);
        await api.json('POST', '/api/bookings', { itemId: item.id, slotStart: target.start }, token);
      }

      await byTestId(page, 'confirm-booking').click();
      await expectText(byTestId(page, 'refusal'), '约满');
      const next = byTestId(page, 'next-slot');
      await next.first().waitFor();
      const suggested = await next.first().getAttribute('data-start');
      assert.ok(suggested && suggested !== target.start, 'a different slot is offered');
      await screenshot('booking-full-next-slots');
      await next.first().click();
      await expectText(byTestId(page, 'chosen'), clock(suggested));

      // For a family member: the server's check-digit refusal is shown at the field.
      const ids = idNumbers('11010119500307123');
      await byTestId(page, 'for-family').click();
      await byTestId(page, 'family-name').locator('input').fill('王秀英');
      await byTestId(page, 'family-id').locator('input').fill(ids.bad);
      await byTestId(page, 'confirm-booking').click();
      await expectText(byTestId(page, 'family-form'), '校验位');
      await byTestId(page, 'family-id').locator('input').fill(ids.good);
      await byTestId(page, 'confirm-booking').click();
      await expectText(byTestId(page, 'booking-done'), '预约成功');
      await expectText(byTestId(page, 'booking-time'), clock(suggested));
      await expectText(byTestId(page, 'booking-person'), '王秀英（家人）');
    },
  },
  {
    name: 'booking-staff-check-in',
    async run({ page, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const admin = await accountToken(api, 'town1-admin');
      const today = chinaDate(new Date());
      // Today becomes an all-day open day with no minimum notice, so a citizen can hold a slot today.
      await api.json('PUT', '/api/admin/calendar/days', { scope: town.id, date: today, kind: 'open', hours: [{ start: '00:00', end: '23:59' }] }, admin);
      await api.json(
        'PUT',
        `/api/admin/centers/${town.id}/booking-rules`,
        { horizonDays: 14, minNoticeMinutes: 0, maxActivePerPerson: 3, cancelCutoffMinutes: 60, noShowLimit: 3, noShowWindowDays: 90, pauseDays: 30 },
        admin,
      );
      const item = await townItem(api, town.id);
      const answer = await api.json<TSlotsAnswer>('GET', `/api/booking/slots?itemId=${item.id}&date=${today}`);
      const slot = answer.slots.find((s) => s.seatsLeft > 0);
      if (!slot) {
        console.log(`    – booking-staff-check-in: no slot left today (${today}, ${clock(new Date().toISOString())} China time); skipped`);
        return;
      }
      const citizen = await citizenToken(api, '13800000041');
      const booking = await api.json<TBooking>('POST', '/api/bookings', { itemId: item.id, slotStart: slot.start }, citizen);

      // 工作人员登录 from 我的.
      await page.goto(pageUrl(baseUrl, '/pages/mine/index'));
      await byTestId(page, 'menu-staff-login').click();
      await byTestId(page, 'staff-username').locator('input').fill('town1-staff');
      await byTestId(page, 'staff-password').locator('input').fill('Demo@2026');
      await byTestId(page, 'staff-login-submit').click();

      const windowOption = byTestId(page, 'window-option').filter({ hasText: TOWN_WINDOW });
      await windowOption.waitFor();
      assert.equal(await windowOption.getAttribute('aria-checked'), 'true', `${TOWN_WINDOW} is chosen`);
      const row = byTestId(page, 'day-booking').filter({ hasText: booking.code });
      await expectText(row, '未到');

      await byTestId(page, 'check-in-code').locator('input').fill(booking.code.toLowerCase());
      await byTestId(page, 'check-in-submit').click();
      const label = (await expectText(byTestId(page, 'checked-in-ticket'), /^A\d{3}$/)).trim();
      await expectText(row, '已签到');
      await expectText(byTestId(page, 'waiting-ticket'), label);

      await byTestId(page, 'call-next').click();
      await expectText(byTestId(page, 'called-label'), label);
      await expectText(byTestId(page, 'notice-success'), `请 ${label} 号`);
      await expectText(row, '正在办理');
      await screenshot('booking-staff-workbench');

      await byTestId(page, 'ticket-done').click();
      await expectText(byTestId(page, 'queue-summary'), '已办结 1 人');
      await expectText(row, '已办结');
      const mine = await api.json<TBooking>('GET', `/api/bookings/${booking.id}`, undefined, citizen);
      assert.equal(mine.status, 'served');

      // 现场取号 through the 绿色通道: a number of its own, waiting.
      await byTestId(page, 'walk-in-priority').click();
      const issued = await expectText(byTestId(page, 'issued'), /A\d{3}/);
      assert.match(issued, /绿色通道/);
      await expectText(byTestId(page, 'waiting-ticket'), '绿色通道');
    },
  },
];
