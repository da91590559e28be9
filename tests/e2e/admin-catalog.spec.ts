import type { TServiceItem, TServiceItemSummary } from '@bianmin/shared';
import type { Flow } from './harness';
import { accountToken, byTestId, expectText, pageUrl, signInOnPage } from './helpers';

const PHONE = '13800000077';

/**
 * (admin) The 办事指南 editor end to end: a town admin renames a material, saves a version, sees the change in the
 * diff, previews and publishes it; the citizen then reads the new name in the guide, and the checklist they saved
 * before says the guide has changed.
 */
export const flows: Flow[] = [
  {
    name: 'admin-catalog',
    async run({ page, baseUrl, api, screenshot }) {
      const admin = await api.json<{ user: { centerId: string } }>('POST', '/api/auth/password', { username: 'town1-admin', password: 'Demo@2026' });
      const town = admin.user.centerId;
      const list = await api.json<{ items: TServiceItemSummary[] }>('GET', `/api/service-items?centerId=${town}&size=100`);
      const summary = list.items.find((i) => i.centerId === town)!;
      const item = await api.json<TServiceItem>('GET', `/api/service-items/${summary.id}`);
      const first = item.materials[0];
      const renamed = `${first.name}（新版样式）`;

      // The citizen signs in and saves a checklist of the published version before the edit.
      await page.goto(pageUrl(baseUrl, '/pages/login/index'));
      await signInOnPage(page, PHONE);
      await byTestId(page, 'me').waitFor();
      await page.goto(pageUrl(baseUrl, `/pages/checklist/index?id=${item.id}`));
      await byTestId(page, `material-${first.key}`).click();
      await expectText(byTestId(page, 'save-checklist'), '保存到我的清单');
      await byTestId(page, 'save-checklist').click();
      await expectText(byTestId(page, 'notice-success'), '已保存');
      // The phone keeps the citizen's session aside while the admin uses it.
      const citizenSession = await page.evaluate(() => JSON.stringify(localStorage));
      await page.evaluate(() => localStorage.clear());

      // The admin signs in and finds 中心管理 under 我的.
      await page.goto(pageUrl(baseUrl, '/packages/staff/pages/login/index'));
      await byTestId(page, 'staff-username').locator('input').fill('town1-admin');
      await byTestId(page, 'staff-password').locator('input').fill('Demo@2026');
      await byTestId(page, 'staff-login-submit').click();
      await byTestId(page, 'role-areas').waitFor();
      await byTestId(page, 'menu-admin-center').click();
      await byTestId(page, 'admin-catalog').click();
      await byTestId(page, `admin-item-${item.code}`).click();
      await expectText(byTestId(page, 'item-state'), '已发布');

      // Rename the first material, save a version; the diff names the change.
      const name = byTestId(page, 'material-name-0').locator('input');
      await name.fill(renamed);
      await byTestId(page, 'save-note').locator('input').fill('材料名称写清楚');
      await byTestId(page, 'save-item').click();
      await expectText(byTestId(page, 'editor-message'), '已保存为第2版');
      await byTestId(page, 'tab-diff').click();
      await expectText(byTestId(page, 'item-diff'), `申请材料：修改「${first.name}」→「${renamed}」`);
      await byTestId(page, 'tab-preview').click();
      await expectText(byTestId(page, 'item-preview'), renamed);
      await byTestId(page, 'publish-item').click();
      await expectText(byTestId(page, 'editor-message'), '已发布第2版');
      await byTestId(page, 'tab-history').click();
      await expectText(byTestId(page, 'item-history'), '发布 第2版');
      await screenshot('admin-catalog');

      // Center settings say where each value comes from; a change becomes this center's own. Earlier flows set the
      // town's booking rules through the API, so the value is first handed back to inheritance.
      await api.json('PUT', `/api/admin/centers/${town}/settings`, { booking: { horizonDays: null } }, await accountToken(api, 'town1-admin'));
      await page.goto(pageUrl(baseUrl, '/packages/admin/pages/settings/index'));
      const horizon = byTestId(page, 'setting-booking.horizonDays');
      await expectText(horizon, '默认值');
      await byTestId(page, 'setting-input-booking.horizonDays').locator('input').fill('10');
      await byTestId(page, 'setting-save-booking.horizonDays').click();
      await expectText(byTestId(page, 'settings-message'), '已保存');
      await expectText(byTestId(page, 'setting-booking.horizonDays'), '10天（本中心设置）');
      // The month's report as a draft, at any time, marked 草稿.
      await page.goto(pageUrl(baseUrl, '/packages/admin/pages/report/index'));
      await byTestId(page, 'make-draft').click();
      await expectText(byTestId(page, 'draft-mark'), '草稿');
      await screenshot('admin-report-draft');

      // The citizen reads the new name in the guide, and the saved checklist says it is outdated.
      await page.evaluate((saved) => {
        localStorage.clear();
        for (const [k, v] of Object.entries(JSON.parse(saved) as Record<string, string>)) localStorage.setItem(k, v);
      }, citizenSession);
      await page.goto(pageUrl(baseUrl, `/pages/item/index?id=${item.id}`));
      await page.reload();
      await expectText(byTestId(page, `material-info-${first.key}`), renamed);
      await page.goto(pageUrl(baseUrl, '/pages/my-checklists/index'));
      const saved = byTestId(page, 'saved-checklist').filter({ hasText: item.name });
      await expectText(saved, '办事指南已更新');
      await screenshot('admin-catalog-citizen');
    },
  },
];
