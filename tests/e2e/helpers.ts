import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { TServiceItem, TServiceItemSummary } from '@bianmin/shared';
import type { ApiClient } from './harness';

/**
 * The element with this data-testid on the page being shown. Taro's H5 router keeps earlier pages of the
 * stack in the DOM (hidden), so every selector is narrowed to visible elements.
 */
export function byTestId(page: Page, id: string): Locator {
  return page.getByTestId(id).filter({ visible: true });
}

/** Hash-router URL of a mini-app page. */
export function pageUrl(baseUrl: string, route: string): string {
  return `${baseUrl}/#${route}`;
}

/** Wait until the locator's text contains `text`. */
export async function expectText(locator: Locator, text: string | RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.first().innerText().catch(() => '')) ?? '';
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected text ${String(text)} in ${locator.toString()}, got: ${JSON.stringify(last.slice(0, 300))}`);
}

/** Wait until `count()` equals n. */
export async function expectCount(locator: Locator, n: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected ${n} of ${locator.toString()}, found ${last}`);
}

/**
 * A published item from the demo catalog that has a yes/no question adding a conditional material and at
 * least two required materials: what the checklist flows need.
 */
export async function findItemWithQuestion(api: ApiClient): Promise<TServiceItem> {
  const list = await api.json<{ items: TServiceItemSummary[] }>('GET', '/api/service-items?size=100');
  for (const summary of list.items) {
    const item = await api.json<TServiceItem>('GET', `/api/service-items/${summary.id}`);
    const required = item.materials.filter((m) => m.requirement === 'required');
    const conditional = item.materials.filter((m) => m.requirement === 'conditional');
    if (required.length >= 2 && conditional.length >= 1) return item;
  }
  throw new Error('demo catalog has no item with a conditional material and two required ones');
}

/** On the sign-in page: phone number, the development SMS code shown on screen, 登录. */
export async function signInOnPage(page: Page, phone: string): Promise<void> {
  await byTestId(page, 'phone-input').locator('input').fill(phone);
  await byTestId(page, 'send-code').click();
  const hint = await expectText(byTestId(page, 'dev-code'), /开发环境验证码：\d{6}/);
  const code = /(\d{6})/.exec(hint)![1];
  await byTestId(page, 'code-input').locator('input').fill(code);
  await byTestId(page, 'login-submit').click();
}

/** A citizen's access token through the API (SMS sign-in with the development code). */
export async function citizenToken(api: ApiClient, phone: string): Promise<string> {
  const sent = await api.json<{ devCode?: string }>('POST', '/api/auth/sms/send', { phone });
  assert.ok(sent.devCode, 'the e2e API runs with the log SMS sender and gives the code back');
  const tokens = await api.json<{ accessToken: string }>('POST', '/api/auth/sms/verify', { phone, code: sent.devCode });
  return tokens.accessToken;
}

/** A staff/admin access token (demo accounts, password Demo@2026). */
export async function accountToken(api: ApiClient, username: string): Promise<string> {
  const tokens = await api.json<{ accessToken: string }>('POST', '/api/auth/password', { username, password: 'Demo@2026' });
  return tokens.accessToken;
}
