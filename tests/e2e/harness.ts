import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const H5_DIR = path.join(REPO_ROOT, 'miniapp', 'dist', 'h5');
export const ARTIFACTS = path.join(REPO_ROOT, 'tests', 'artifacts', 'e2e');

/** What every flow gets: a fresh phone-sized browser context and the API it talks to. */
export interface FlowContext {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  api: ApiClient;
  /** Save tests/artifacts/e2e/<name>.png of the whole page. */
  screenshot: (name: string) => Promise<void>;
}

export interface Flow {
  name: string;
  run: (ctx: FlowContext) => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The API as a child process on a free port with a fresh data folder, serving the H5 build. */
export class ApiServer {
  private child?: ChildProcess;
  private output: string[] = [];
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bianmin-e2e-'));
  baseUrl = '';

  async start(timeoutMs = 120_000): Promise<void> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    const tsxCli = require.resolve('tsx/cli', { paths: [REPO_ROOT] });
    this.child = spawn(process.execPath, [tsxCli, 'api/src/server.ts'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        DEMO_SEED: 'true',
        H5_DIR,
        SMS_SENDER: 'log',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        // Every flow signs in from 127.0.0.1 (the booking flows sign in a dozen citizens through the API).
        AUTH_RATE_LIMIT_PER_MIN: '300',
      },
      // Own process group, so stopping it also stops the embedded database it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 200) this.output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);

    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`API exited (${this.child.exitCode}) before it was ready:\n${this.log()}`);
      try {
        const res = await fetch(`${this.baseUrl}/api/health`);
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await sleep(500);
    }
    throw new Error(`API not healthy after ${timeoutMs / 1000}s:\n${this.log()}`);
  }

  log(): string {
    return this.output.join('').split('\n').slice(-40).join('\n');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const done = await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]);
      if (!done) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A thin JSON client for looking things up and signing in through the API (fixtures, not the UI). */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async json<T>(method: string, url: string, body?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A phone: 390×844, touch, Chinese locale. */
export function newPhoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
}

/**
 * Screenshot of the whole current screen. Taro's H5 pages scroll inside their own container (not the
 * window), so a "full page" screenshot would stop at the viewport: grow the viewport to the page's height
 * for the shot, then put it back.
 */
export async function screenshotWholePage(page: Page, file: string): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const viewport = page.viewportSize() ?? { width: 390, height: 844 };
  const height = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.offsetParent !== null || getComputedStyle(p).display !== 'none');
    const current = pages[pages.length - 1];
    const tabbar = document.querySelector<HTMLElement>('.taro-tabbar__tabbar');
    return Math.max(current?.scrollHeight ?? 0, 0) + (tabbar && tabbar.offsetParent !== null ? tabbar.offsetHeight : 0);
  });
  const full = Math.min(Math.max(height, viewport.height), 6000);
  if (full > viewport.height) await page.setViewportSize({ width: viewport.width, height: full });
  try {
    await page.screenshot({ path: file });
  } finally {
    if (full > viewport.height) await page.setViewportSize(viewport);
  }
}
