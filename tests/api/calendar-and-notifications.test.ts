import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { Types } from 'mongoose';
import type { TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInStaff, signInCitizen, type Tree } from '../support/factories';
import { ZCalendarDays, ZCalendarRule, ZCalendarRules } from '@bianmin/shared';
import { deliverDue, enqueue, wechatSender, type NotificationSender } from '../../api/src/modules/notifications';
import { Identity } from '../../api/src/modules/auth/auth.model';
import { createPii } from '../../api/src/security/pii';

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let town2Admin: TTokens;

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, town2Admin] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
  ]);
});
afterAll(() => t.close());

describe('working calendar API', () => {
  it('when the range is bad, then 400 naming the field', async () => {
    const a = await request(t.app).get(`/api/calendar?centerId=${tree.town}&from=2026-13-01&to=2026-12-31`).expect(400);
    expect(a.body.error.details[0].field).toBe('query.from');
    const b = await request(t.app).get(`/api/calendar?centerId=${tree.town}&from=2026-12-31&to=2026-01-01`).expect(400);
    expect(b.body.error.details[0].field).toBe('query.to');
  });
  it('shows 调休 and holidays: 2026-10-10 (Sat) open, 2026-10-01 closed with its name', async () => {
    const res = await request(t.app).get(`/api/calendar?centerId=${tree.town}&from=2026-10-01&to=2026-10-10`).expect(200);
    const byDate = Object.fromEntries(res.body.items.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-10-01']).toMatchObject({ open: false, reason: 'holiday', name: '国庆节' });
    expect(byDate['2026-10-10']).toMatchObject({ open: true, reason: 'makeup', hours: ['08:30-12:00', '13:00-17:30'] });
  });
  it('when a town admin enters a national rule, then 403; a county admin enters next year’s schedule without a release', async () => {
    const rule = { scope: 'national', date: '2027-10-01', kind: 'holiday', name: '国庆节' };
    await request(t.app).put('/api/admin/calendar/days').set(bearer(townAdmin)).send(rule).expect(403);
    await request(t.app).put('/api/admin/calendar/days').set(bearer(countyAdmin)).send(rule).expect(200);
    await request(t.app).put('/api/admin/calendar/days').set(bearer(countyAdmin)).send({ scope: 'national', date: '2027-10-09', kind: 'workday', name: '国庆节调休上班' }).expect(200);
    const res = await request(t.app).get(`/api/calendar?centerId=${tree.town2}&from=2027-10-01&to=2027-10-09`).expect(200);
    expect(res.body.items[0]).toMatchObject({ date: '2027-10-01', open: false, name: '国庆节' });
    expect(res.body.items[8]).toMatchObject({ date: '2027-10-09', open: true, reason: 'makeup' });
    const changes = await t.db.collection('calendarchanges').countDocuments({ scope: 'national' });
    expect(changes).toBe(2);
  });
  it('when a center closes a day or adds extended hours, then only that center changes; other towns’ admins are refused', async () => {
    await request(t.app).put('/api/admin/calendar/days').set(bearer(town2Admin)).send({ scope: tree.town, date: '2026-12-02', kind: 'closed' }).expect(403);
    const bad = await request(t.app).put('/api/admin/calendar/days').set(bearer(townAdmin)).send({ scope: tree.town, date: '2026-12-02', kind: 'holiday' }).expect(400);
    expect(bad.body.error.details[0].field).toBe('kind');
    const put = await request(t.app).put('/api/admin/calendar/days').set(bearer(townAdmin)).send({ scope: tree.town, date: '2026-12-02', kind: 'closed', name: '系统升级' }).expect(200);
    expect(ZCalendarRule.parse(put.body)).toEqual({ scope: tree.town, date: '2026-12-02', kind: 'closed', name: '系统升级', hours: [] });
    ZCalendarRules.parse((await request(t.app).get(`/api/admin/calendar/days?scope=${tree.town}&year=2026`).set(bearer(townAdmin)).expect(200)).body);
    await request(t.app)
      .put('/api/admin/calendar/days')
      .set(bearer(townAdmin))
      .send({ scope: tree.town, date: '2026-12-03', kind: 'open', name: '延时服务', hours: [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '20:00' }] })
      .expect(200);
    const town = await request(t.app).get(`/api/calendar?centerId=${tree.town}&from=2026-12-02&to=2026-12-03`).expect(200);
    expect(town.body.items[0]).toMatchObject({ open: false, reason: 'closed', name: '系统升级' });
    expect(town.body.items[1].hours).toEqual(['08:30-12:00', '13:00-20:00']);
    const town2 = await request(t.app).get(`/api/calendar?centerId=${tree.town2}&from=2026-12-02&to=2026-12-02`).expect(200);
    expect(town2.body.items[0].open).toBe(true);
    await request(t.app).delete(`/api/admin/calendar/days?scope=${tree.town}&date=2026-12-02`).set(bearer(townAdmin)).expect(204);
    await request(t.app).delete(`/api/admin/calendar/days?scope=${tree.town}&date=2026-12-02`).set(bearer(townAdmin)).expect(404);
  });
});

