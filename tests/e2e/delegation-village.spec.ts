import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TCenter, TDelegationCase, TServiceItemSummary } from '@bianmin/shared';
import { ARTIFACTS, newPhoneContext, screenshotWholePage, type ApiClient, type Flow } from './harness';
import { accountToken, byTestId, expectText, pageUrl } from './helpers';

const VILLAGE = '东庄村便民服务代办点';
const CITIZEN_PHONE = '13900007702';

/** An item of the village's county that offers 上门服务. */
async function homeVisitItem(api: ApiClient): Promise<{ item: TServiceItemSummary; village: TCenter }> {
  const centers = await api.json<TCenter[]>('GET', '/api/centers');
  const village = centers.find((c) => c.name === VILLAGE);
  assert.ok(village, `demo data has ${VILLAGE}`);
  for (const c of centers.filter((x) => x.level !== 'village')) {
    const list = await api.json<{ items: TServiceItemSummary[] }>('GET', `/api/service-items?centerId=${c.id}&size=50`);
    const item = list.items.find((i) => i.assistance.homeVisit && i.centerId === c.id);
    if (item) return { item, village };
  }
  throw new Error('no demo item offers 上门服务');
}

function stateIs(page: Page, state: string) {
  return byTestId(page, 'case-state').and(page.locator(`[data-state="${state}"]`)).waitFor();
}

/** "2026-12-03" → "12月3日", as the case pages show it. */
const monthDay = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/**
 * Issue 11 in the browser: a villager of 东庄村 asks for 上门服务 naming the village; the village agent sees it in
 * the list, accepts it, and the citizen's case page shows the one promised completion date (承诺办结日).
 */
export const flows: Flow[] = [
  {
    name: 'delegation-village',
    async run({ page, context, baseUrl, api, screenshot }) {
      const { item, village } = await homeVisitItem(api);

      await page.goto(pageUrl(baseUrl, `/pages/item/index?id=${item.id}`));
      await byTestId(page, 'apply-home').click();
      await byTestId(page, 'login-to-apply').click();
      await byTestId(page, 'phone-input').locator('input').fill(CITIZEN_PHONE);
      await byTestId(page, 'send-code').click();
      const hint = await expectText(byTestId(page, 'dev-code'), /开发环境验证码：\d{6}/);
      await byTestId(page, 'code-input').locator('input').fill(/(\d{6})/.exec(hint)![1]);
      await byTestId(page, 'login-submit').click();

      await byTestId(page, 'for-self').waitFor();
      await byTestId(page, `village-${village.id}`).click();
      await byTestId(page, 'contact-phone').locator('input').fill(CITIZEN_PHONE);
      await byTestId(page, 'reason-elderly').click();
      await byTestId(page, 'home-address').locator('input').fill('东庄村三组12号');
      await byTestId(page, 'home-time').locator('input').fill('工作日上午');
      await screenshot('village-1-request-form');
      await byTestId(page, 'submit-delegation').click();
      await byTestId(page, 'case-created').waitFor();
      await stateIs(page, 'requested');
      const caseId = new URL(page.url().replace('/#/', '/')).searchParams.get('id');
      assert.ok(caseId, 'the case page carries the case id');

      const token = await accountToken(api, 'village1-agent');
      const routed = await api.json<TDelegationCase>('GET', `/api/delegations/${caseId}`, undefined, token);
      assert.equal(routed.centerId, village.id, 'the case is received at the village point');
      assert.equal(routed.stages[0]?.key, 'village-to-town', 'the chain starts at the village');

      const browser = context.browser();
      assert.ok(browser);
      const agentContext = await newPhoneContext(browser);
      try {
        const agent = await agentContext.newPage();
        agent.setDefaultTimeout(15_000);
        await agent.goto(pageUrl(baseUrl, '/packages/staff/pages/login/index'));
        await byTestId(agent, 'staff-username').locator('input').fill('village1-agent');
        await byTestId(agent, 'staff-password').locator('input').fill('Demo@2026');
        await byTestId(agent, 'staff-login-submit').click();
        const row = byTestId(agent, 'agent-case').and(agent.locator(`[data-id="${caseId}"]`));
        await row.waitFor();
        await screenshotWholePage(agent, path.join(ARTIFACTS, 'village-2-agent-cases.png'));
        await row.click();
        await stateIs(agent, 'requested');
        await byTestId(agent, 'action-accept').click();
        await byTestId(agent, 'panel-accept').waitFor();
        await byTestId(agent, 'submit-accept').click();
        await stateIs(agent, 'accepted');
        await byTestId(agent, 'promised-on').waitFor();
      } finally {
        await agentContext.close();
      }

      const accepted = await api.json<TDelegationCase>('GET', `/api/delegations/${caseId}`, undefined, token);
      assert.ok(accepted.promisedOn, 'acceptance fixes the promised date');
      await page.reload();
      await stateIs(page, 'accepted');
      await expectText(byTestId(page, 'promised-on'), monthDay(accepted.promisedOn));
      // The 跟踪卡 (with the same promised date) can be printed from the citizen's case page.
      await byTestId(page, 'print-card-a4').waitFor();
      await screenshot('village-3-citizen-promised-date');
    },
  },
];
