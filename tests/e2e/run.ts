import fs from 'node:fs';
import path from 'node:path';
import { ApiClient, ApiServer, ARTIFACTS, H5_DIR, launchBrowser, newPhoneContext, screenshotWholePage, type Flow } from './harness';
import { flows as serviceGuideFlows } from './service-guide.spec';
import { flows as checklistFlows } from './checklist.spec';
import { flows as elderModeFlows } from './elder-mode.spec';
import { flows as signInFlows } from './sign-in-save.spec';
import { flows as bookingFlows } from './booking.spec';
import { flows as delegationFlows } from './delegation.spec';
import { flows as feedbackFlows } from './feedback.spec';
import { flows as reportFlows } from './report.spec';
import { flows as surveyAdminFlows } from './survey-admin.spec';
import { flows as windowCaseFlows } from './window-case.spec';
import { flows as hallDisplayFlows } from './hall-display.spec';
import { flows as delegationVillageFlows } from './delegation-village.spec';
import { flows as supervisionFlows } from './supervision.spec';
import { flows as adminCatalogFlows } from './admin-catalog.spec';
import { flows as accessibilityFlows } from './accessibility.spec';

/**
 * Browser end-to-end run: the real API (embedded database, demo data) serving the H5 build, driven by
 * headless Chromium on a phone-sized screen. Prints `N passed, M failed` and exits non-zero on a failure.
 */
const ALL: Flow[] = [...serviceGuideFlows, ...checklistFlows, ...elderModeFlows, ...signInFlows, ...bookingFlows, ...delegationFlows, ...feedbackFlows, ...reportFlows, ...surveyAdminFlows, ...windowCaseFlows, ...hallDisplayFlows, ...delegationVillageFlows, ...supervisionFlows, ...adminCatalogFlows, ...accessibilityFlows];
const FLOW_TIMEOUT_MS = 180_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const selected = only.length ? ALL.filter((f) => only.some((o) => f.name.includes(o))) : ALL;
  if (!process.env.E2E_BASE_URL && !fs.existsSync(path.join(H5_DIR, 'index.html'))) {
    console.error(`No H5 build at ${H5_DIR}: run \`npm run build:h5\` first.`);
    console.log(`0 passed, ${selected.length} failed`);
    return 1;
  }
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // E2E_BASE_URL: run against an API you already started (e.g. `npm run dev:api`) instead of a fresh one.
  const external = process.env.E2E_BASE_URL?.replace(/\/+$/, '');
  const server = new ApiServer();
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  try {
    if (external) server.baseUrl = external;
    else await server.start();
    console.log(`API ready at ${server.baseUrl} (${Math.round((Date.now() - started) / 1000)}s)`);
    const browser = await launchBrowser();
    try {
      for (const flow of selected) {
        const context = await newPhoneContext(browser);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const consoleErrors: string[] = [];
        page.on('pageerror', (e) => consoleErrors.push(e.message));
        const t0 = Date.now();
        const shot = (name: string) => screenshotWholePage(page, path.join(ARTIFACTS, `${name}.png`));
        try {
          await withTimeout(
            flow.run({ page, context, baseUrl: server.baseUrl, api: new ApiClient(server.baseUrl), screenshot: shot }),
            FLOW_TIMEOUT_MS,
            flow.name,
          );
          if (consoleErrors.length) throw new Error(`uncaught page errors: ${consoleErrors.join(' | ')}`);
          passed++;
          console.log(`  ✓ ${flow.name} (${Date.now() - t0} ms)`);
        } catch (e) {
          failed++;
          await shot(`${flow.name}-failed`).catch(() => undefined);
          const pageErrors = consoleErrors.length ? `\n    page errors: ${consoleErrors.join(' | ')}` : '';
          console.log(`  ✗ ${flow.name} (${Date.now() - t0} ms)\n    ${(e as Error).stack ?? String(e)}${pageErrors}`);
        } finally {
          await context.close();
        }
      }
    } finally {
      await browser.close();
    }
  } catch (e) {
    console.error(`e2e setup failed: ${(e as Error).message}`);
    failed += selected.length - passed - failed;
  } finally {
    await server.stop();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
