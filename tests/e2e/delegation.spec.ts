import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TCenter, TDelegationCase, TLedgerEntry, TServiceItemSummary } from '@bianmin/shared';
import { ARTIFACTS, newPhoneContext, screenshotWholePage, type ApiClient, type Flow } from './harness';
import { accountToken, byTestId, expectCount, expectText, pageUrl } from './helpers';

const TOWN = '城关镇便民服务中心';
const CITIZEN_PHONE = '13900007701';

/** An item of the town center that offers 代办. */
async function townDelegateItem(api: ApiClient): Promise<TServiceItemSummary> {
  const centers = await api.json<TCenter[]>('GET', '/api/centers');
  const town = centers.find((c) => c.name === TOWN);
  assert.ok(town, `demo data has ${TOWN}`);
  const list = await api.json<{ items: TServiceItemSummary[] }>('GET', `/api/service-items?centerId=${town.id}&size=50`);
  const item = list.items.find((i) => i.assistance.delegate && i.centerId === town.id);
  assert.ok(item, `an item at ${TOWN} offers 代办`);
  return item;
}

/** Wait until the visible case page shows this state. */
function stateIs(page: Page, state: string) {
  return byTestId(page, 'case-state').and(page.locator(`[data-state="${state}"]`)).waitFor();
}

/** Open an action's panel on the agent's case page and press its submit button. */
async function step(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await byTestId(page, `action-${action}`).click();
  await byTestId(page, `panel-${action}`).waitFor();
  if (fill) await fill();
  await byTestId(page, `submit-${action}`).click();
}

/**
 * 帮办代办 end to end: a citizen asks for 代办 and confirms the 委托 in the app; the town agent (a second phone)
 * accepts, records the handover, moves the case through every stage of the chain, logs a note while offline (queued,
 * then sent once), and delivers; the citizen sees 已送达 in the timeline and confirms receipt.
 */
