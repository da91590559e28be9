import request from 'supertest';
import { Types } from 'mongoose';
import { DEFAULT_CENTER_SETTINGS, ZCenterSettingsView, type TCenterSettingsView, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInStaff, type Tree } from '../support/factories';
import { runMigrations } from '../../api/src/migrations';
import { settingsFor } from '../../api/src/modules/centers';

/** 中心设置: one typed document per center, resolved county → town → village, written field by field. */

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let town2Admin: TTokens;
let townStaff: TTokens;

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, town2Admin, townStaff] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'staff', tree.town),
  ]);
});
afterAll(() => t.close());

const url = (centerId: string) => `/api/admin/centers/${centerId}/settings`;
const stored = async (centerId: string) => (await t.db.collection('centers').findOne({ _id: new Types.ObjectId(centerId) }))!;
const read = async (who: TTokens, centerId: string): Promise<TCenterSettingsView> =>
  ZCenterSettingsView.parse((await request(t.app).get(url(centerId)).set(bearer(who)).expect(200)).body);
const write = (who: TTokens, centerId: string, patch: unknown) => request(t.app).put(url(centerId)).set(bearer(who)).send(patch as object);
const from = (centerId: string, centerName: string) => ({ centerId, centerName });

describe('GET/PUT /api/admin/centers/:id/settings (refusals)', () => {
  it('when not signed in, then 401', async () => {
    await request(t.app).get(url(tree.town)).expect(401);
    await request(t.app).put(url(tree.town)).send({ booking: { horizonDays: 10 } }).expect(401);
  });
  it('when the caller is staff, not admin, then 403', async () => {
    await request(t.app).get(url(tree.town)).set(bearer(townStaff)).expect(403);
    await write(townStaff, tree.town, { booking: { horizonDays: 10 } }).expect(403);
  });
  it('when a town admin reads or writes the county above it or another town, then 403 and nothing is stored', async () => {
    const before = [await stored(tree.county), await stored(tree.town2)];
    await request(t.app).get(url(tree.county)).set(bearer(townAdmin)).expect(403);
    await request(t.app).get(url(tree.town2)).set(bearer(townAdmin)).expect(403);
    await write(townAdmin, tree.county, { booking: { horizonDays: 10 } }).expect(403);
    await write(townAdmin, tree.town2, { booking: { horizonDays: 10 } }).expect(403);
    expect([await stored(tree.county), await stored(tree.town2)]).toEqual(before);
  });
  it('when the id is malformed, then 400 naming params.id; when unknown, then 404', async () => {
    const bad = await request(t.app).get(url('nope')).set(bearer(countyAdmin)).expect(400);
    expect(bad.body.error.details[0].field).toBe('params.id');
    await request(t.app).get(url('64b000000000000000000000')).set(bearer(countyAdmin)).expect(404);
    await write(countyAdmin, '64b000000000000000000000', { booking: { horizonDays: 10 } }).expect(404);
  });
  it('when a field is unknown, then 400 naming where, and nothing is stored', async () => {
    const before = await stored(tree.town);
    const a = await write(townAdmin, tree.town, { booking: { horizonDays: 10, colour: 'red' } }).expect(400);
    expect(a.body.error.details[0]).toEqual({ field: 'booking.colour', message: '不允许的字段' });
    const b = await write(townAdmin, tree.town, { parking: { spaces: 3 } }).expect(400);
    expect(b.body.error.details[0]).toEqual({ field: 'parking', message: '不允许的字段' });
    expect(await stored(tree.town)).toEqual(before);
  });
  it('when a value has the wrong type or is out of range, then 400 naming the field, and the message shows no key', async () => {
    const a = await write(townAdmin, tree.town, { booking: { horizonDays: 'ten' } }).expect(400);
    expect(a.body.error.details[0].field).toBe('booking.horizonDays');
    expect(a.body.error.message).not.toMatch(/horizonDays|booking/);
    const b = await write(townAdmin, tree.town, { queue: { receptionLapseMinutes: 1 } }).expect(400);
    expect(b.body.error.details[0].field).toBe('queue.receptionLapseMinutes');
    expect(b.body.error.message).toBe('接待超时分钟数：不能小于5');
    const c = await write(townAdmin, tree.town, { hours: { weekly: { '8': [] } } }).expect(400);
    expect(c.body.error.details[0].field).toMatch(/^hours\.weekly/);
    const d = await write(townAdmin, tree.town, { hours: { weekly: { '1': [{ start: '12:00', end: '08:30' }] } } }).expect(400);
    expect(d.body.error.details[0].field).toBe('hours.weekly.1.0.end');
  });
  it('when the body carries $ keys, then 400 and nothing reaches the database', async () => {
    const before = await stored(tree.town);
    const a = await write(townAdmin, tree.town, { $set: { 'settings.booking.horizonDays': 1 } }).expect(400);
    expect(a.body.error.details[0]).toEqual({ field: '$set', message: '不允许的字段' });
    const b = await write(townAdmin, tree.town, { booking: { $inc: { horizonDays: 1 } } }).expect(400);
    expect(b.body.error.details[0].field).toBe('booking.$inc');
    expect(await stored(tree.town)).toEqual(before);
  });
  it('when chain limits are written on a town, then 400 naming chain (they are county-wide)', async () => {
    const res = await write(townAdmin, tree.town, { chain: { three: { dept: 9 } } }).expect(400);
    expect(res.body.error.details[0].field).toBe('chain');
    expect(res.body.error.message).not.toMatch(/chain/);
    expect((await stored(tree.town)).settings?.chain).toBeUndefined();
  });
  it('when the rectify limit would be shorter than the contact limit, then 400 naming evaluation.rectifyDays', async () => {
    const a = await write(townAdmin, tree.town, { evaluation: { contactDays: 3, rectifyDays: 2 } }).expect(400);
    expect(a.body.error.details).toEqual([{ field: 'evaluation.rectifyDays', message: '整改时限不能短于回访时限' }]);
    expect(a.body.error.message).toBe('整改时限不能短于回访时限');
    // Also when the conflict comes from an inherited value: the county's 4-day contact limit above a 3-day rectify.
    await write(countyAdmin, tree.county, { evaluation: { contactDays: 4 } }).expect(200);
    await write(townAdmin, tree.town, { evaluation: { rectifyDays: 3 } }).expect(400);
    await write(countyAdmin, tree.county, { evaluation: { contactDays: null } }).expect(200);
    expect((await stored(tree.town)).settings?.evaluation).toBeUndefined();
  });
});

