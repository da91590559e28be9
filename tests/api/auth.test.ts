import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import jwt from 'jsonwebtoken';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { wechatClient } from '../../api/src/modules/auth';
import { loadConfig } from '../../api/src/config';

let t: TestApp;
let tree: Tree;
let wechatStandIn: http.Server;
let wechatCalls: URLSearchParams[] = [];

beforeAll(async () => {
  // A local stand-in for api.weixin.qq.com's jscode2session.
  wechatStandIn = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    wechatCalls.push(url.searchParams);
    res.setHeader('content-type', 'application/json');
    if (url.pathname !== '/sns/jscode2session') return res.end(JSON.stringify({ errcode: 404 }));
    const code = url.searchParams.get('js_code');
    if (code === 'bad-code') return res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
    res.end(JSON.stringify({ openid: `openid-${code}`, session_key: 'sk' }));
  });
  await new Promise<void>((r) => wechatStandIn.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(wechatStandIn.address() as AddressInfo).port}`;
  t = await startTestApp({ wechat: wechatClient({ baseUrl: base, appid: 'wx-test-appid', secret: 'wx-test-secret' }) });
  tree = await seedTree();
});
afterAll(async () => {
  await t.close();
  await new Promise((r) => wechatStandIn.close(r));
});

const users = () => t.db.collection('users');

describe('GET /api/me', () => {
  it('when no token is sent, then 401 UNAUTHENTICATED', async () => {
    const res = await request(t.app).get('/api/me').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect(res.body.error.message).toMatch(/登录/);
  });
  it('when the token is signed with another secret, then 401', async () => {
    const forged = jwt.sign({ role: 'admin' }, 'another-secret-another-secret', { subject: '64b000000000000000000000' });
    await request(t.app).get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });
  it('when the token has expired, then 401 TOKEN_EXPIRED so the client knows to refresh', async () => {
    const expired = jwt.sign({ role: 'citizen', exp: Math.floor(Date.now() / 1000) - 10 }, t.config.JWT_SECRET, { subject: '64b000000000000000000000' });
    const res = await request(t.app).get('/api/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
  });
  it('when the scheme is not Bearer, then 401', async () => {
    await request(t.app).get('/api/me').set('Authorization', 'Basic abc').expect(401);
  });
});

describe('POST /api/auth/sms/send and /verify', () => {
  it('when the phone is malformed, then 400 naming phone and nothing is stored', async () => {
    const res = await request(t.app).post('/api/auth/sms/send').send({ phone: '12345' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details[0]).toEqual({ field: 'phone', message: '手机号格式不正确' });
    // The message is for people: no field key in it (the field is in details).
    expect(res.body.error.message).toBe('手机号格式不正确');
    expect(await t.db.collection('smscodes').countDocuments()).toBe(0);
  });
  it('when a field is missing, then the message names it in Chinese and details keep the key', async () => {
    const res = await request(t.app).post('/api/auth/password').send({ username: 'someone' }).expect(400);
    expect(res.body.error.message).toBe('密码：必填');
    expect(res.body.error.details).toEqual([{ field: 'password', message: '必填' }]);
  });
  it('when several fields are wrong, then the message tells the first and how many more', async () => {
    const res = await request(t.app).post('/api/auth/password').send({ username: 1, password: 2 }).expect(400);
    expect(res.body.error.message).toBe('用户名：类型不正确，应为文本（另有1处需要修改）');
    expect(res.body.error.message).not.toMatch(/[a-z]+:/);
  });
  it('when the body has unknown fields, then 400 naming them in details, not in the message', async () => {
    const res = await request(t.app).post('/api/auth/sms/send').send({ phone: '13800000000', role: 'admin' }).expect(400);
    expect(res.body.error.details).toEqual([{ field: 'role', message: '不允许的字段' }]);
    expect(res.body.error.message).not.toMatch(/role/);
  });
  it('when the body carries a $ operator, then 400 and nothing is matched', async () => {
    const res = await request(t.app).post('/api/auth/sms/verify').send({ phone: { $ne: '' }, code: '000000' }).expect(400);
    expect(res.body.error.details[0].field).toBe('phone');
  });
  it('when the JSON is broken, then 400 naming the body', async () => {
    const res = await request(t.app).post('/api/auth/sms/send').set('content-type', 'application/json').send('{"phone":').expect(400);
    expect(res.body.error.details[0].field).toBe('body');
  });
  it('when the body is huge, then 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(t.app).post('/api/auth/sms/send').send({ phone: 'x'.repeat(200_000) }).expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
  it('when a second code is asked within the minute, then 429 and only one code exists', async () => {
    await request(t.app).post('/api/auth/sms/send').send({ phone: '13700000001' }).expect(200);
    const res = await request(t.app).post('/api/auth/sms/send').send({ phone: '13700000001' }).expect(429);
    expect(res.body.error.retryAfter).toBe(60);
    expect(await t.db.collection('smscodes').countDocuments({ phone: '13700000001' })).toBe(1);
  });
  it('when the code is wrong, then 400 CODE_INVALID and no account is created', async () => {
    await request(t.app).post('/api/auth/sms/send').send({ phone: '13700000002' }).expect(200);
    const real = t.sms.sent.find((s) => s.phone === '13700000002')!.code;
    const wrong = real === '000000' ? '000001' : '000000';
    const res = await request(t.app).post('/api/auth/sms/verify').send({ phone: '13700000002', code: wrong }).expect(400);
    expect(res.body.error.code).toBe('CODE_INVALID');
    expect(await users().countDocuments({ phone: '13700000002' })).toBe(0);
  });
  it('when five wrong codes were tried, then even the right code is refused (423) for a while', async () => {
    const phone = '13700000003';
    await request(t.app).post('/api/auth/sms/send').send({ phone }).expect(200);
    const real = t.sms.sent.find((s) => s.phone === phone)!.code;
    const wrong = real === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) await request(t.app).post('/api/auth/sms/verify').send({ phone, code: wrong }).expect(400);
    const res = await request(t.app).post('/api/auth/sms/verify').send({ phone, code: real }).expect(423);
    expect(res.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(res.body.error.retryAfter).toBeGreaterThan(0);
  });
  it('when the right code is given, then a citizen account exists and the phone comes back masked only', async () => {
    const tokens = await signInCitizen(t, '13700000004');
    expect(tokens.user.role).toBe('citizen');
    expect(tokens.user.phoneMasked).toBe('137****0004');
    expect(JSON.stringify(tokens)).not.toContain('13700000004');
    const me = await request(t.app).get('/api/me').set(bearer(tokens)).expect(200);
    expect(me.body).toEqual(tokens.user);
    expect(await users().countDocuments({ phone: '13700000004' })).toBe(1);
  });
  it('when a code is used twice, then the second use is refused', async () => {
    const phone = '13700000005';
    await request(t.app).post('/api/auth/sms/send').send({ phone }).expect(200);
    const code = t.sms.sent.find((s) => s.phone === phone)!.code;
    await request(t.app).post('/api/auth/sms/verify').send({ phone, code }).expect(200);
    await request(t.app).post('/api/auth/sms/verify').send({ phone, code }).expect(400);
  });
  it('when the same phone signs in again, then it is the same account', async () => {
    const a = await signInCitizen(t, '13700000006');
    await t.db.collection('smscodes').deleteMany({ phone: '13700000006' });
    const b = await signInCitizen(t, '13700000006');
    expect(b.user.id).toBe(a.user.id);
  });
});

describe('POST /api/auth/password', () => {
  it('when the password is wrong, then 401 without saying whether the user exists', async () => {
    await signInStaff(t, 'staff', tree.town);
    const unknown = await request(t.app).post('/api/auth/password').send({ username: 'nobody', password: 'x' }).expect(401);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
  });
  it('when five failures in a row, then the account locks (423) even for the right password', async () => {
    await t.auth.createStaffAccount({ username: 'lockme', password: 'Right#123', name: '锁定测试', role: 'staff', centerId: tree.town });
    for (let i = 0; i < 5; i++) {
      await request(t.app).post('/api/auth/password').send({ username: 'lockme', password: 'wrong' }).expect(401);
    }
    const res = await request(t.app).post('/api/auth/password').send({ username: 'lockme', password: 'Right#123' }).expect(423);
    expect(res.body.error.code).toBe('ACCOUNT_LOCKED');
  });
  it('when the right password is given, then tokens name the role and center', async () => {
    const tokens = await signInStaff(t, 'admin', tree.town);
    expect(tokens.user).toMatchObject({ role: 'admin', centerId: tree.town, centerName: '甲镇便民服务中心' });
    const claims = jwt.decode(tokens.accessToken) as { role: string; cid: string };
    expect(claims).toMatchObject({ role: 'admin', cid: tree.town });
  });
});

describe('keys (issue 12: no known secrets)', () => {
  it('when a token is signed with the development secret the repository used to carry, then 401', async () => {
    const forged = jwt.sign({ role: 'admin', cid: tree.county }, 'dev-only-secret-change-me-0123456789', { subject: '64b000000000000000000000' });
    await request(t.app).get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });
  it('when no keys are configured, then random ones are generated into the data folder (mode 600) and kept', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    try {
      const a = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
      const file = path.join(dataDir, 'secrets.json');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(a.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
      expect(Buffer.from(a.PII_KEY, 'base64')).toHaveLength(32);
      const b = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
      expect([b.JWT_SECRET, b.PII_KEY]).toEqual([a.JWT_SECRET, a.PII_KEY]);
      const other = loadConfig({ NODE_ENV: 'development', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'keys-')) });
      expect(other.JWT_SECRET).not.toBe(a.JWT_SECRET);
      // Configured keys win.
      expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) }).JWT_SECRET).toBe('x'.repeat(40));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('when production starts without keys, then it refuses', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    const base = { NODE_ENV: 'production', DATA_DIR: dataDir, SMS_SENDER: 'http', SMS_HTTP_URL: 'http://sms.local/' };
    expect(() => loadConfig(base)).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ ...base, JWT_SECRET: 'y'.repeat(40) })).toThrow(/PII_KEY/);
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('lockouts under concurrency (issue 12)', () => {
  it('when 40 wrong SMS codes arrive at once, then at most 5 are evaluated and the rest are refused as locked', async () => {
    const phone = '13700000041';
    await request(t.app).post('/api/auth/sms/send').send({ phone }).expect(200);
    const real = t.sms.sent.filter((s) => s.phone === phone).at(-1)!.code;
    const wrong = real === '000000' ? '000001' : '000000';
    const results = await Promise.all(Array.from({ length: 40 }, () => request(t.app).post('/api/auth/sms/verify').send({ phone, code: wrong })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 423)).toHaveLength(35);
    expect(await t.db.collection('authattempts').countDocuments({ key: `sms:${phone}` })).toBe(5);
    // The right code is refused too until the lock ends.
    await request(t.app).post('/api/auth/sms/verify').send({ phone, code: real }).expect(423);
  });
  it('when 20 wrong passwords arrive at once, then at most 5 are evaluated', async () => {
    await t.auth.createStaffAccount({ username: 'parallel', password: 'Right#123', name: '并发测试', role: 'staff', centerId: tree.town });
    const results = await Promise.all(Array.from({ length: 20 }, () => request(t.app).post('/api/auth/password').send({ username: 'parallel', password: 'wrong' })));
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 423)).toHaveLength(15);
    expect(await t.db.collection('authattempts').countDocuments({ key: 'password:parallel', ok: false })).toBe(5);
    await request(t.app).post('/api/auth/password').send({ username: 'parallel', password: 'Right#123' }).expect(423);
  });
  it('when a success comes between failures, then the count starts again', async () => {
    await t.auth.createStaffAccount({ username: 'resets', password: 'Right#123', name: '重置测试', role: 'staff', centerId: tree.town });
    const attempt = (password: string) => request(t.app).post('/api/auth/password').send({ username: 'resets', password });
    for (let i = 0; i < 4; i++) await attempt('wrong').expect(401);
    await attempt('Right#123').expect(200);
    const again = await Promise.all(Array.from({ length: 8 }, () => attempt('wrong')));
    expect(again.filter((r) => r.status === 401)).toHaveLength(5);
  });
});

describe('POST /api/auth/refresh and /logout', () => {
  it('when a refresh token is used, then a new pair comes back and the old token is spent', async () => {
    const first = await signInCitizen(t);
    const second = await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    await request(t.app).get('/api/me').set('Authorization', `Bearer ${second.body.accessToken}`).expect(200);
  });
  it('when a spent refresh token is presented again, then the whole family is revoked', async () => {
    const first = await signInCitizen(t);
    const second = await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    // The legitimate newer token dies with its family.
    await request(t.app).post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    const family = await t.db.collection('revokedfamilies').findOne({ reason: 'reuse' });
    expect(family).not.toBeNull();
  });
  it('when 20 refreshes race with one token, then exactly one succeeds', async () => {
    const first = await signInCitizen(t);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });
  it('when signed out, then the refresh token no longer works', async () => {
    const tokens = await signInCitizen(t);
    await request(t.app).post('/api/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
    await request(t.app).post('/api/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
  });
  it('when signed out, then the access token of that session is refused at once (not at expiry)', async () => {
    const tokens = await signInCitizen(t);
    expect((jwt.decode(tokens.accessToken) as { sid?: string }).sid).toMatch(/^[0-9a-f]{32}$/);
    await request(t.app).get('/api/me').set(bearer(tokens)).expect(200);
    await request(t.app).post('/api/auth/logout').send({ refreshToken: tokens.refreshToken }).expect(204);
    const res = await request(t.app).get('/api/me').set(bearer(tokens)).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    // Other sessions are untouched.
    const other = await signInCitizen(t);
    await request(t.app).get('/api/me').set(bearer(other)).expect(200);
  });
  it('when a session is revoked by another process, then its access tokens are refused within seconds', async () => {
    const tokens = await signInCitizen(t);
    await request(t.app).get('/api/me').set(bearer(tokens)).expect(200);
    const sid = (jwt.decode(tokens.accessToken) as { sid: string }).sid;
    await t.db.collection('revokedfamilies').insertOne({ _id: sid as never, reason: 'logout', createdAt: new Date() });
    const deadline = Date.now() + 8_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await request(t.app).get('/api/me').set(bearer(tokens))).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
  });
  it('when a spent refresh token is replayed, then the access tokens of the whole family are refused too', async () => {
    const first = await signInCitizen(t);
    const second = (await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    await request(t.app).get('/api/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);
    await request(t.app).post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await request(t.app).get('/api/me').set('Authorization', `Bearer ${second.accessToken}`).expect(401);
  });
  it('when the refresh token is made up, then 401', async () => {
    await request(t.app).post('/api/auth/refresh').send({ refreshToken: 'abcdef0123456789.nope' }).expect(401);
  });
});

describe('POST /api/auth/wechat', () => {
  it('when WeChat rejects the code, then 400 CODE_INVALID and no account', async () => {
    const before = await users().countDocuments();
    const res = await request(t.app).post('/api/auth/wechat').send({ code: 'bad-code' }).expect(400);
    expect(res.body.error.code).toBe('CODE_INVALID');
    expect(await users().countDocuments()).toBe(before);
  });
  it('when the code is good, then jscode2session is called with appid and secret, and the same openid maps to one account', async () => {
    wechatCalls = [];
    const a = await request(t.app).post('/api/auth/wechat').send({ code: 'abc' }).expect(200);
    const b = await request(t.app).post('/api/auth/wechat').send({ code: 'abc' }).expect(200);
    expect(a.body.user.id).toBe(b.body.user.id);
    expect(wechatCalls[0].get('appid')).toBe('wx-test-appid');
    expect(wechatCalls[0].get('secret')).toBe('wx-test-secret');
    expect(wechatCalls[0].get('grant_type')).toBe('authorization_code');
    expect(await t.db.collection('identities').countDocuments({ _id: 'wechat:openid-abc' as never })).toBe(1);
  });
  it('when ten first sign-ins race for one openid, then one account exists', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => request(t.app).post('/api/auth/wechat').send({ code: 'race' })));
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
    const identity = await t.db.collection('identities').findOne({ _id: 'wechat:openid-race' as never });
    expect(await users().countDocuments({ name: '微信用户', _id: identity!.userId })).toBe(1);
  });
});