describe('weekly hours', () => {
  it('sets a center’s week (Saturday morning open, Friday afternoon closed) and the calendar follows', async () => {
    const bad = await request(t.app).put(`/api/admin/calendar/weekly/${tree.town2}`).set(bearer(town2Admin)).send({ weekly: { '1': [{ start: '12:00', end: '08:00' }] } }).expect(400);
    expect(bad.body.error.details[0].field).toBe('weekly.1.0.end');
    await request(t.app).put(`/api/admin/calendar/weekly/${tree.town2}`).set(bearer(townAdmin)).send({ weekly: {} }).expect(403);
    const week = { '1': [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }], '5': [{ start: '08:30', end: '12:00' }], '6': [{ start: '09:00', end: '12:00' }] };
    await request(t.app).put(`/api/admin/calendar/weekly/${tree.town2}`).set(bearer(town2Admin)).send({ weekly: week }).expect(200);
    // 2026-12-04 is a Friday, 12-05 a Saturday, 12-02 a Wednesday (not in the week: closed).
    const res = await request(t.app).get(`/api/calendar?centerId=${tree.town2}&from=2026-12-02&to=2026-12-05`).expect(200);
    const byDate = Object.fromEntries(res.body.items.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-12-02'].open).toBe(false);
    expect(byDate['2026-12-04'].hours).toEqual(['08:30-12:00']);
    expect(byDate['2026-12-05']).toMatchObject({ open: true, hours: ['09:00-12:00'] });
    // The week is the center's hours.weekly setting: the settings show it, and only this center overrides it.
    const view = await request(t.app).get(`/api/admin/centers/${tree.town2}/settings`).set(bearer(town2Admin)).expect(200);
    expect(view.body.settings.hours.weekly).toEqual(week);
    expect(view.body.sources['hours.weekly']).toMatchObject({ centerId: tree.town2 });
    ZCalendarDays.parse(res.body);
  });
  it('when the county sets the week in its settings, then towns without their own week follow it', async () => {
    const saturdays = { '6': [{ start: '09:00', end: '11:00' }] };
    await request(t.app).put(`/api/admin/centers/${tree.county}/settings`).set(bearer(countyAdmin)).send({ hours: { weekly: saturdays } }).expect(200);
    const res = await request(t.app).get(`/api/calendar?centerId=${tree.town}&from=2026-12-04&to=2026-12-05`).expect(200);
    expect(res.body.items.map((d: { open: boolean }) => d.open)).toEqual([false, true]);
    expect(res.body.items[1].hours).toEqual(['09:00-11:00']);
    await request(t.app).put(`/api/admin/centers/${tree.county}/settings`).set(bearer(countyAdmin)).send({ hours: { weekly: null } }).expect(200);
  });
});