describe('settings inherited county → town → village', () => {
  it('when nothing is overridden, then the defaults, each marked as default', async () => {
    const v = await read(town2Admin, tree.town2);
    expect(v.settings).toEqual(DEFAULT_CENTER_SETTINGS);
    expect(v.own).toEqual({});
    expect(new Set(Object.values(v.sources))).toEqual(new Set(['default']));
    expect(v.sources['booking.horizonDays']).toBe('default');
    expect(v.sources['hours.weekly']).toBe('default');
    expect(v.sources['chain.three.dept']).toBe('default');
  });
  it('when the county and the town override, then the village sees the nearest value and where it came from', async () => {
    const county = await write(countyAdmin, tree.county, { booking: { horizonDays: 30 }, evaluation: { contactDays: 2 }, chain: { three: { dept: 9 } } }).expect(200);
    expect(county.body.own).toEqual({ booking: { horizonDays: 30 }, evaluation: { contactDays: 2 }, chain: { three: { dept: 9 } } });
    await write(townAdmin, tree.town, { booking: { horizonDays: 21 }, queue: { receptionLapseMinutes: 45 } }).expect(200);

    const v = await read(townAdmin, tree.village);
    expect(v.own).toEqual({});
    expect(v.settings.booking).toEqual({ ...DEFAULT_CENTER_SETTINGS.booking, horizonDays: 21 });
    expect(v.settings.evaluation.contactDays).toBe(2);
    expect(v.settings.chain.three).toEqual({ ...DEFAULT_CENTER_SETTINGS.chain.three, dept: 9 });
    expect(v.settings.queue.receptionLapseMinutes).toBe(45);
    expect(v.sources).toMatchObject({
      'booking.horizonDays': from(tree.town, '甲镇便民服务中心'),
      'booking.minNoticeMinutes': 'default',
      'evaluation.contactDays': from(tree.county, '测试县政务服务中心'),
      'evaluation.rectifyDays': 'default',
      'chain.three.dept': from(tree.county, '测试县政务服务中心'),
      'chain.three.back': 'default',
      'queue.receptionLapseMinutes': from(tree.town, '甲镇便民服务中心'),
    });
    // The other town inherits the county's values, not the first town's.
    const other = await read(countyAdmin, tree.town2);
    expect(other.settings.booking.horizonDays).toBe(30);
    expect(other.sources['booking.horizonDays']).toEqual(from(tree.county, '测试县政务服务中心'));
    expect(other.settings.queue.receptionLapseMinutes).toBe(30);
    // What every module reads is the same resolution.
    expect(await settingsFor(tree.village)).toEqual(v.settings);
  });
  it('when a village sets its week, then the week is replaced whole and stored typed', async () => {
    const week = { '2': [{ start: '09:00', end: '11:30' }], '6': [{ start: '08:30', end: '12:00' }] };
    const res = await write(townAdmin, tree.village, { hours: { weekly: week } }).expect(200);
    expect(res.body.settings.hours.weekly).toEqual(week);
    expect(res.body.sources['hours.weekly']).toEqual(from(tree.village, '东村代办点'));
    expect((await stored(tree.village)).settings.hours.weekly).toEqual(week);
    expect((await stored(tree.village)).settingsRev).toBe(1);
  });
  it('when an override is set to null, then the value is inherited again and the stored override is gone', async () => {
    const res = await write(townAdmin, tree.town, { booking: { horizonDays: null } }).expect(200);
    expect(res.body.own).toEqual({ queue: { receptionLapseMinutes: 45 } });
    expect((await stored(tree.town)).settings.booking?.horizonDays).toBeUndefined();
    const v = await read(townAdmin, tree.village);
    expect(v.settings.booking.horizonDays).toBe(30);
    expect(v.sources['booking.horizonDays']).toEqual(from(tree.county, '测试县政务服务中心'));

    await write(townAdmin, tree.village, { hours: { weekly: null } }).expect(200);
    const after = await read(townAdmin, tree.village);
    expect(after.settings.hours.weekly).toEqual(DEFAULT_CENTER_SETTINGS.hours.weekly);
    expect(after.sources['hours.weekly']).toBe('default');
    expect(after.own).toEqual({});
  });
});

