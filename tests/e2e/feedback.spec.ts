import assert from 'node:assert/strict';
import { chinaDate, addDays, type TBooking, type TQueueTicket, type TRating, type TSlotsAnswer, type TSurveyResults } from '@bianmin/shared';
import { newPhoneContext, type Flow } from './harness';
import type { Page } from 'playwright-core';
import { TOWN, townCenter, townItem } from './town';
import { accountToken, byTestId, expectText, pageUrl, signInOnPage } from './helpers';



/** The access token the signed-in app keeps (Taro's storage wraps values as `{ data }`). */
async function storedAccessToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('bianmin.tokens'));
  assert.ok(raw, 'the app stored its tokens');
  let v: unknown = JSON.parse(raw);
  if (v && typeof v === 'object' && 'data' in v) v = (v as { data: unknown }).data;
  if (typeof v === 'string') v = JSON.parse(v);
  const token = (v as { accessToken?: string }).accessToken;
  assert.ok(token, 'an access token');
  return token;
}

/**
 * 好差评, 群众评议 and 投诉建议: (a) a served booking rated 不满意 in the browser, the staff put it right in 差评跟进 on
 * a second phone and the citizen answers 满意 in 我的评价; (b) a 评议卡 link answered without sign-in, once only; (c) an
 * anonymous complaint and its 查询码. Runs after the booking flows (it relies on today being open all day).
 */
