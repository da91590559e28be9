import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-'));
  fs.mkdirSync(path.join(dir, 'js'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>便民服务</title><div id="app"></div>');
  fs.writeFileSync(path.join(dir, 'js', 'app.2f54d44a.js'), `console.log(${JSON.stringify('x'.repeat(20_000))});`);
  t = await startTestApp({ env: { H5_DIR: dir } });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the H5 app at /', () => {
  it('serves index.html revalidating, and client routes fall back to it', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('便民服务');
    expect(res.headers['cache-control']).toBe('no-cache');
    const deep = await request(t.app).get('/pages/item/index').set('Accept', 'text/html').expect(200);
    expect(deep.text).toContain('便民服务');
  });
  it('serves content-hashed bundles compressed and cached for a year', async () => {
    const res = await request(t.app).get('/js/app.2f54d44a.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
  it('keeps unknown API paths as JSON 404s, and sets no upgrade-insecure-requests (village intranets use http)', async () => {
    const res = await request(t.app).get('/api/no-such').set('Accept', 'text/html').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const page = await request(t.app).get('/');
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});