describe('legacy center settings (start-up migration)', () => {
  it('when old fields are found, then they become typed settings, the old fields go, and a second run changes nothing', async () => {
    const id = new Types.ObjectId();
    const typedAlready = new Types.ObjectId();
    const now = new Date();
    const base = { level: 'county', parentId: null, ancestors: [], address: '', phone: '', hours: '', settingsRev: 0, createdAt: now, updatedAt: now };
    await t.db.collection('centers').insertMany([
      {
        ...base,
        _id: id,
        code: `OLD-${id}`,
        name: '旧数据县中心',
        // The legacy shapes: minutes since midnight, a chainDays blob, two rule blobs.
        weekly: { '1': [{ start: 510, end: 720 }, { start: 780, end: 1050 }], '6': [{ start: 540, end: 690 }] },
        chainDays: { three: { 'village-to-town': 4, dept: 8 }, two: { dept: 6 } },
        evaluationRules: { contactDays: 2, rectifyDays: 6 },
        bookingRules: { horizonDays: 10, maxActivePerPerson: 2 },
      },
      {
        ...base,
        _id: typedAlready,
        code: `OLD2-${typedAlready}`,
        name: '已迁移县中心',
        settings: { booking: { horizonDays: 20 } },
        bookingRules: { horizonDays: 10 },
      },
    ]);

    const logged: { centers?: number }[] = [];
    const log = { info: (o: object) => logged.push(o as { centers?: number }) };
    await runMigrations(log);
    expect(logged).toEqual([{ centers: 2 }]);
    const first = await stored(String(id));
    await runMigrations(log);
    expect(logged).toHaveLength(1);
    const second = await stored(String(id));
    expect(second).toEqual(first);

    for (const legacy of ['weekly', 'chainDays', 'evaluationRules', 'bookingRules']) expect(second).not.toHaveProperty(legacy);
    expect(second.settings).toEqual({
      hours: {
        weekly: {
          '1': [
            { start: '08:30', end: '12:00' },
            { start: '13:00', end: '17:30' },
          ],
          '6': [{ start: '09:00', end: '11:30' }],
        },
      },
      chain: { three: { 'village-to-town': 4, dept: 8 }, two: { dept: 6 } },
      evaluation: { contactDays: 2, rectifyDays: 6 },
      booking: { horizonDays: 10, maxActivePerPerson: 2 },
    });
    // A value already typed wins over the legacy one.
    const other = await stored(String(typedAlready));
    expect(other.settings).toEqual({ booking: { horizonDays: 20 } });
    expect(other).not.toHaveProperty('bookingRules');

    // And the API reads the migrated center like any other.
    const admin = await signInStaff(t, 'admin', String(id));
    const v = await read(admin, String(id));
    expect(v.settings.booking).toEqual({ ...DEFAULT_CENTER_SETTINGS.booking, horizonDays: 10, maxActivePerPerson: 2 });
    expect(v.settings.chain.three).toEqual({ ...DEFAULT_CENTER_SETTINGS.chain.three, 'village-to-town': 4, dept: 8 });
    expect(v.sources['evaluation.rectifyDays']).toEqual(from(String(id), '旧数据县中心'));
    expect(v.sources['hours.weekly']).toEqual(from(String(id), '旧数据县中心'));
  });
});
