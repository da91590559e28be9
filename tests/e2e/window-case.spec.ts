import assert from 'node:assert/strict';
import path from 'node:path';
import QRCode from 'qrcode';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { chinaDate, type TCaseTrack, type TQueueTicket, type TServiceItem, type TServiceItemSummary, type TWindow, type TWindowCaseDetail } from '@bianmin/shared';
import { ARTIFACTS, newPhoneContext, screenshotWholePage, type ApiClient, type Flow } from './harness';
import { accountToken, byTestId, expectText, pageUrl, signInOnPage } from './helpers';
import { townCenter } from './town';

const CITIZEN_PHONE = '13800000071';
const APPLICANT = '张建国';
const MASKED = '张**';

/** A town item with at least two required materials (one can be missing) — a 承诺件 or 即办件 first. */
async function townItemWithMaterials(api: ApiClient, centerId: string): Promise<TServiceItem> {
  const list = await api.json<{ items: TServiceItemSummary[] }>('GET', `/api/service-items?centerId=${centerId}&size=50`);
  const rank: Record<string, number> = { committed: 0, immediate: 1, joint: 2, reported: 3 };
  const found: TServiceItem[] = [];
  for (const s of list.items) {
    const item = await api.json<TServiceItem>('GET', `/api/service-items/${s.id}`);
    if (item.materials.filter((m) => m.requirement === 'required').length >= 2) found.push(item);
  }
  found.sort((a, b) => rank[a.caseType] - rank[b.caseType]);
  assert.ok(found.length, 'the town center has an item with two required materials');
  return found[0];
}

/** Serve (call + done) every number left at the window by earlier flows, so ours is the next one called. */
async function drainQueue(api: ApiClient, windowId: string, staff: string): Promise<void> {
  const queue = await api.json<{ items: TQueueTicket[] }>('GET', `/api/staff/queue?windowId=${windowId}`, undefined, staff);
  for (const t of queue.items.filter((x) => x.status === 'called')) await api.json('POST', `/api/staff/queue/tickets/${t.id}/done`, undefined, staff);
  for (let i = 0; i < 50; i++) {
    const called = await api.json<TQueueTicket>('POST', '/api/staff/queue/call-next', { windowId }, staff).catch(() => null);
    if (!called) return;
    await api.json('POST', `/api/staff/queue/tickets/${called.id}/done`, undefined, staff);
  }
}

/** 长辈版: every control a person taps is at least 60×60. */
async function assertTouchSize(locator: Locator, what: string): Promise<void> {
  const box = await locator.first().boundingBox();
  assert.ok(box && box.width >= 60 && box.height >= 60, `${what} is at least 60×60 in 长辈版: ${JSON.stringify(box)}`);
}

/** A print button opens the notice in a new window; answers its HTML. */
async function printed(context: BrowserContext, button: Locator, expect: string): Promise<{ html: string; popup: Page }> {
  const [popup] = await Promise.all([context.waitForEvent('page'), button.click()]);
  await popup.waitForFunction((t) => document.body?.innerText.includes(t), expect, { timeout: 10_000 });
  return { html: await popup.content(), popup };
}

