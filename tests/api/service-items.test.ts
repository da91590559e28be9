import request from 'supertest';
import { Types } from 'mongoose';
import type { TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import mongoose from 'mongoose';
import { REVISION_CHECK_MS } from '../../api/src/modules/service-items';

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let town2Admin: TTokens;
let townStaff: TTokens;
let pensionId: string;

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, town2Admin, townStaff] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'staff', tree.town),
  ]);
  pensionId = await publishItem(t, townAdmin, tree.town, buildServiceItem({ code: 'RS-YL-001' }));
  await publishItem(t, countyAdmin, tree.county, buildServiceItem({ code: 'MZ-GL-001', name: '高龄津贴申领', category: '养老服务', keywords: ['老年补贴'], department: '县民政局' }));
  await publishItem(t, countyAdmin, tree.county, buildServiceItem({ code: 'WJ-SY-001', name: '生育登记', category: '卫生健康', keywords: ['准生证'], caseType: 'committed', legalLimitDays: 5, committedLimitDays: 3 }));
});
afterAll(() => t.close());

const items = () => t.db.collection('serviceitems');

describe('POST /api/admin/service-items (refusals)', () => {
  it('when not signed in, then 401 and nothing is stored', async () => {
    await request(t.app).post('/api/admin/service-items').send({ centerId: tree.town, item: buildServiceItem() }).expect(401);
  });
  it('when the caller is staff, not admin, then 403', async () => {
    const before = await items().countDocuments();
    await request(t.app).post('/api/admin/service-items').set(bearer(townStaff)).send({ centerId: tree.town, item: buildServiceItem() }).expect(403);
    expect(await items().countDocuments()).toBe(before);
  });
  it('when a town admin writes to the other town, then 403', async () => {
    const before = await items().countDocuments();
    await request(t.app).post('/api/admin/service-items').set(bearer(town2Admin)).send({ centerId: tree.town, item: buildServiceItem() }).expect(403);
    expect(await items().countDocuments()).toBe(before);
  });
  it('when a town admin writes to the county above it, then 403', async () => {
    await request(t.app).post('/api/admin/service-items').set(bearer(townAdmin)).send({ centerId: tree.county, item: buildServiceItem() }).expect(403);
  });
  it('when a field is missing or wrong, then 400 naming each field and nothing is stored', async () => {
    const before = await items().countDocuments();
    const bad = { ...buildServiceItem(), committedLimitDays: 'three', legalBasis: [] } as unknown;
    const res = await request(t.app).post('/api/admin/service-items').set(bearer(townAdmin)).send({ centerId: tree.town, item: bad }).expect(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['item.committedLimitDays', 'item.legalBasis']));
    expect(await items().countDocuments()).toBe(before);
  });
  it('when a conditional material names no question, then 400 naming that material', async () => {
    const item = buildServiceItem();
    item.materials[3] = { ...item.materials[3], whenQuestion: 'no-such-question' };
    const res = await request(t.app).post('/api/admin/service-items').set(bearer(townAdmin)).send({ centerId: tree.town, item }).expect(400);
    expect(res.body.error.details[0].field).toBe('item.materials.3.whenQuestion');
  });
  it('when the committed limit exceeds the legal one, then 400', async () => {
    const res = await request(t.app)
      .post('/api/admin/service-items')
      .set(bearer(townAdmin))
      .send({ centerId: tree.town, item: buildServiceItem({ legalLimitDays: 5, committedLimitDays: 10 }) })
      .expect(400);
    expect(res.body.error.details[0].field).toBe('item.committedLimitDays');
  });
  it('when a fee is charged without its basis, then 400', async () => {
    const res = await request(t.app)
      .post('/api/admin/service-items')
      .set(bearer(townAdmin))
      .send({ centerId: tree.town, item: buildServiceItem({ fee: { free: false, standard: '20元' } }) })
      .expect(400);
    expect(res.body.error.details[0].field).toBe('item.fee.standard');
  });
  it('when the centerId is not an id, then 400 naming centerId', async () => {
    const res = await request(t.app).post('/api/admin/service-items').set(bearer(townAdmin)).send({ centerId: { $gt: '' }, item: buildServiceItem() }).expect(400);
    expect(res.body.error.details[0].field).toBe('centerId');
  });
  it('when the code already exists at that center, then 409 naming item.code', async () => {
    const res = await request(t.app).post('/api/admin/service-items').set(bearer(townAdmin)).send({ centerId: tree.town, item: buildServiceItem({ code: 'RS-YL-001' }) }).expect(409);
    expect(res.body.error.details[0].field).toBe('item.code');
  });
  it('when a county admin creates for a town below, then it is allowed', async () => {
    await request(t.app).post('/api/admin/service-items').set(bearer(countyAdmin)).send({ centerId: tree.village, item: buildServiceItem() }).expect(201);
  });
});

