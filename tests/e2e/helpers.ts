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