/** The QR of the slip holds exactly this URL: re-encoding it with the API's options gives the same SVG path. */
async function qrHolds(html: string, url: string): Promise<boolean> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  // The dark modules are the stroked path; the first one is only the white background square.
  const expected = /<path stroke="[^"]*" d="([^"]+)"/.exec(svg)?.[1];
  return !!expected && html.includes(expected);
}

/**
 * 窗口办件 (issue 9): a walk-in number is called, the staff member opens the 受理 panel (长辈版) with one required
 * material missing → 补正告知书 (numbered, printable A4) → the material is brought → accepted → 办结 → the 80 mm slip's
 * QR holds the public progress link, which shows the case with the name masked; the citizen finds it in 我的办件 and,
 * when a rating card was issued, rates it; the staff member's scorecard counts it when it has window-case figures.
 */
export const flows: Flow[] = [
  {
    name: 'window-case-walk-in',
    async run({ page, context, baseUrl, api, screenshot }) {
      const town = await townCenter(api);
      const admin = await accountToken(api, 'town1-admin');
      const staff = await accountToken(api, 'town1-staff');
      const today = chinaDate(new Date());
      // Open all day, so the 即办 clock and 叫号 work whenever the run happens.
      await api.json('PUT', '/api/admin/calendar/days', { scope: town.id, date: today, kind: 'open', hours: [{ start: '00:00', end: '23:59' }] }, admin);
      const item = await townItemWithMaterials(api, town.id);
      const required = item.materials.filter((m) => m.requirement === 'required');
      const left = required[required.length - 1];

      // 长辈版 on, then the staff member signs in; the workbench opens.
      await page.goto(pageUrl(baseUrl, '/pages/home/index'));
      await byTestId(page, 'elder-switch').click();
      await byTestId(page, 'page').and(page.locator('[data-elder="on"]')).waitFor();
      await page.goto(pageUrl(baseUrl, '/pages/mine/index'));
      await byTestId(page, 'menu-staff-login').click();
      await byTestId(page, 'staff-username').locator('input').fill('town1-staff');
      await byTestId(page, 'staff-password').locator('input').fill('Demo@2026');
      await byTestId(page, 'staff-login-submit').click();
      const chosen = page.locator('[data-testid="window-option"][aria-checked="true"]').filter({ visible: true });
      await chosen.waitFor();
      const chosenText = (await chosen.innerText()).trim();
      const { items: windows } = await api.json<{ items: TWindow[] }>('GET', `/api/centers/${town.id}/windows`);
      const win = windows.find((w) => chosenText.startsWith(`${w.code} `) || chosenText.includes(w.name));
      assert.ok(win, `the chosen window ${chosenText} is one of the town's`);
      await drainQueue(api, win.id, staff);
      await byTestId(page, 'refresh').click();

      // Walk-in → call → 受理.
      await byTestId(page, 'walk-in').click();
      const label = /([A-Z]\d{3})/.exec(await expectText(byTestId(page, 'issued'), /[A-Z]\d{3}/))![1];
      await byTestId(page, 'call-next').click();
      await expectText(byTestId(page, 'called-label'), label);
      await assertTouchSize(byTestId(page, 'ticket-accept'), '受理 button');
      await byTestId(page, 'ticket-accept').click();
      await expectText(byTestId(page, 'accept-head'), label);

      // Find the matter as citizens do, type from the item, the applicant, materials ticked but one.
      await byTestId(page, 'search-input').locator('input').fill(item.name);
      await assertTouchSize(byTestId(page, 'search-button'), 'search button');
      await byTestId(page, 'search-button').click();
      const result = byTestId(page, 'item-result').filter({ hasText: item.name }).first();
      await result.waitFor();
      await assertTouchSize(result, 'search result');
      await result.click();
      await expectText(byTestId(page, 'chosen-item'), item.name);
      const typeWords: Record<string, string> = { immediate: '即办件', committed: '承诺件', joint: '联办件', reported: '上报件' };
      await expectText(byTestId(page, 'case-type'), typeWords[item.caseType]);
      await byTestId(page, 'applicant-name').locator('input').fill(APPLICANT);
      await byTestId(page, 'applicant-phone').locator('input').fill(CITIZEN_PHONE);
      for (const q of item.questions) await byTestId(page, `question-${q.key}-no`).click();
      for (const m of required.slice(0, -1)) {
        await assertTouchSize(byTestId(page, `material-${m.key}`), `material ${m.name}`);
        await byTestId(page, `material-${m.key}`).click();
      }
      await expectText(byTestId(page, 'case-missing'), left.name);
      await expectText(byTestId(page, 'accept-submit'), '补正');
      await assertTouchSize(byTestId(page, 'accept-submit'), 'submit button');
      const fontSize = await byTestId(page, 'material-count').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      assert.ok(fontSize >= 18, `text is at least 18px in 长辈版: ${fontSize}`);
      await screenshot('window-case-accept');
      await byTestId(page, 'accept-submit').click();

      // 补正告知书: numbered, lists the missing material, prints as A4.
      await byTestId(page, 'accept-done').waitFor();
      const code = (await byTestId(page, 'accept-code').innerText()).trim();
      const supplementNotice = page.locator('[data-testid="case-notice"][data-kind="supplement"]').filter({ visible: true });
      const number = await expectText(supplementNotice.getByTestId('case-notice-number'), /〔\d{4}〕第\d{4}号/);
      await assertTouchSize(supplementNotice.getByTestId('print-a4'), 'print button');
      await screenshot('window-case-supplement');
      const a4 = await printed(context, supplementNotice.getByTestId('print-a4'), '补正告知书');
      assert.ok(a4.html.includes(left.name), 'the 补正告知书 lists the missing material');
      assert.ok(a4.html.includes(number.trim()), 'the 补正告知书 carries its number');
      await a4.popup.close();
      const cases = await api.json<{ items: { id: string; code: string; state: string }[] }>('GET', '/api/staff/cases?mine=true', undefined, staff);
      const opened = cases.items.find((c) => c.code === code);
      assert.ok(opened, 'the case is in my cases');
      assert.equal(opened.state, 'supplement');

      // Back at the workbench, 我的在办件 lists it waiting for the material; the row opens the case.
      await byTestId(page, 'back-workbench').click();
      await byTestId(page, 'go-open-cases').click();
      const row = page.locator(`[data-testid="case-row"][data-id="${opened.id}"]`).filter({ visible: true });
      await expectText(row, '待补正');
      await assertTouchSize(row, 'case row');
      await screenshot('window-case-open-cases');
      await row.click();

      // The material is brought: accepted, then 办结 (every 联办/上报 stage first).
      await byTestId(page, 'act-materials').click();
      await byTestId(page, `got-${left.key}`).click();
      await byTestId(page, 'materials-submit').click();
      await expectText(byTestId(page, 'case-state'), '办理中');
      for (let i = 0; i < 10 && (await byTestId(page, 'act-stage').count()); i++) {
        await byTestId(page, 'act-stage').click();
        await expectText(byTestId(page, 'case-msg'), '环节已办结');
      }
      await byTestId(page, 'act-complete').click();
      await byTestId(page, 'complete-result').locator('textarea').fill('已办结，材料齐全，结果当场交申请人');
      await byTestId(page, 'delivery-window').click();
      await byTestId(page, 'complete-submit').click();
      await expectText(byTestId(page, 'case-state'), '已办结');
      await screenshot('window-case-completed');
      const done = await api.json<TWindowCaseDetail>('GET', `/api/staff/cases/${opened.id}`, undefined, staff);
      assert.equal(done.state, 'completed');
      assert.deepEqual(done.breaches, [], 'one 补正 only: no 一次性告知 breach');
      const kinds = done.notices.map((n) => n.kind);
      assert.ok(kinds.includes('supplement') && kinds.includes('completion'), `notices ${kinds.join(',')}`);

      // The 80 mm slip's QR holds the public progress page, which shows the case without the phone.
      const completion = page.locator('[data-testid="case-notice"][data-kind="completion"]').filter({ visible: true });
      const slip = await printed(context, completion.getByTestId('print-slip'), code);
      await slip.popup.close();
      const trackUrl = `${baseUrl}/track/${code}`;
      assert.ok(await qrHolds(slip.html, trackUrl), `the slip's QR holds ${trackUrl}`);
      if (done.rating?.url) {
        const rateUrl = `${baseUrl}${done.rating.url}`;
        assert.ok(await qrHolds(slip.html, rateUrl), `the slip's second QR holds the rating card ${rateUrl}`);
      }
      const trackPage = await context.newPage();
      const res = await trackPage.goto(trackUrl);
      assert.equal(res?.status(), 200);
      const trackText = await trackPage.locator('body').innerText();
      assert.ok(trackText.includes(item.name) && trackText.includes(MASKED), 'the progress page names the matter and the masked applicant');
      assert.ok(!trackText.includes(CITIZEN_PHONE) && !trackText.includes(APPLICANT), 'no phone and no full name on the public page');
      await trackPage.screenshot({ path: path.join(ARTIFACTS, 'window-case-track.png'), fullPage: true });
      await trackPage.close();
      const track = await api.json<TCaseTrack>('GET', `/api/track/${code}`);
      assert.equal(track.state, 'completed');
      assert.equal(track.applicantName, MASKED);
      const unknown = await fetch(`${baseUrl}/api/track/NOSUCHCODE`);
      assert.equal(unknown.status, 404);

      // The citizen (same phone) finds it in 我的 → 我的办件, and rates it when a rating card was issued.
      const citizenContext = await newPhoneContext(context.browser()!);
      try {
        const phone = await citizenContext.newPage();
        phone.setDefaultTimeout(15_000);
        await phone.goto(pageUrl(baseUrl, '/pages/login/index'));
        await signInOnPage(phone, CITIZEN_PHONE);
        await byTestId(phone, 'me').waitFor();
        await byTestId(phone, 'menu-my-cases').click();
        await phone.locator(`[data-testid="case-row"][data-id="${opened.id}"]`).filter({ visible: true }).click();
        await expectText(byTestId(phone, 'case-state'), '已办结');
        await expectText(byTestId(phone, 'case-track-url'), `/track/${code}`);
        await screenshotWholePage(phone, path.join(ARTIFACTS, 'window-case-citizen.png'));
        if (done.rating?.url) {
          // The same card as the slip's rating QR, opened from 我的办件.
          await byTestId(phone, 'case-rate-go').click();
          await byTestId(phone, 'level-5').click();
          await byTestId(phone, 'rate-submit').click();
          await expectText(byTestId(phone, 'rate-done'), '非常满意');
          const rated = await api.json<TWindowCaseDetail>('GET', `/api/staff/cases/${opened.id}`, undefined, staff);
          assert.equal(rated.rating?.rated, true, 'the case shows its rating');
        } else {
          console.log('    – window-case-walk-in: no rating card on the case yet (rating part of the API not landed); rating skipped');
        }
      } finally {
        await citizenContext.close();
      }

      // The staff member's scorecard counts the case. Today's figures come from the rollup job's count (every half
      // minute), so the case shows within a minute or two (the job skips a count within a minute of the last).
      const counted = async () => {
        const card = await api.json<{ line: Record<string, unknown> | null }>('GET', `/api/staff/scorecard?period=month:${today.slice(0, 7)}`, undefined, staff);
        const cases = card.line?.windowCases as { received?: number; completed?: number } | undefined;
        return (cases?.received ?? 0) >= 1 && (cases?.completed ?? 0) >= 1;
      };
      const waitFrom = Date.now();
      while (!(await counted()) && Date.now() - waitFrom < 110_000) await new Promise((r) => setTimeout(r, 3_000));
      assert.ok(await counted(), 'the scorecard counts the received and completed case within 110 s');
      console.log(`    scorecard counted the case ${Math.round((Date.now() - waitFrom) / 1000)} s after 办结`);
    },
  },
];