describe('GET /api/service-items (public catalog)', () => {
  it('when the query string carries operators or unknown keys, then 400 naming them', async () => {
    const a = await request(t.app).get('/api/service-items?category[$ne]=x').expect(400);
    expect(a.body.error.details[0].field).toBe('query.category[$ne]');
    const b = await request(t.app).get('/api/service-items?q=a&q=b').expect(400);
    expect(b.body.error.details[0].field).toBe('query.q');
    await request(t.app).get('/api/service-items?size=1000').expect(400);
    await request(t.app).get('/api/service-items?centerId=xyz').expect(400);
  });
  it('when searching by pinyin initials, full pinyin or Chinese, then 养老保险 is found', async () => {
    for (const q of ['ylbx', 'yanglao', 'yang lao', '养老', 'xnb']) {
      const res = await request(t.app).get(`/api/service-items?q=${encodeURIComponent(q)}`).expect(200);
      expect(res.body.items.map((i: { name: string }) => i.name)).toContain('城乡居民基本养老保险参保登记');
    }
  });
  it('when searching a colloquial keyword, then the matter is found (准生证 → 生育登记)', async () => {
    const res = await request(t.app).get(`/api/service-items?q=${encodeURIComponent('准生证')}`).expect(200);
    expect(res.body.items[0].name).toBe('生育登记');
  });
  it('when a regex metacharacter is searched, then it is matched literally', async () => {
    const res = await request(t.app).get(`/api/service-items?q=${encodeURIComponent('.*')}`).expect(200);
    expect(res.body.total).toBe(0);
  });
  it('when filtering by case type and center, then only those items come back, paginated', async () => {
    const res = await request(t.app).get(`/api/service-items?caseType=committed`).expect(200);
    expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['生育登记']);
    const page = await request(t.app).get(`/api/service-items?centerId=${tree.county}&size=1&page=2`).expect(200);
    expect(page.body).toMatchObject({ total: 2, page: 2, size: 1 });
    expect(page.body.items).toHaveLength(1);
  });
  it('when an item is a draft, then the public never sees it', async () => {
    const draft = await request(t.app).post('/api/admin/service-items').set(bearer(townAdmin)).send({ centerId: tree.town, item: buildServiceItem({ name: '草稿事项测试' }) }).expect(201);
    const res = await request(t.app).get(`/api/service-items?q=${encodeURIComponent('草稿事项测试')}`).expect(200);
    expect(res.body.total).toBe(0);
    await request(t.app).get(`/api/service-items/${draft.body.id}`).expect(404);
  });
});

describe('catalog cache across API processes', () => {
  it('when another process changes the published catalog and its revision token, then the next list shows it', async () => {
    await request(t.app).get('/api/service-items?q=gljt').expect(200);
    const id = new Types.ObjectId((await request(t.app).get('/api/service-items?q=gljt').expect(200)).body.items[0].id as string);
    await t.db.collection('serviceitems').updateOne({ _id: id }, { $set: { status: 'unpublished' } });
    // Without the token the cached catalog is still served …
    expect((await request(t.app).get('/api/service-items?q=gljt').expect(200)).body.total).toBe(1);
    // … and the other process's token change makes this one reload.
    await t.db.collection('catalogrevisions').updateOne({ _id: 'catalog' as never }, { $set: { rev: 'from-another-process' } }, { upsert: true });
    // This process trusts the token it read for REVISION_CHECK_MS (that is what makes reads free of database work).
    await new Promise((r) => setTimeout(r, REVISION_CHECK_MS + 50));
    expect((await request(t.app).get('/api/service-items?q=gljt').expect(200)).body.total).toBe(0);
    await t.db.collection('serviceitems').updateOne({ _id: id }, { $set: { status: 'published' } });
    await t.db.collection('catalogrevisions').updateOne({ _id: 'catalog' as never }, { $set: { rev: 'again' } });
  });
});

