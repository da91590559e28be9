import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TServiceItemSummary } from '@bianmin/shared';
import { REPO_ROOT, type ApiClient, type Flow } from './harness';
import { byTestId, pageUrl } from './helpers';

/**
 * Every page of the mini-app in the browser, in both modes: axe-core finds no serious or critical violation
 * (no rule disabled), every page has one `main` and one h1, and in 长辈版 at 375 px every visible text is
 * ≥ 18 px and every control ≥ 60×60 px. A screenshot of each page in 长辈版 is kept under tests/artifacts/.
 * The page list is read from app.config.ts, so a new page is covered without touching this file.
 */

type Role = 'citizen' | 'staff' | 'agent' | 'admin' | 'none';

/** Every page route in app.config.ts (main package and subpackages). */
export function allRoutes(): string[] {
  const src = fs.readFileSync(path.join(REPO_ROOT, 'miniapp', 'src', 'app.config.ts'), 'utf8');
  const main = /pages:\s*\[([^\]]*)\]/.exec(src);
  assert.ok(main, 'app.config.ts lists pages');
  const routes = [...main[1].matchAll(/'([^']+)'/g)].map((m) => `/${m[1]}`);
  for (const sub of src.matchAll(/root:\s*'([^']+)',\s*pages:\s*\[([^\]]*)\]/g)) {
    for (const p of sub[2].matchAll(/'([^']+)'/g)) routes.push(`/${sub[1]}/${p[1]}`);
  }
  return routes;
}

