import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { MINIAPP_ROUTES } from '@bianmin/shared/routes';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The one contract between the API and the mini-app (issue 8, item 5): every route documents what it answers, and
 * every deep link the API makes names a page the mini-app has.
 */

const ROOT = path.resolve(__dirname, '../..');

/** Media types a route may declare instead of a JSON schema (see api/src/http/route.ts). */
const MEDIA = new Set([
  'text/html',
  'text/csv',
  'application/pdf',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'text/event-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

type Response = { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> };

/** A success answer that says what comes back: a JSON schema, a declared media type, 204 (nothing) or 302 (redirect). */
function declares(responses: Record<string, Response>): boolean {
  return Object.entries(responses).some(([status, r]) => {
    if (status === '204' || status === '302') return true;
    if (!/^2\d\d$/.test(status) || !r.content) return false;
    return Object.entries(r.content).some(([media, c]) =>
      media === 'application/json' ? !!c.schema && Object.keys(c.schema).length > 0 : MEDIA.has(media),
    );
  });
}

/** Pages declared in miniapp/src/app.config.ts, read as text (it calls Taro's defineAppConfig, so it is not imported). */
function declaredPages(source: string): Set<string> {
  const strings = (s: string) => [...s.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  const main = /\bpages:\s*\[([\s\S]*?)\]/.exec(source);
  if (!main) throw new Error('app.config.ts: no pages list');
  const pages = new Set(strings(main[1]!));
  const sub = /\bsubPackages:\s*\[([\s\S]*?)\n\s*\],/.exec(source);
  if (!sub) throw new Error('app.config.ts: no subPackages list');
  for (const m of sub[1]!.matchAll(/root:\s*'([^']+)'\s*,\s*pages:\s*\[([^\]]*)\]/g)) {
    for (const p of strings(m[2]!)) pages.add(`${m[1]!.replace(/\/$/, '')}/${p}`);
  }
  return pages;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.(ts|tsx|js)$/.test(e.name) ? [p] : [];
  });
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('GET /api/openapi.json', () => {
  it('when read, then every path and method declares its answer: a JSON schema or a media type', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, Response> }>>;
    const all = Object.entries(paths).flatMap(([p, ops]) => Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${p}`, op })));
    expect(all.length).toBeGreaterThan(50);
    const undeclared = all.filter(({ op }) => !declares(op.responses)).map(({ route }) => route);
    expect(undeclared).toEqual([]);
  });
  it('when a JSON answer is declared, then its schema is an object with properties (not an empty "any")', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, { responses: Record<string, Response> }>>;
    const empty: string[] = [];
    for (const [p, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.responses['200']?.content?.['application/json']?.schema;
        if (schema && !schema.type && !schema.anyOf && !schema.oneOf && !schema.allOf && !schema.$ref) empty.push(`${method.toUpperCase()} ${p}`);
      }
    }
    expect(empty).toEqual([]);
  });
});

describe('MINIAPP_ROUTES (every deep link the API makes)', () => {
  const pages = declaredPages(fs.readFileSync(path.join(ROOT, 'miniapp/src/app.config.ts'), 'utf8'));

  it('when app.config.ts is read, then its main pages and subpackage pages are found', () => {
    expect(pages.has('pages/home/index')).toBe(true);
    expect(pages.has('packages/booking/pages/detail/index')).toBe(true);
  });
  it('when each route is looked up, then it names a page declared in miniapp/src/app.config.ts', () => {
    const missing = Object.entries(MINIAPP_ROUTES)
      .filter(([, page]) => !pages.has(page))
      .map(([name, page]) => `${name}: ${page}`);
    expect(missing).toEqual([]);
  });
});

describe('API sources', () => {
  it('when searched, then no file hard-codes a mini-app page path (links are built with miniappPath/h5Path)', () => {
    const page = /(['"`]|#\/)\/?(pages|packages)\/[A-Za-z0-9_/-]+\/index\b/;
    const offenders = sourceFiles(path.join(ROOT, 'api/src')).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => page.test(line))
        .map(({ at, line }) => `${at}  ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
  it('when the pattern is tried on a known bad line, then it is caught (the search itself works)', () => {
    const page = /(['"`]|#\/)\/?(pages|packages)\/[A-Za-z0-9_/-]+\/index\b/;
    expect(page.test("page: 'pages/booking-detail/index?id=1'")).toBe(true);
    expect(page.test('res.redirect(302, `/#/packages/survey/pages/answer/index?id=${id}`)')).toBe(true);
    expect(page.test("page: miniappPath('bookingDetail', { id })")).toBe(false);
  });
});