describe('GET /api/service-items/:id', () => {
  it('when the id is malformed, then 400; when unknown, then 404', async () => {
    const bad = await request(t.app).get('/api/service-items/not-an-id').expect(400);
    expect(bad.body.error.details[0].field).toBe('params.id');
    await request(t.app).get('/api/service-items/64b000000000000000000000').expect(404);
  });
  it('when read, then every element of the guide is there', async () => {
    const res = await request(t.app).get(`/api/service-items/${pensionId}`).expect(200);
    expect(res.body).toMatchObject({
      id: pensionId,
      version: 1,
      centerName: '甲镇便民服务中心',
      legalBasis: ['《中华人民共和国社会保险法》'],
      fee: { free: true },
      caseType: 'immediate',
    });
    expect(res.body.materials).toHaveLength(5);
    expect(res.body.questions[0].key).toBe('by-agent');
  });
  it('when read again with its ETag, then 304; after an edit is published, then the new version at once', async () => {
    const first = await request(t.app).get(`/api/service-items/${pensionId}`).expect(200);
    expect(first.headers['cache-control']).toContain('no-cache');
    const etag = first.headers.etag;
    await request(t.app).get(`/api/service-items/${pensionId}`).set('If-None-Match', etag).expect(304);
    const list = await request(t.app).get('/api/service-items').expect(200);
    const listEtag = list.headers.etag;

    const edited = buildServiceItem({ code: 'RS-YL-001', name: '城乡居民基本养老保险参保登记（新版）' });
    await request(t.app).put(`/api/admin/service-items/${pensionId}`).set(bearer(townAdmin)).send({ baseVersion: 1, item: edited, note: '更新名称' }).expect(200);
    // Saved but not yet published: citizens still see version 1.
    await request(t.app).get(`/api/service-items/${pensionId}`).set('If-None-Match', etag).expect(304);
    await request(t.app).post(`/api/admin/service-items/${pensionId}/publish`).set(bearer(townAdmin)).send({ version: 2 }).expect(200);
    const after = await request(t.app).get(`/api/service-items/${pensionId}`).set('If-None-Match', etag).expect(200);
    expect(after.body).toMatchObject({ version: 2, name: '城乡居民基本养老保险参保登记（新版）' });
    await request(t.app).get('/api/service-items').set('If-None-Match', listEtag).expect(200);
  });
  it('when the phone takes gzip, then the guide comes gzipped (encoded once per revision), else plain; both are the same JSON', async () => {
    const raw = (r: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
    };
    const zipped = await request(t.app).get(`/api/service-items/${pensionId}`).set('Accept-Encoding', 'gzip').buffer(true).parse(raw).expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
    const plain = await request(t.app).get(`/api/service-items/${pensionId}`).set('Accept-Encoding', 'identity').buffer(true).parse(raw).expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    // The client library unzips what it is sent (and would fail on a body that is not gzip).
    expect(JSON.parse((zipped.body as Buffer).toString('utf8'))).toEqual(JSON.parse((plain.body as Buffer).toString('utf8')));
    expect(zipped.headers.etag).toBe(plain.headers.etag);
  });
  it('when read twice within the revision check, then the detail and its 304 make no database operation', async () => {
    const first = await request(t.app).get(`/api/service-items/${pensionId}`).expect(200);
    const ops: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => ops.push(`${collection}.${method}`));
    try {
      await request(t.app).get(`/api/service-items/${pensionId}`).expect(200);
      await request(t.app).get(`/api/service-items/${pensionId}`).set('If-None-Match', first.headers.etag as string).expect(304);
    } finally {
      mongoose.set('debug', false);
    }
    expect(ops).toEqual([]);
  });
});