export const flows: Flow[] = [
  {
    name: 'delegation',
    async run({ page, context, baseUrl, api, screenshot }) {
      const item = await townDelegateItem(api);

      // Citizen: the item page offers 申请代办; signing in on the way returns to the form.
      await page.goto(pageUrl(baseUrl, `/pages/item/index?id=${item.id}`));
      await byTestId(page, 'apply-delegate').click();
      await byTestId(page, 'login-to-apply').click();
      await byTestId(page, 'phone-input').locator('input').fill(CITIZEN_PHONE);
      await byTestId(page, 'send-code').click();
      const hint = await expectText(byTestId(page, 'dev-code'), /开发环境验证码：\d{6}/);
      await byTestId(page, 'code-input').locator('input').fill(/(\d{6})/.exec(hint)![1]);
      await byTestId(page, 'login-submit').click();

      await byTestId(page, 'for-self').waitFor();
      // A wrong phone is caught at its field before anything is sent.
      await byTestId(page, 'contact-phone').locator('input').fill('12345');
      await byTestId(page, 'submit-delegation').click();
      await expectText(byTestId(page, 'error-contactPhone'), '11位手机号');
      await byTestId(page, 'contact-phone').locator('input').fill(CITIZEN_PHONE);
      await byTestId(page, 'note').locator('textarea').fill('白天都在家，请先打电话');
      await screenshot('delegation-1-request-form');
      await byTestId(page, 'submit-delegation').click();

      await byTestId(page, 'case-created').waitFor();
      await stateIs(page, 'requested');
      const caseId = new URL(page.url().replace('/#/', '/')).searchParams.get('id');
      assert.ok(caseId, 'the case page carries the case id');
      await byTestId(page, 'authorize').click();
      await byTestId(page, 'ledger-entry').and(page.locator('[data-type="authorize"]')).waitFor();
      await expectCount(byTestId(page, 'authorize'), 0);
      await screenshot('delegation-2-citizen-authorized');

      // Agent on a second phone.
      const browser = context.browser();
      assert.ok(browser);
      const agentContext = await newPhoneContext(browser);
      try {
        const agent = await agentContext.newPage();
        agent.setDefaultTimeout(15_000);
        const agentErrors: string[] = [];
        agent.on('pageerror', (e) => agentErrors.push(e.message));

        await agent.goto(pageUrl(baseUrl, '/packages/staff/pages/login/index'));
        await byTestId(agent, 'staff-username').locator('input').fill('town1-agent');
        await byTestId(agent, 'staff-password').locator('input').fill('Demo@2026');
        await byTestId(agent, 'staff-login-submit').click();
        const row = byTestId(agent, 'agent-case').and(agent.locator(`[data-id="${caseId}"]`));
        await row.waitFor();
        const agentShot = (name: string) => screenshotWholePage(agent, path.join(ARTIFACTS, `${name}.png`));
        await agentShot('delegation-3-agent-cases');
        await row.click();

        await stateIs(agent, 'requested');
        await step(agent, 'accept');
        await stateIs(agent, 'accepted');

        // 材料交接: the item's required materials are ticked with their counts.
        await step(agent, 'handover', async () => {
          const ticked = byTestId(agent, 'panel-handover').locator('[data-checked="true"]');
          if ((await ticked.count()) === 0) await byTestId(agent, 'panel-handover').locator('[data-checked="false"]').first().click();
          await agentShot('delegation-4-agent-handover');
        });
        await stateIs(agent, 'handed_over');

        // The citizen confirms the handover list in the app.
        await page.reload();
        await byTestId(page, 'handover-box').waitFor();
        assert.ok((await byTestId(page, 'handover-line').count()) >= 1, 'the handed-over lines are listed');
        await byTestId(page, 'confirm-handover').click();
        await byTestId(page, 'ledger-entry').and(page.locator('[data-type="confirm_handover"]')).waitFor();
        await expectCount(byTestId(page, 'handover-box'), 0);

        // Through every stage of the chain.
        const token = await accountToken(api, 'town1-agent');
        const before = await api.json<TDelegationCase>('GET', `/api/delegations/${caseId}`, undefined, token);
        assert.ok(before.stages.length >= 4 && before.stages.length <= 5, `a town item's chain has 4–5 stages (got ${before.stages.length})`);
        for (let i = 0; i < before.stages.length; i++) {
          await step(agent, 'advance');
          await expectText(byTestId(agent, 'case-state'), before.stages[i].name);
          await expectCount(byTestId(agent, 'stage').and(agent.locator('[data-status="done"]')), i);
        }
        await expectCount(byTestId(agent, 'action-advance'), 0);
        await agentShot('delegation-5-agent-last-stage');

        // Offline: the note waits on the phone, then goes up exactly once.
        const noteText = `离线备注 ${Date.now()}`;
        await agentContext.setOffline(true);
        await step(agent, 'note', () => byTestId(agent, 'text-note').locator('textarea').fill(noteText));
        await expectText(byTestId(agent, 'pending-count'), '1 条待上传');
        await byTestId(agent, 'ledger-pending').waitFor();
        await agentShot('delegation-6-agent-offline-queue');
        await agentContext.setOffline(false);
        await expectCount(byTestId(agent, 'pending-bar'), 0, 30_000);
        await byTestId(agent, 'ledger-entry').filter({ hasText: noteText }).waitFor();
        const { items: entries } = await api.json<{ items: TLedgerEntry[] }>('GET', `/api/delegations/${caseId}/ledger`, undefined, token);
        const notes = entries.filter((e) => e.type === 'note' && (e.data as { text?: string }).text === noteText);
        assert.equal(notes.length, 1, 'the queued note is in the ledger exactly once');
        assert.ok(notes[0].clientAt, 'it carries the time it was logged on the phone');

        await step(agent, 'deliver', () => byTestId(agent, 'deliver-in_person').click());
        await stateIs(agent, 'delivered');
        await agentShot('delegation-7-agent-delivered');
        if (agentErrors.length) throw new Error(`agent page errors: ${agentErrors.join(' | ')}`);
      } finally {
        await agentContext.close();
      }

      // The citizen sees 已送达 and confirms receipt.
      await page.reload();
      await stateIs(page, 'delivered');
      await byTestId(page, 'stage-delivered').and(page.locator('[data-status="done"]')).waitFor();
      await expectText(byTestId(page, 'stage-delivered'), '已送达');
      await byTestId(page, 'confirm-delivery').click();
      await byTestId(page, 'ledger-entry').and(page.locator('[data-type="confirm_delivery"]')).waitFor();
      await expectCount(byTestId(page, 'confirm-delivery'), 0);
      await screenshot('delegation-8-citizen-received');
    },
  },
];
