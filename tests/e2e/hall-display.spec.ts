import assert from 'node:assert/strict';
import type { TQueueTicket, TWindow } from '@bianmin/shared';
import type { Flow } from './harness';
import { accountToken } from './helpers';
import { townCenter } from './town';

/**
 * 大厅叫号屏 (issue 10 part 6): the public full-screen page at /display/:centerId, served by the API. A number called
 * at a window shows on the screen within 3 seconds, and the browser's speech synthesis is asked to say
 * "请A012号到…办理" (recorded here through a stand-in, since headless Chromium has no voices).
 */
export const flows: Flow[] = [
  {
    name: 'hall-display: a called number shows within 3 seconds and is spoken',
    async run({ page, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const staff = await accountToken(api, 'town1-staff');
      const { items: windows } = await api.json<{ items: TWindow[] }>('GET', `/api/centers/${town.id}/windows`);
      assert.ok(windows.length, 'the demo town has a window');
      const w = windows[0];
      const mine = await api.json<TQueueTicket>('POST', '/api/staff/walk-in', { windowId: w.id, priority: true }, staff);

      await page.setViewportSize({ width: 1280, height: 720 });
      await page.addInitScript(() => {
        const spoken: string[] = [];
        (window as unknown as { __spoken: string[] }).__spoken = spoken;
        window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push(`${u.lang}:${u.text}`);
      });
      await page.goto(`${baseUrl}/display/${town.id}`);
      await page.getByTestId('next').locator('tr').first().waitFor();
      assert.match(await page.getByTestId('next').innerText(), new RegExp(mine.label));

      const t0 = Date.now();
      const called = await api.json<TQueueTicket>('POST', '/api/staff/queue/call-next', { windowId: w.id }, staff);
      assert.equal(called.label, mine.label, 'the 绿色通道 number is called first');
      await page.getByTestId('calling').locator(`[data-key^="${called.id}"]`).waitFor({ timeout: 3_000 });
      const shownAfter = Date.now() - t0;
      assert.ok(shownAfter <= 3_000, `shown after ${shownAfter} ms`);
      assert.match(await page.getByTestId('calling').innerText(), new RegExp(`${called.label}\\s*请到${w.name}办理`));
      const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
      assert.ok(spoken.includes(`zh-CN:请${called.label}号到${w.name}办理`), `spoken: ${spoken.join(' | ')}`);
      console.log(`    hall display showed ${called.label} ${shownAfter} ms after the call`);
      await screenshot('hall-display');
      await api.json('POST', `/api/staff/queue/tickets/${called.id}/done`, undefined, staff);
    },
  },
];