describe('PUT /api/admin/service-items/:id (versions)', () => {
  it('when saved on a stale base version, then 409 VERSION_CONFLICT and nothing is stored', async () => {
    const item = buildServiceItem();
    const id = await publishItem(t, townAdmin, tree.town, item);
    const res = await request(t.app).put(`/api/admin/service-items/${id}`).set(bearer(townAdmin)).send({ baseVersion: 7, item: { ...item, name: '过期修改' } }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });
    expect(await t.db.collection('serviceitemversions').countDocuments({ itemId: new Types.ObjectId(id) })).toBe(1);
  });
  it('when the code is changed in an edit, then 400 naming item.code', async () => {
    const id = await publishItem(t, townAdmin, tree.town);
    const res = await request(t.app).put(`/api/admin/service-items/${id}`).set(bearer(townAdmin)).send({ baseVersion: 1, item: buildServiceItem() }).expect(400);
    expect(res.body.error.details[0].field).toBe('item.code');
  });
  it('when two admins save on the same base at once, then exactly one new version exists', async () => {
    const item = buildServiceItem();
    const id = await publishItem(t, townAdmin, tree.town, item);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(t.app).put(`/api/admin/service-items/${id}`).set(bearer(townAdmin)).send({ baseVersion: 1, item: { ...item, name: `并发修改${i}` } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'VERSION_CONFLICT')).toBe(true);
    expect(await t.db.collection('serviceitemversions').countDocuments({ itemId: new Types.ObjectId(id) })).toBe(2);
  });
  it('when an admin of another town edits, then 403; when an edit is published, history lists every step', async () => {
    const item = buildServiceItem();
    const id = await publishItem(t, townAdmin, tree.town, item);
    await request(t.app).put(`/api/admin/service-items/${id}`).set(bearer(town2Admin)).send({ baseVersion: 1, item }).expect(403);
    await request(t.app).put(`/api/admin/service-items/${id}`).set(bearer(townAdmin)).send({ baseVersion: 1, item: { ...item, visits: 0 }, note: '改为零跑腿' }).expect(200);
    await request(t.app).post(`/api/admin/service-items/${id}/publish`).set(bearer(townAdmin)).send({ version: 2 }).expect(200);
    await request(t.app).post(`/api/admin/service-items/${id}/unpublish`).set(bearer(townAdmin)).expect(200);
    await request(t.app).get(`/api/service-items/${id}`).expect(404);
    const h = await request(t.app).get(`/api/admin/service-items/${id}/history`).set(bearer(townAdmin)).expect(200);
    expect(h.body.items.map((e: { type: string; version: number }) => `${e.type}:${e.version}`)).toEqual(['unpublished:2', 'published:2', 'edited:2', 'published:1', 'created:1']);
    const v1 = await request(t.app).get(`/api/admin/service-items/${id}/versions/1`).set(bearer(townAdmin)).expect(200);
    expect(v1.body.item.visits).toBe(1);
    await request(t.app).get(`/api/admin/service-items/${id}/history`).set(bearer(town2Admin)).expect(403);
  });
  it('when the county admin lists, then items of the towns below are included; a town admin sees only its own', async () => {
    const county = await request(t.app).get('/api/admin/service-items?size=100').set(bearer(countyAdmin)).expect(200);
    const town2 = await request(t.app).get('/api/admin/service-items?size=100').set(bearer(town2Admin)).expect(200);
    expect(county.body.items.some((i: { centerId: string }) => i.centerId === tree.town)).toBe(true);
    expect(town2.body.total).toBe(0);
  });
});

describe('POST /api/service-items/:id/check (一次性告知)', () => {
  it('when keys are malformed or the body has extras, then 400 naming the field', async () => {
    const a = await request(t.app).post(`/api/service-items/${pensionId}/check`).send({ has: ['ID CARD'] }).expect(400);
    expect(a.body.error.details[0].field).toBe('has.0');
    const b = await request(t.app).post(`/api/service-items/${pensionId}/check`).send({ has: [], answers: { $where: true } }).expect(400);
    expect(b.body.error.details[0].field).toMatch(/^answers/);
    await request(t.app).post(`/api/service-items/${pensionId}/check`).send({ has: [], answers: { 'by-agent': 'yes' } }).expect(400);
  });
  it('when nothing is in hand, then every required material is listed at once and the deciding question is asked', async () => {
    const res = await request(t.app).post(`/api/service-items/${pensionId}/check`).send({ has: [] }).expect(200);
    expect(res.body.missing.map((m: { key: string }) => m.key)).toEqual(['id-card', 'hukou', 'form']);
    expect(res.body.unanswered).toEqual([{ key: 'by-agent', text: '是否委托他人代为办理？' }]);
    expect(res.body.complete).toBe(false);
  });
  it('when someone else applies on the citizen’s behalf, then the agent’s ID joins the list with its reason', async () => {
    const res = await request(t.app).post(`/api/service-items/${pensionId}/check`).send({ has: ['id-card', 'hukou'], answers: { 'by-agent': true } }).expect(200);
    expect(res.body.missing).toEqual([
      expect.objectContaining({ key: 'form', source: '窗口领取' }),
      expect.objectContaining({ key: 'agent-id', because: '是否委托他人代为办理？ 是' }),
    ]);
    expect(res.body).toMatchObject({ neededCount: 4, haveCount: 2 });
    expect(res.body.shareUrl).toMatch(new RegExp(`/notice/${pensionId}\\?v=2&has=hukou,id-card&yes=by-agent$`));
  });
  it('when everything is in hand, then complete', async () => {
    const res = await request(t.app).post(`/api/service-items/${pensionId}/check`).send({ has: ['id-card', 'hukou', 'form'], answers: { 'by-agent': false } }).expect(200);
    expect(res.body).toMatchObject({ complete: true, missing: [] });
  });
  it('when the share link is opened, then a printable page lists what is missing with a QR code', async () => {
    const res = await request(t.app).get(`/notice/${pensionId}?v=1&has=id-card&yes=by-agent`).expect(200);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).toContain('还需准备以下 3 项材料');
    expect(res.text).toContain('代办人居民身份证');
    expect(res.text).toContain('<svg');
    expect(res.text).toContain('第1版');
    await request(t.app).get(`/notice/${pensionId}?has=ID%20CARD`).expect(400);
    await request(t.app).get(`/notice/${pensionId}?v=99`).expect(404);
    const qr = await request(t.app).get(`/notice/${pensionId}/qr.svg?has=id-card`).expect(200);
    expect(qr.headers['content-type']).toMatch(/svg/);
  });
});