export const flows: Flow[] = [
  {
    name: 'feedback-rate-and-rectify',
    async run({ page, context, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const admin = await accountToken(api, 'town1-admin');
      const today = chinaDate(new Date());
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
        console.log(`    – feedback-rate-and-rectify: no slot left today (${today}); skipped`);
        return;
      }
      const phone = '13800000051';
      // 长辈版 on, then the citizen signs in on the phone first (one SMS code per minute per number), and the fixtures reuse that session.
      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      await byTestId(page, 'elder-switch').click();
      await byTestId(page, 'page').and(page.locator('[data-elder="on"]')).waitFor();
      await page.goto(pageUrl(baseUrl, '/pages/login/index'));
      await signInOnPage(page, phone);
      await byTestId(page, 'me').waitFor();
      const citizen = await storedAccessToken(page);
      const booking = await api.json<TBooking>('POST', '/api/bookings', { itemId: item.id, slotStart: slot.start }, citizen);
      const staff = await accountToken(api, 'town1-staff');
      await api.json('POST', '/api/staff/check-in', { code: booking.code }, staff);
      // Earlier flows may have left numbers waiting at this window (绿色通道 first): serve them until ours is called.
      for (let i = 0; i < 10; i++) {
        const called = await api.json<TQueueTicket>('POST', '/api/staff/queue/call-next', { windowId: booking.windowId }, staff);
        await api.json('POST', `/api/staff/queue/tickets/${called.id}/done`, undefined, staff);
        if (called.bookingId === booking.id) break;
      }
      const served = await api.json<TBooking>('GET', `/api/bookings/${booking.id}`, undefined, citizen);
      assert.equal(served.status, 'served');

      // The citizen opens the booking and rates 不满意.
      await page.goto(pageUrl(baseUrl, `/packages/booking/pages/detail/index?id=${booking.id}`));
      await byTestId(page, 'rate-service').click();
      await byTestId(page, 'level-2').click();
      await byTestId(page, 'dims').waitFor();
      for (const id of ['level-1', 'dim-attitude-1', 'rate-submit']) {
        const box = await byTestId(page, id).boundingBox();
        assert.ok(box && box.width >= 60 && box.height >= 60, `${id} is at least 60×60 in 长辈版: ${JSON.stringify(box)}`);
      }
      assert.equal(await byTestId(page, 'dim-attitude-2').getAttribute('aria-checked'), 'true', 'dimensions follow the chosen level');
      await byTestId(page, 'dim-efficiency-1').click();
      await byTestId(page, 'rate-comment').locator('textarea').fill('等了很久才叫号');
      await screenshot('feedback-rate');
      await byTestId(page, 'rate-submit').click();
      await expectText(byTestId(page, 'rate-done'), '不满意');
      await screenshot('feedback-rate-done');

      const ratingId = `booking:${booking.id}`;
      const stored = await api.json<TRating>('GET', `/api/ratings/${ratingId}`, undefined, citizen);
      assert.equal(stored.level, 2);
      assert.equal(stored.dims.efficiency, 1);

      // Rating the same booking again: refused inline.
      await page.goto(pageUrl(baseUrl, `/packages/feedback/pages/rate/index?kind=booking&id=${booking.id}`));
      await byTestId(page, 'level-4').click();
      await byTestId(page, 'rate-submit').click();
      await expectText(byTestId(page, 'rate-error'), '已经评价过');

      // The window staff put it right in 差评跟进 on their own phone: 回访联系 → 核实情况 → 整改 → 答复群众.
      const notes: [string, string][] = [
        ['contact', '已电话回访群众'],
        ['verify', '核实为午间人手不足'],
        ['rectify', '午间增加一名窗口人员'],
        ['reply', '已向群众说明整改情况'],
      ];
      const staffContext = await newPhoneContext(context.browser()!);
      try {
        const staffPage = await staffContext.newPage();
        staffPage.setDefaultTimeout(15_000);
        await staffPage.goto(pageUrl(baseUrl, '/pages/mine/index'));
        await byTestId(staffPage, 'menu-staff-login').click();
        await byTestId(staffPage, 'staff-username').locator('input').fill('town1-staff');
        await byTestId(staffPage, 'staff-password').locator('input').fill('Demo@2026');
        await byTestId(staffPage, 'staff-login-submit').click();
        await byTestId(staffPage, 'go-bad-ratings').click();
        const badCard = staffPage.locator(`[data-testid="bad-rating"][data-id="${ratingId}"]`);
        await expectText(badCard, '等了很久才叫号');
        for (const [action, note] of notes) {
          await badCard.locator(`[data-testid="step-form"][data-action="${action}"]`).waitFor();
          await badCard.getByTestId('step-note').locator('textarea').fill(note);
          await badCard.getByTestId('step-submit').click();
          await badCard.locator(`[data-testid="step-${action}"][data-done="yes"]`).waitFor();
        }
        await expectText(badCard.getByTestId('rating-msg'), '已记录');
        await screenshot('feedback-staff-rectified');
      } finally {
        await staffContext.close();
      }

      await page.goto(pageUrl(baseUrl, '/pages/mine/index'));
      await byTestId(page, 'menu-my-ratings').click();
      const card = byTestId(page, 'my-rating').filter({ hasText: booking.itemName });
      await expectText(card.getByTestId('step-rectify'), '午间增加一名窗口人员');
      await expectText(card.getByTestId('step-reply'), '已完成');
      await screenshot('feedback-my-ratings');
      await card.getByTestId('satisfied-yes').click();
      await expectText(byTestId(page, 'feedback-done'), '满意');
      await expectText(card.getByTestId('citizen-answer'), '满意');
      const closed = await api.json<TRating>('GET', `/api/ratings/${ratingId}`, undefined, citizen);
      assert.equal(closed.rectification?.status, 'closed');
      assert.equal(closed.rectification?.citizenSatisfied, true);
      await screenshot('feedback-my-ratings-closed');
    },
  },
  {
    name: 'feedback-survey-card',
    async run({ page, context, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const admin = await accountToken(api, 'town1-admin');
      const today = chinaDate(new Date());
      const created = await api.json<{ id: string }>(
        'POST',
        '/api/admin/surveys',
        {
          centerId: town.id,
          title: '群众满意度评议（测试）',
          intro: '匿名填写，约1分钟',
          questions: [
            { key: 'overall', kind: 'rating', text: '您对本中心服务总体是否满意？', required: true },
            { key: 'channel', kind: 'single', text: '您主要通过哪种方式办事？', options: ['窗口', '村代办点', '小程序'], required: true },
          ],
          opensOn: addDays(today, -1),
          closesOn: addDays(today, 30),
          targetSample: 100,
        },
        admin,
      );
      await api.json('POST', `/api/admin/surveys/${created.id}/publish`, undefined, admin);
      const { tokens } = await api.json<{ tokens: { token: string; path: string }[] }>('POST', `/api/admin/surveys/${created.id}/tokens`, { count: 1 }, admin);
      const link = `${baseUrl}${tokens[0].path}`;

      // Not signed in (a fresh context): the short link redirects into the app.
      assert.equal((await context.cookies()).length, 0);
      await page.goto(link);
      await expectText(byTestId(page, 'survey-title'), '群众满意度评议');
      await byTestId(page, 'survey-submit').click();
      await expectText(byTestId(page, 'survey-submit-error'), '必答题');
      await byTestId(page, 'level-4').click();
      await byTestId(page, 'option-channel-1').click();
      await screenshot('feedback-survey');
      await byTestId(page, 'survey-submit').click();
      await expectText(byTestId(page, 'survey-thanks'), '谢谢');
      await screenshot('feedback-survey-thanks');

      // The same card again: refused as soon as it is opened, without a form to fill in.
      await page.goto(link);
      await expectText(byTestId(page, 'survey-error'), '用过');
      assert.equal(await byTestId(page, 'survey-submit').count(), 0, 'no form for a used card');
      await screenshot('feedback-survey-used');

      const results = await api.json<TSurveyResults>('GET', `/api/admin/surveys/${created.id}/results`, undefined, admin);
      assert.equal(results.responses, 1);
    },
  },
  {
    name: 'feedback-anonymous-complaint',
    async run({ page, baseUrl, screenshot }) {
      await page.goto(pageUrl(baseUrl, '/pages/mine/index'));
      await byTestId(page, 'menu-complaint').click();
      assert.equal(await byTestId(page, 'anonymous-toggle').getAttribute('aria-checked'), 'true', 'anonymous by default');
      await byTestId(page, 'kind-complaint').click();
      await byTestId(page, 'target-window').click();
      await byTestId(page, 'target-text').locator('input').fill('综合受理窗口');
      await byTestId(page, 'center-option').filter({ hasText: TOWN }).click();
      await byTestId(page, 'complaint-content').locator('textarea').fill('上午窗口无人，等了四十分钟');
      await screenshot('feedback-complaint');
      await byTestId(page, 'complaint-submit').click();
      const code = (await expectText(byTestId(page, 'complaint-code'), /^[2-9A-HJ-NP-Z]{8}$/)).trim();
      await screenshot('feedback-complaint-code');

      await page.goto(pageUrl(baseUrl, '/pages/mine/index'));
      await byTestId(page, 'menu-complaint-status').click();
      await byTestId(page, 'status-code').locator('input').fill(code.toLowerCase());
      await byTestId(page, 'status-submit').click();
      await expectText(byTestId(page, 'status-label'), '已收到');
      await screenshot('feedback-complaint-status');
    },
  },
];
