import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TStaffDirectory, TTokens } from '@bianmin/shared';
import { newPhoneContext, type Flow } from './harness';
import { byTestId, expectText, pageUrl } from './helpers';
import { TOWN, townCenter } from './town';

/** Open a page with a stored session (Taro's H5 storage keeps `{ data }` as JSON). */
async function openAs(page: Page, baseUrl: string, route: string, tokens: TTokens | null): Promise<void> {
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(`${baseUrl}/`);
  await page.evaluate((t) => {
    localStorage.removeItem('bianmin.tokens');
    if (t) localStorage.setItem('bianmin.tokens', JSON.stringify({ data: t }));
  }, tokens);
  await page.goto(pageUrl(baseUrl, route));
  await page.reload();
}

export const flows: Flow[] = [
  {
    name: 'supervision: a citizen names a 工号 → the supervisor verifies and decides → the staff member sees it',
    async run({ page, context, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const dir = await api.json<TStaffDirectory>('GET', `/api/centers/${town.id}/staff`);
      const staff = dir.items.find((p) => p.role === 'staff' && p.staffNo);
      assert.ok(staff?.staffNo, 'the demo town has a staff member with a 工号');
      const login = (username: string) => api.json<TTokens>('POST', '/api/auth/password', { username, password: 'Demo@2026' });
      const [supervisor, staffTokens] = await Promise.all([login('county-supervisor'), login('town1-staff')]);
      assert.equal(staffTokens.user.id, staff.id);
      const content = `窗口人员推诿不办，让我来回跑了三趟（${Date.now()}）`;

      // The citizen (anonymous) files a complaint naming the staff member by 工号.
      await openAs(page, baseUrl, '/packages/feedback/pages/complaint/index', null);
      await byTestId(page, 'target-staff').click();
      await byTestId(page, 'center-option').filter({ hasText: TOWN }).click();
      await byTestId(page, 'staff-picker').waitFor();
      await byTestId(page, 'staff-no').locator('input').fill(staff.staffNo);
      await byTestId(page, 'complaint-content').locator('textarea').fill(content);
      await screenshot('supervision-complaint-form');
      await byTestId(page, 'complaint-submit').click();
      const code = (await expectText(byTestId(page, 'complaint-code'), /^[2-9A-HJ-NP-Z]{8}$/)).trim();

      // The county supervisor verifies it; the rule proposes a measure; the supervisor decides 书面检查.
      const sup = await newPhoneContext(context.browser()!);
      try {
        const sp = await sup.newPage();
        sp.setDefaultTimeout(15_000);
        await openAs(sp, baseUrl, '/packages/people/pages/supervise/index', supervisor);
        const card = byTestId(sp, 'sup-complaint').filter({ hasText: content });
        await expectText(card.getByTestId('sup-complaint-staff'), `工号 ${staff.staffNo}`);
        await card.getByTestId('sup-finding').locator('input').fill('经调阅窗口录像，情况属实');
        await card.getByTestId('sup-verify-true').click();
        await card.waitFor({ state: 'detached' });
        await byTestId(sp, 'sup-tab-outcomes').click();
        const outcome = byTestId(sp, 'sup-outcome').filter({ hasText: staff.name }).first();
        await expectText(outcome.getByTestId('sup-outcome-proposed'), /按规则建议：(通报批评|调离岗位)（待决定）/);
        await outcome.getByTestId('sup-measure-written').click();
        await outcome.getByTestId('sup-reason').locator('input').fill('初次发生，责令书面检查');
        await screenshot('supervision-decide');
        await outcome.getByTestId('sup-decide').click();
        await expectText(byTestId(sp, 'sup-outcome').filter({ hasText: '决定：书面检查（初次发生，责令书面检查）' }), '已决定');
      } finally {
        await sup.close();
      }

      // The staff member sees the decision on their record and may appeal once.
      await openAs(page, baseUrl, '/packages/people/pages/record/index', staffTokens);
      await expectText(byTestId(page, 'record-person'), `工号 ${staff.staffNo}`);
      const mine = byTestId(page, 'record-outcome').filter({ hasText: code });
      await expectText(mine.getByTestId('record-outcome-text'), '处理：书面检查');
      await mine.getByTestId('record-appeal').waitFor();
      await screenshot('supervision-staff-record');
    },
  },
];
