import assert from 'node:assert/strict';
import type { Flow } from './harness';
import { byTestId, expectCount, expectText, findItemWithQuestion, pageUrl } from './helpers';

/** (2) Tick some materials, answer a question: the missing list names exactly what is not ticked, at once. */
export const flows: Flow[] = [
  {
    name: 'checklist',
    async run({ page, baseUrl, api, screenshot }) {
      const item = await findItemWithQuestion(api);
      const required = item.materials.filter((m) => m.requirement === 'required');
      const conditional = item.materials.find((m) => m.requirement === 'conditional')!;
      const question = item.questions.find((q) => q.key === conditional.whenQuestion)!;

      await page.goto(pageUrl(baseUrl, `/pages/checklist/index?id=${item.id}`));
      await byTestId(page, 'materials-check').waitFor();

      // Tick every required material but the first.
      const ticked = required.slice(1);
      for (const m of ticked) {
        const row = byTestId(page, `material-${m.key}`);
        await row.click();
        assert.equal(await row.getAttribute('aria-checked'), 'true', `${m.name} shows as ticked`);
      }
      // The conditional material is not asked for until its question is answered yes.
      await expectCount(byTestId(page, `material-${conditional.key}`), 0);
      await byTestId(page, `question-${question.key}-yes`).click();
      await byTestId(page, `material-${conditional.key}`).waitFor();

      const expected = new Set([required[0].key, conditional.key]);
      const missingList = byTestId(page, 'missing-list');
      await expectText(missingList, `还缺以下${expected.size}项材料`);
      const missing = missingList.getByTestId('missing-item');
      await expectCount(missing, expected.size);
      const keys = await missing.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
      assert.deepEqual(new Set(keys), expected);
      await expectText(missingList, `因为：${question.text} 是`);

      // Ticking the rest completes the list; nothing needs the network.
      await page.context().setOffline(true);
      await byTestId(page, `material-${required[0].key}`).click();
      await byTestId(page, `material-${conditional.key}`).click();
      await page.context().setOffline(false);
      // Other questions that decide materials may still be open: answer them no.
      for (const q of item.questions) {
        if (q.key !== question.key) await byTestId(page, `question-${q.key}-no`).click();
      }
      await byTestId(page, 'complete').waitFor();
      // Undo the last tick to leave the screenshot showing a missing list.
      await byTestId(page, `material-${required[0].key}`).click();
      await expectText(missingList, '还缺以下1项材料');
      await screenshot('checklist');
    },
  },
];