describe('/api/checklists (my saved checklists)', () => {
  it('when not signed in, then 401; when staff, then 403', async () => {
    await request(t.app).get('/api/checklists').expect(401);
    await request(t.app).get('/api/checklists').set(bearer(townStaff)).expect(403);
  });
  it('when saved, then it keeps the version read and the missing list; another citizen gets 404 for it', async () => {
    const alice = await signInCitizen(t);
    const bob = await signInCitizen(t);
    const saved = await request(t.app).post('/api/checklists').set(bearer(alice)).send({ itemId: pensionId, has: ['id-card'], answers: { 'by-agent': false } }).expect(201);
    expect(saved.body).toMatchObject({ itemId: pensionId, version: 2, has: ['id-card'], outdated: false, complete: false });
    expect(saved.body.missing.map((m: { key: string }) => m.key)).toEqual(['hukou', 'form']);
    const stored = await t.db.collection('checklists').findOne({});
    expect(stored).toMatchObject({ version: 2, has: ['id-card'], no: ['by-agent'], yes: [] });

    await request(t.app).get(`/api/checklists/${saved.body.id}`).set(bearer(bob)).expect(404);
    await request(t.app).delete(`/api/checklists/${saved.body.id}`).set(bearer(bob)).expect(404);
    expect((await request(t.app).get('/api/checklists').set(bearer(bob)).expect(200)).body.items).toEqual([]);
    const mine = await request(t.app).get('/api/checklists').set(bearer(alice)).expect(200);
    expect(mine.body.items).toHaveLength(1);

    // A newer published version marks the saved checklist outdated but keeps what it was made against.
    const item = (await request(t.app).get(`/api/admin/service-items/${pensionId}`).set(bearer(townAdmin)).expect(200)).body;
    await request(t.app).put(`/api/admin/service-items/${pensionId}`).set(bearer(townAdmin)).send({ baseVersion: item.latestVersion, item: { ...item.item, visits: 0 } }).expect(200);
    await request(t.app).post(`/api/admin/service-items/${pensionId}/publish`).set(bearer(townAdmin)).send({ version: item.latestVersion + 1 }).expect(200);
    const again = await request(t.app).get(`/api/checklists/${saved.body.id}`).set(bearer(alice)).expect(200);
    expect(again.body).toMatchObject({ version: 2, outdated: true });

    await request(t.app).delete(`/api/checklists/${saved.body.id}`).set(bearer(alice)).expect(204);
    expect(await t.db.collection('checklists').countDocuments()).toBe(0);
  });
  it('when the item does not exist, then 404 and nothing is stored', async () => {
    const alice = await signInCitizen(t);
    await request(t.app).post('/api/checklists').set(bearer(alice)).send({ itemId: '64b000000000000000000000', has: [] }).expect(404);
    expect(await t.db.collection('checklists').countDocuments()).toBe(0);
  });
});

describe('GET /api/openapi.json and /api/health', () => {
  it('documents every route with its request schema', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const post = res.body.paths['/api/service-items/{id}/check'].post;
    expect(post.requestBody.content['application/json'].schema.properties.has.type).toBe('array');
    expect(res.body.paths['/api/auth/sms/send'].post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    await request(t.app).get('/api/docs').expect(200).expect('content-type', /html/);
  });
  it('reports the database up', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });
  it('when an unknown API path is asked, then a JSON 404', async () => {
    const res = await request(t.app).get('/api/nope').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
