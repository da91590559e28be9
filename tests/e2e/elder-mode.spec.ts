import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { Flow } from './harness';
import { byTestId, expectText, pageUrl } from './helpers';

async function fontPx(l: Locator): Promise<number> {
  return l.first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

async function box(l: Locator): Promise<{ width: number; height: number }> {
  const b = await l.first().boundingBox();
  assert.ok(b, `${l.toString()} has a box`);
  return b;
}

/** (3) 长辈版: body text ≥ 18px, main buttons ≥ 60px, line spacing ≥ 1.3, and it survives a reload. */
export const flows: Flow[] = [
  {
    name: 'elder-mode',
    async run({ page, baseUrl, screenshot }) {
      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      const sw = byTestId(page, 'elder-switch');
      await sw.waitFor();
      assert.equal(await sw.getAttribute('aria-checked'), 'false');
      assert.ok((await fontPx(page.locator('.page .text-2').filter({ visible: true }))) < 18, 'standard text is smaller');
      await byTestId(page, 'item-card').first().waitFor();

      await sw.click();
      assert.equal(await sw.getAttribute('aria-checked'), 'true');
      await byTestId(page, 'page').and(page.locator('[data-elder="on"]')).waitFor();

      const bodyText = byTestId(page, 'item-card').first().locator('.text-2');
      const px = await fontPx(bodyText);
      assert.ok(px >= 18, `body text is ${px}px (≥18)`);
      const lh = await bodyText.first().evaluate((el) => {
        const s = getComputedStyle(el);
        return parseFloat(s.lineHeight) / parseFloat(s.fontSize);
      });
      assert.ok(lh >= 1.3, `line spacing ${lh.toFixed(2)} (≥1.3)`);

      const search = await box(byTestId(page, 'search-button'));
      assert.ok(search.height >= 60 && search.width >= 60, `search button ${search.width}×${search.height} (≥60×60)`);
      const category = await box(byTestId(page, 'category'));
      assert.ok(category.height >= 60, `category button ${category.height}px high (≥60)`);
      const swBox = await box(sw);
      assert.ok(swBox.height >= 60, `elder switch ${swBox.height}px high (≥60)`);

      // Persisted: a reload keeps 长辈版, and other screens follow it.
      await page.reload();
      await byTestId(page, 'page').and(page.locator('[data-elder="on"]')).waitFor();
      await byTestId(page, 'item-card').first().click();
      await byTestId(page, 'item-name').waitFor();
      const detailPx = await fontPx(byTestId(page, 'materials').locator('.text'));
      assert.ok(detailPx >= 18, `detail text ${detailPx}px (≥18)`);
      const openChecklist = await box(byTestId(page, 'open-checklist'));
      assert.ok(openChecklist.height >= 60, `main button ${openChecklist.height}px high (≥60)`);
      await page.goBack();
      await expectText(byTestId(page, 'elder-switch'), '已开启');
      await screenshot('elder-mode');
    },
  },
];
