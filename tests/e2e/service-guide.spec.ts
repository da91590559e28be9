import assert from 'node:assert/strict';
import type { TServiceItem, TServiceItemSummary } from '@bianmin/shared';
import type { Flow } from './harness';
import { byTestId, expectText, pageUrl } from './helpers';

/** (1) Search by pinyin initials, open the matter, read its materials and legal basis. */
export const flows: Flow[] = [
  {
    name: 'service-guide',
    async run({ page, baseUrl, api, screenshot }) {
      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      await byTestId(page, 'search-input').locator('input').fill('ylbx');
      await byTestId(page, 'search-button').click();

      const card = byTestId(page, 'item-card').filter({ hasText: '养老保险' }).first();
      await card.waitFor();
      await expectText(byTestId(page, 'result-heading'), 'ylbx');
      const cardName = (await card.locator('.item-card-name').innerText()).trim();
      assert.match(cardName, /养老保险/);
      await card.click();

      await expectText(byTestId(page, 'item-name'), cardName);
      // What the page shows is what the API publishes: every material and every legal basis line.
      const list = await api.json<{ items: TServiceItemSummary[] }>('GET', `/api/service-items?q=${encodeURIComponent(cardName)}`);
      const summary = list.items.find((i) => i.name === cardName);
      assert.ok(summary, `API search for ${cardName} finds it`);
      const item = await api.json<TServiceItem>('GET', `/api/service-items/${summary.id}`);
      const materials = byTestId(page, 'materials');
      for (const m of item.materials) await expectText(materials, m.name);
      const basis = byTestId(page, 'legal-basis');
      for (const b of item.legalBasis) await expectText(basis, b);
      await expectText(byTestId(page, 'case-type'), /即办件|承诺件|联办件|上报件/);
      await expectText(byTestId(page, 'limits'), item.committedLimitDays === 0 ? '当场办结' : '个工作日');
      await expectText(byTestId(page, 'fee'), item.fee.free ? '免费' : '收费标准');
      await expectText(byTestId(page, 'phones'), item.consultPhone);

      await screenshot('service-guide');
    },
  },
];