describe('notification outbox', () => {
  const userId = new Types.ObjectId();
  it('when the same event is enqueued twice, then it is stored once', async () => {
    await enqueue('test-event:1', { userId, kind: 'booking_confirmed', title: '预约成功', body: 'x' });
    await enqueue('test-event:1', { userId, kind: 'booking_confirmed', title: '预约成功', body: 'x' });
    expect(await t.db.collection('outboxes').countDocuments({ _id: 'test-event:1' as never })).toBe(1);
  });
  it('when the sender fails, then it retries with backoff and sends exactly once when it recovers', async () => {
    await enqueue('test-event:2', { userId, kind: 'booking_reminder', title: '明天请来办理', body: 'y' });
    const calls: string[] = [];
    let fail = true;
    const flaky: NotificationSender = {
      async send(n) {
        calls.push(n.id);
        if (fail) throw new Error('gateway down');
        return 'sent';
      },
    };
    const t0 = new Date();
    await deliverDue(flaky, t0);
    const after1 = await t.db.collection('outboxes').findOne({ _id: 'test-event:2' as never });
    expect(after1).toMatchObject({ status: 'pending', attempts: 1, lastError: 'gateway down' });
    await deliverDue(flaky, new Date(t0.getTime() + 30_000));
    expect(calls.filter((c) => c === 'test-event:2')).toHaveLength(1);
    fail = false;
    await Promise.all([deliverDue(flaky, new Date(t0.getTime() + 61_000)), deliverDue(flaky, new Date(t0.getTime() + 61_000))]);
    expect(calls.filter((c) => c === 'test-event:2')).toHaveLength(2);
    expect(await t.db.collection('outboxes').findOne({ _id: 'test-event:2' as never })).toMatchObject({ status: 'sent', attempts: 2 });
    await deliverDue(flaky, new Date(t0.getTime() + 3_600_000));
    expect(calls.filter((c) => c === 'test-event:2')).toHaveLength(2);
  });
  it('when ten workers deliver the same batch at once, then each message goes out once', async () => {
    for (let i = 0; i < 10; i++) await enqueue(`test-batch:${i}`, { userId, kind: 'booking_confirmed', title: 't', body: 'b' });
    const sent: string[] = [];
    const sender: NotificationSender = { send: async (n) => (sent.push(n.id), 'sent') };
    await Promise.all(Array.from({ length: 10 }, () => deliverDue(sender)));
    const batch = sent.filter((s) => s.startsWith('test-batch:'));
    expect(batch.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `test-batch:${i}`).sort());
  });
  it('sends WeChat subscription messages to the user’s openid through the token API (local stand-in)', async () => {
    const hits: { path: string; body?: unknown }[] = [];
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x');
        hits.push({ path: url.pathname, ...(data ? { body: JSON.parse(data) } : {}) });
        res.setHeader('content-type', 'application/json');
        if (url.pathname === '/cgi-bin/token') return res.end(JSON.stringify({ access_token: 'AT', expires_in: 7200 }));
        if (url.searchParams.get('access_token') !== 'AT') return res.end(JSON.stringify({ errcode: 40001 }));
        res.end(JSON.stringify({ errcode: 0 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const sender = wechatSender({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, appid: 'wx1', secret: 's', templateId: 'TPL' });
    const withWechat = new Types.ObjectId();
    await Identity.create({ _id: 'wechat:openid-42', userId: withWechat });
    expect(await sender.send({ id: 'a', userId: String(withWechat), kind: 'booking_confirmed', title: '预约成功：生育登记', body: '预约码 ABCD2345', page: 'pages/x' })).toBe('sent');
    expect(await sender.send({ id: 'b', userId: String(withWechat), kind: 'booking_confirmed', title: '再次', body: 'b', page: '' })).toBe('sent');
    expect(await sender.send({ id: 'c', userId: String(new Types.ObjectId()), kind: 'booking_confirmed', title: '无微信', body: 'c', page: '' })).toBe('skipped');
    expect(hits.filter((h) => h.path === '/cgi-bin/token')).toHaveLength(1);
    const msg = hits.find((h) => h.path === '/cgi-bin/message/subscribe/send')!.body as { touser: string; template_id: string };
    expect(msg).toMatchObject({ touser: 'openid-42', template_id: 'TPL' });
    await new Promise((r) => server.close(r));
  });
});

describe('personal information', () => {
  it('encrypts ID numbers so that each sealing differs, opens them again, and hashes them stably for lookups', () => {
    const pii = createPii(Buffer.alloc(32, 7).toString('base64'));
    const a = pii.encrypt('110101194503070023');
    const b = pii.encrypt('110101194503070023');
    expect(a).not.toBe(b);
    expect(pii.decrypt(a)).toBe('110101194503070023');
    expect(pii.lookupHash('110101194503070023')).toBe(pii.lookupHash('110101194503070023'));
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA');
    expect(() => pii.decrypt(tampered)).toThrow();
  });
  it('never writes a phone number or SMS code to the log', async () => {
    const lines: string[] = [];
    const pino = (await import('pino')).default;
    const log = pino({ redact: { paths: (await import('../../api/src/logger')).REDACT_PATHS, censor: '[redacted]' } }, { write: (s: string) => lines.push(s) });
    log.info({ body: { phone: '13812345678', code: '123456' }, user: { idNumber: '110101194503070023' } }, 'x');
    expect(lines.join('')).not.toMatch(/13812345678|110101194503070023|123456/);
    expect(lines.join('')).toContain('[redacted]');
    const c = await signInCitizen(t);
    expect(c.user.phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});