/** Who the page is for: the account signed in before opening it. */
function roleFor(route: string): Role {
  if (/packages\/admin\//.test(route)) return 'admin';
  if (/packages\/agent\/pages\/admin|staff\/pages\/(scorecards|surveys|complaints)/.test(route)) return 'admin';
  if (/packages\/agent\//.test(route)) return 'agent';
  if (/packages\/staff\/pages\/login/.test(route)) return 'none';
  if (/packages\/staff\/|cases\/pages\/(accept|open|case)\//.test(route)) return 'staff';
  if (/pages\/login|survey\/|report\//.test(route)) return 'none';
  return 'citizen';
}

/** Query for pages that show one item. */
function queryFor(route: string, itemId: string): string {
  if (/^\/pages\/(item|checklist)\//.test(route)) return `?id=${itemId}`;
  if (/packages\/(booking|delegation)\/pages\/new\//.test(route)) return `?itemId=${itemId}`;
  // A booking that does not exist: the page shows its not-found notice (without an id it would ask for the list).
  if (/packages\/booking\/pages\/detail\//.test(route)) return '?id=000000000000000000000000';
  return '';
}

async function tokenFor(api: ApiClient, role: Role, n: number): Promise<unknown> {
  if (role === 'none') return undefined;
  if (role === 'citizen') {
    // One phone per page: the API allows one code per phone a minute.
    const phone = `139013${String(n).padStart(5, '0')}`;
    const sent = await api.json<{ devCode?: string }>('POST', '/api/auth/sms/send', { phone });
    return api.json('POST', '/api/auth/sms/verify', { phone, code: sent.devCode });
  }
  const username = { staff: 'town1-staff', agent: 'town1-agent', admin: 'town1-admin' }[role];
  return api.json('POST', '/api/auth/password', { username, password: 'Demo@2026' });
}

/** Open a route with the given stored session and mode (Taro's H5 storage keeps `{ data }` as JSON). */
async function open(page: Page, baseUrl: string, route: string, tokens: unknown, elder: boolean, textSize = 'large'): Promise<void> {
  // tsx names the functions handed to page.evaluate with an `__name` helper the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(`${baseUrl}/`);
  await page.evaluate(
    ({ tokens, elder, textSize }) => {
      localStorage.clear();
      if (tokens) localStorage.setItem('bianmin.tokens', JSON.stringify({ data: tokens }));
      localStorage.setItem('bianmin.elder', JSON.stringify({ data: elder }));
      localStorage.setItem('bianmin.textSize', JSON.stringify({ data: textSize }));
    },
    { tokens, elder, textSize },
  );
  await page.goto(pageUrl(baseUrl, route));
  await page.reload();
  const shown = page.locator(`[data-testid="page"][data-elder="${elder ? 'on' : 'off'}"]`).filter({ visible: true }).first();
  // On a busy machine a subpackage's first load can stall: one reload before giving up.
  await shown.waitFor({ timeout: 12_000 }).catch(async () => {
    await page.reload();
    await shown.waitFor({ timeout: 12_000 }).catch(async (e: Error) => {
      const seen = await page.evaluate(() => ({
        url: location.href,
        pages: Array.from(document.querySelectorAll('[data-testid="page"]')).map((el) => `${el.getAttribute('data-elder')}:${(el as HTMLElement).offsetParent ? 'shown' : 'hidden'}`),
        storage: Object.keys(localStorage).map((k) => `${k}=${(localStorage.getItem(k) ?? '').slice(0, 40)}`),
        body: document.body.innerText.slice(0, 200),
      }));
      throw new Error(`${e.message}\n    seen: ${JSON.stringify(seen)}`);
    });
  });
  // Let the first loads settle (a loading line is replaced by content or an error notice).
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js', { paths: [REPO_ROOT] }), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** axe over the page being shown (Taro keeps hidden earlier pages in the DOM; axe skips hidden content). */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.html.slice(0, 160)).join(' | ')}`).join('\n      ');
}

/** Landmarks and headings on the page being shown. */
async function structure(page: Page): Promise<{ mains: number; h1s: number }> {
  return page.evaluate(() => {
    const shown = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const mains = Array.from(document.querySelectorAll('main, [role="main"]')).filter(shown).length;
    const h1s = Array.from(document.querySelectorAll('h1, [role="heading"][aria-level="1"]')).filter(shown).length;
    return { mains, h1s };
  });
}

const CONTROL = 'button, a[href], input:not([type="hidden"]), textarea, select, [role="button"], [role="switch"], [role="checkbox"], [role="radio"], [role="tab"], [role="link"], [role="combobox"], [role="slider"], taro-button-core, taro-input-core, taro-textarea-core, taro-picker-core, taro-checkbox-core, taro-radio-core, taro-switch-core';

/** 长辈版 sizes: every visible text node ≥ 18 px, every control (or the tap area around it) ≥ 60×60 px. */
async function elderSizeProblems(page: Page, minTextPx = 18): Promise<string[]> {
  return page.evaluate(([controlSelector, minText]) => {
    const problems: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
        if (e.getAttribute('aria-hidden') === 'true') return false;
      }
      return true;
    };
    const roots = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
    const root = roots[roots.length - 1] ?? document.body;
    const scopes: Element[] = [root];
    const tabbar = document.querySelector('.taro-tabbar__tabbar');
    if (tabbar && visible(tabbar)) scopes.push(tabbar);
    for (const scope of scopes) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim();
        const el = n.parentElement;
        if (!text || !el || !visible(el)) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < minText) problems.push(`text ${px}px: "${text.slice(0, 30)}" <${el.tagName.toLowerCase()} class="${el.className}">`);
      }
      for (const el of Array.from(scope.querySelectorAll(controlSelector))) {
        if (!visible(el)) continue;
        // A small part of a larger tap area (a native input inside its field box, a switch in its row) counts as
        // the area: the nearest ancestor that is itself a control or a field box.
        let target: Element = el;
        const area = el.parentElement?.closest(`${controlSelector}, .input, .field-box, [data-tap-area]`);
        if (area && scope.contains(area)) target = area;
        const r = target.getBoundingClientRect();
        if (Math.round(r.width) < 60 || Math.round(r.height) < 60) {
          problems.push(`control ${Math.round(r.width)}×${Math.round(r.height)}: <${target.tagName.toLowerCase()} class="${target.className}"> ${(target.textContent ?? '').trim().slice(0, 30)}`);
        }
      }
    }
    return problems;
  }, [CONTROL, minTextPx] as const);
}

function flowFor(route: string, n: number): Flow {
  const slug = route.replace(/^\/|\/index$/g, '').replace(/\//g, '_');
  const name = `a11y-${slug}`;
  return {
    name,
    async run({ page, baseUrl, api, screenshot }) {
      const { items } = await api.json<{ items: TServiceItemSummary[] }>('GET', '/api/service-items?size=1');
      const url = `${route}${queryFor(route, items[0]?.id ?? '')}`;
      const tokens = await tokenFor(api, roleFor(route), n);
      const failures: string[] = [];
      for (const elder of [false, true]) {
        if (elder) await page.setViewportSize({ width: 375, height: 812 });
        await open(page, baseUrl, url, tokens, elder);
        const mode = elder ? '长辈版' : '标准版';
        const vs = await axeViolations(page);
        if (vs.length) failures.push(`${mode} axe:\n      ${describe(vs)}`);
        const s = await structure(page);
        if (s.mains !== 1 || s.h1s !== 1) failures.push(`${mode}: ${s.mains} main landmark(s), ${s.h1s} h1(s) (one each)`);
        if (elder) {
          await screenshot(`elder-375-${slug}`);
          const sizes = await elderSizeProblems(page);
          if (sizes.length) failures.push(`长辈版 sizes:\n      ${sizes.slice(0, 12).join('\n      ')}`);
        }
      }
      assert.ok(failures.length === 0, `${route}\n    ${failures.join('\n    ')}`);
    },
  };
}

/**
 * Navigation on H5: a sub-page has a title bar with 返回 (a tab page has none); after a staff sign-in the
 * workbench leads back to 我的; 我的 lists every area an administrator may use.
 */
const navigation: Flow = {
  name: 'a11y-navigation',
  async run({ page, baseUrl }) {
    await page.goto(pageUrl(baseUrl, '/pages/home/index'));
    await byTestId(page, 'item-card').first().waitFor();
    assert.equal(await byTestId(page, 'back').count(), 0, 'a tab page has no 返回');
    await byTestId(page, 'item-card').first().click();
    await byTestId(page, 'item-name').waitFor();
    await byTestId(page, 'back').click();
    await byTestId(page, 'item-card').first().waitFor();

    // A deep link to a sub-page: 返回 leads to 办事指南.
    await page.goto(pageUrl(baseUrl, '/pages/settings/index'));
    await byTestId(page, 'back').click();
    await byTestId(page, 'item-card').first().waitFor();

    await page.goto(pageUrl(baseUrl, '/packages/staff/pages/login/index'));
    await byTestId(page, 'staff-username').locator('input').fill('town1-admin');
    await byTestId(page, 'staff-password').locator('input').fill('Demo@2026');
    await byTestId(page, 'staff-login-submit').click();
    await byTestId(page, 'role-areas').waitFor();
    await byTestId(page, 'menu-mine').click();
    await byTestId(page, 'me').waitFor();
    for (const id of ['menu-workbench', 'menu-accept', 'menu-open-cases', 'menu-ratings', 'menu-scorecard', 'menu-admin-cases', 'menu-complaints', 'menu-scorecards', 'menu-surveys']) {
      await byTestId(page, id).waitFor();
    }
  },
};

/** 特大: every visible text on the busiest citizen pages (and the tab bar) is ≥ 30 px. */
const largest: Flow = {
  name: 'a11y-largest-text',
  async run({ page, baseUrl, api }) {
    const { items } = await api.json<{ items: TServiceItemSummary[] }>('GET', '/api/service-items?size=1');
    await page.setViewportSize({ width: 375, height: 812 });
    const failures: string[] = [];
    for (const route of ['/pages/home/index', `/pages/item/index?id=${items[0].id}`, '/pages/settings/index']) {
      await open(page, baseUrl, route, undefined, true, 'largest');
      const sizes = await elderSizeProblems(page, 30);
      if (sizes.length) failures.push(`${route}:\n      ${sizes.slice(0, 12).join('\n      ')}`);
    }
    assert.ok(failures.length === 0, `特大 text under 30 px:\n    ${failures.join('\n    ')}`);
  },
};

/**
 * The smallest phones still sold in villages (320 px wide): every citizen page in 长辈版 fits without sideways
 * scrolling (nothing wider than the screen), keeps ≥ 18 px text and ≥ 60 px controls.
 */
const narrow: Flow = {
  name: 'a11y-elder-320',
  async run({ page, baseUrl, api }) {
    const { items } = await api.json<{ items: TServiceItemSummary[] }>('GET', '/api/service-items?size=1');
    const tokens = await tokenFor(api, 'citizen', 99_001);
    await page.setViewportSize({ width: 320, height: 640 });
    const failures: string[] = [];
    const routes = allRoutes().filter((r) => roleFor(r) === 'citizen' || (roleFor(r) === 'none' && !/staff/.test(r)));
    for (const route of routes) {
      await open(page, baseUrl, `${route}${queryFor(route, items[0]?.id ?? '')}`, roleFor(route) === 'citizen' ? tokens : undefined, true);
      const wide = await page.evaluate(() => {
        const out: string[] = [];
        const root = document.scrollingElement ?? document.documentElement;
        if (root.scrollWidth > window.innerWidth + 1) out.push(`page scrolls sideways: ${root.scrollWidth}px`);
        const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
        const shown = pages[pages.length - 1] ?? document.body;
        for (const el of Array.from(shown.querySelectorAll<HTMLElement>('*'))) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.height > 0 && r.right > window.innerWidth + 1 && getComputedStyle(el).position !== 'fixed') {
            let clipped = false;
            for (let e = el.parentElement; e && e !== shown; e = e.parentElement) {
              const ox = getComputedStyle(e).overflowX;
              if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') clipped = true;
            }
            if (!clipped) out.push(`wider than the screen (right edge ${Math.round(r.right)}px): <${el.tagName.toLowerCase()} class="${el.className}"> ${(el.textContent ?? '').trim().slice(0, 24)}`);
          }
        }
        return out.slice(0, 6);
      });
      const sizes = await elderSizeProblems(page);
      if (wide.length || sizes.length) failures.push(`${route}:\n      ${[...wide, ...sizes.slice(0, 6)].join('\n      ')}`);
    }
    assert.ok(failures.length === 0, `长辈版 at 320 px:\n    ${failures.join('\n    ')}`);
  },
};

/** The tokens are fetched per flow; the citizen account is created on first sign-in. */
export const flows: Flow[] = [navigation, largest, narrow, ...allRoutes().map((r, i) => flowFor(r, i))];

