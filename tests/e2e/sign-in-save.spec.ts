import assert from 'node:assert/strict';
import type { Flow } from './harness';
import { byTestId, expectText, findItemWithQuestion, pageUrl } from './helpers';

/** (4) Sign in with a phone number and the development SMS code, save a checklist, find it under 我的清单. */
export const flows: Flow[] = [
  {
    name: 'sign-in-save',
    async run({ page, baseUrl, api, screenshot }) {
      const item = await findItemWithQuestion(api);
      const first = item.materials.find((m) => m.requirement === 'required')!;

      await page.goto(pageUrl(baseUrl, `/pages/checklist/index?id=${item.id}`));
      await byTestId(page, `material-${first.key}`).click();
      const save = byTestId(page, 'save-checklist');
      await expectText(save, '登录后保存');
      await save.click();

      // Not signed in: the sign-in page, then back to the same checklist with the tick kept.
      await byTestId(page, 'phone-input').locator('input').fill('13800000001');
      await byTestId(page, 'send-code').click();
      const hint = await expectText(byTestId(page, 'dev-code'), /开发环境验证码：\d{6}/);
      const code = /(\d{6})/.exec(hint)![1];
      await byTestId(page, 'code-input').locator('input').fill(code);
      await byTestId(page, 'login-submit').click();

      await expectText(byTestId(page, 'save-checklist'), '保存到我的清单');
      assert.equal(await byTestId(page, `material-${first.key}`).getAttribute('aria-checked'), 'true', 'the tick survived sign-in');
      await byTestId(page, 'save-checklist').click();
      await expectText(byTestId(page, 'notice-success'), '已保存');

      await byTestId(page, 'go-my-checklists').click();
      const saved = byTestId(page, 'saved-checklist').filter({ hasText: item.name });
      await saved.first().waitFor();
      await expectText(saved, '还缺');

      // The same list is reached from the 我的 tab, which shows who is signed in (phone masked).
      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      await page.locator('.weui-tabbar__item').filter({ hasText: '我的' }).filter({ visible: true }).click();
      await expectText(byTestId(page, 'me'), '138****0001');
      await byTestId(page, 'menu-my-checklists').click();
      await byTestId(page, 'saved-checklist').filter({ hasText: item.name }).first().waitFor();
      await screenshot('sign-in-save');
    },
  },
];
