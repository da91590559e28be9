import assert from 'node:assert/strict';
import type { Flow } from './harness';
import { byTestId, expectCount, expectText, pageUrl } from './helpers';

/**
 * 群众评议问卷 (admin): from the workbench's 好差评与考核 card, build a one-question rating questionnaire, save it as a
 * draft, publish it and print one 评议卡, whose absolute `/s/<id>?t=<token>` link and QR code show.
 */
export const flows: Flow[] = [
  {
    name: 'survey-admin-build-publish-cards',
    async run({ page, baseUrl, screenshot }) {
      await page.goto(pageUrl(baseUrl, '/pages/mine/index'));
      await byTestId(page, 'menu-staff-login').click();
      await byTestId(page, 'staff-username').locator('input').fill('town1-admin');
      await byTestId(page, 'staff-password').locator('input').fill('Demo@2026');
      await byTestId(page, 'staff-login-submit').click();
      await byTestId(page, 'go-surveys').click();

      await byTestId(page, 'survey-title').locator('input').fill('窗口服务满意度评议');
      await byTestId(page, 'add-rating').click();
      await expectCount(byTestId(page, 'question-form'), 1);
      assert.equal(await byTestId(page, 'question-form').getAttribute('data-key'), 'q1');
      await byTestId(page, 'question-text').locator('textarea').fill('您对窗口服务是否满意？');
      await byTestId(page, 'survey-save').click();
      await expectText(byTestId(page, 'survey-form-msg'), '草稿已保存');

      const actions = byTestId(page, 'survey-actions');
      await expectText(actions, '窗口服务满意度评议');
      const id = await actions.getAttribute('data-id');
      assert.ok(id, 'the saved questionnaire has an id');
      await byTestId(page, 'survey-publish').click();
      await expectText(byTestId(page, 'survey-msg'), '已发布');
      assert.equal(await actions.getAttribute('data-published'), 'yes');

      await byTestId(page, 'card-count').locator('input').fill('1');
      await byTestId(page, 'survey-cards').click();
      await expectCount(byTestId(page, 'survey-card'), 1);
      const link = (await byTestId(page, 'survey-card-link').textContent())?.trim() ?? '';
      assert.match(link, new RegExp(`^https?://[^/]+/s/${id}\\?t=[A-Za-z0-9_-]{22}$`), `an absolute card link, got ${link}`);
      await byTestId(page, 'survey-card').locator('img').waitFor();
      await screenshot('survey-admin-cards');
    },
  },
];
