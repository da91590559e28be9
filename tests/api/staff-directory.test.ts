import request from 'supertest';
import jpeg from 'jpeg-js';
import { ZStaffDirectory, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let town2Admin: TTokens;
let townStaff: TTokens;
let townAgent: TTokens;
let windowId: string;

/** A small JPEG carrying an EXIF-like comment, to see it gone after re-encoding. */
function tinyJpeg(): Buffer {
  const data = Buffer.alloc(8 * 8 * 4, 200);
  return jpeg.encode({ data, width: 8, height: 8, comments: ['GPS 39.9,116.4 secret'] }, 90).data;
}

/** A 1×1 PNG. */
function tinyPng(): Buffer {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, town2Admin, townStaff, townAgent] = await Promise.all([
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'agent', tree.town),
  ]);
  windowId = (
    await request(t.app).post('/api/admin/windows').set(bearer(townAdmin)).send({ centerId: tree.town, name: '综合受理窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 6, heldBack: 0 }).expect(201)
  ).body.id;
});
afterAll(() => t.close());

const card = (tokens: TTokens | undefined, userId: string, body: Record<string, unknown>) => {
  const r = request(t.app).put(`/api/admin/staff-cards/${userId}`);
  return (tokens ? r.set(bearer(tokens)) : r).send(body);
};
const photo = (tokens: TTokens, userId: string, bytes: Buffer, type = 'image/jpeg') =>
  request(t.app).put(`/api/staff-cards/${userId}/photo`).set(bearer(tokens)).set('Content-Type', type).send(bytes);

describe('PUT /api/admin/staff-cards/:userId', () => {
  it('refuses: 401 without sign-in, 403 for staff and for an admin of another center, 400 naming the field; nothing written', async () => {
    await card(undefined, townStaff.user.id, { staffNo: 'A-1', post: '综合受理', windowId: null }).expect(401);
    await card(townStaff, townStaff.user.id, { staffNo: 'A-1', post: '综合受理', windowId: null }).expect(403);
    await card(town2Admin, townStaff.user.id, { staffNo: 'A-1', post: '综合受理', windowId: null }).expect(403);
    const bad = await card(townAdmin, townStaff.user.id, { staffNo: '工号一', post: '综合受理', windowId: null }).expect(400);
    expect(bad.body.error.details[0].field).toBe('staffNo');
    const otherWindow = await card(town2Admin, (await signInStaff(t, 'staff', tree.town2)).user.id, { post: '综合受理', windowId }).expect(400);
    expect(otherWindow.body.error.details[0].field).toBe('windowId');
    await card(townAdmin, '64b000000000000000000000', { post: '综合受理', windowId: null }).expect(404);
    expect(await t.db.collection('staffcards').countDocuments()).toBe(0);
    expect(await t.db.collection('users').countDocuments({ staffNo: { $exists: true } })).toBe(0);
  });
  it('sets 工号, post, window and duties; a 工号 is unique within the center', async () => {
    const res = await card(townAdmin, townStaff.user.id, { staffNo: 'JA-01', post: '综合受理', windowId, duties: '综合受理、一次性告知' }).expect(200);
    expect(res.body).toMatchObject({ staffNo: 'JA-01', post: '综合受理', window: { id: windowId, code: 'A' }, centerId: tree.town });
    const dup = await card(townAdmin, townAgent.user.id, { staffNo: 'JA-01', post: '代办员', windowId: null }).expect(400);
    expect(dup.body.error.details[0].field).toBe('staffNo');
    await card(townAdmin, townAgent.user.id, { staffNo: 'JA-02', post: '代办员', windowId: null }).expect(200);
    expect((await t.db.collection('users').findOne({ staffNo: 'JA-01' }))!._id.toString()).toBe(townStaff.user.id);
  });
});

describe('GET /api/centers/:id/staff (public)', () => {
  it('lists everyone serving at the center, window first, without phones or account data', async () => {
    const res = await request(t.app).get(`/api/centers/${tree.town}/staff`).expect(200);
    const dir = ZStaffDirectory.parse(res.body);
    expect(dir.items[0]).toMatchObject({ id: townStaff.user.id, staffNo: 'JA-01', window: { code: 'A' } });
    expect(dir.items.map((c) => c.id)).toEqual(expect.arrayContaining([townAgent.user.id, townAdmin.user.id]));
    expect(JSON.stringify(res.body)).not.toMatch(/phone|username|password/);
    await request(t.app).get('/api/centers/64b000000000000000000000/staff').expect(404);
  });
});

describe('PUT /api/staff-cards/:userId/photo', () => {
  it('refuses a non-image, a disguised file, an oversized photo and someone else’s card; nothing stored', async () => {
    const text = await photo(townStaff, townStaff.user.id, Buffer.from('not an image at all'), 'image/jpeg').expect(400);
    expect(text.body.error.details[0].field).toBe('photo');
    const gif = await photo(townStaff, townStaff.user.id, Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/png').expect(400);
    expect(gif.body.error.message).toContain('JPEG');
    const big = Buffer.concat([tinyJpeg(), Buffer.alloc(2 * 1024 * 1024 + 10)]);
    const over = await photo(townStaff, townStaff.user.id, big).expect(400);
    expect(over.body.error.message).toContain('2MB');
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
    await photo(townStaff, townStaff.user.id, broken).expect(400);
    await photo(townAgent, townStaff.user.id, tinyJpeg()).expect(403);
    const citizen = await signInCitizen(t);
    await photo(citizen, townStaff.user.id, tinyJpeg()).expect(403);
    expect(await t.db.collection('staffcards').countDocuments({ photo: { $ne: null } })).toBe(0);
  });
  it('stores a re-encoded JPEG (metadata stripped) and a PNG, served publicly', async () => {
    const res = await photo(townStaff, townStaff.user.id, tinyJpeg()).expect(200);
    expect(res.body.photoUrl).toMatch(new RegExp(`^/api/staff-photos/${townStaff.user.id}\\?v=1$`));
    const img = await request(t.app).get(res.body.photoUrl).expect(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const body = img.body as Buffer;
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(body.toString('latin1')).not.toContain('GPS 39.9');
    const png = await photo(townAdmin, townAgent.user.id, tinyPng(), 'application/octet-stream').expect(200);
    const pimg = await request(t.app).get(png.body.photoUrl).expect(200);
    expect(pimg.headers['content-type']).toBe('image/png');
  });
});

describe('GET /api/centers/:id/windows/:windowId/card (窗口牌 with the directory QR)', () => {
  it('refuses: an unknown center or window, or a window of another center → 404', async () => {
    await request(t.app).get(`/api/centers/64b000000000000000000001/windows/${windowId}/card`).expect(404);
    await request(t.app).get(`/api/centers/${tree.town}/windows/64b000000000000000000001/card`).expect(404);
    await request(t.app).get(`/api/centers/${tree.town2}/windows/${windowId}/card`).expect(404);
  });
  it('prints the window, the A and B posts with their 工号 and photo, and a QR to the center’s public directory', async () => {
    const [a, b] = await Promise.all([signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town)]);
    await card(townAdmin, a.user.id, { staffNo: 'WC-01', post: '综合受理', windowId: null }).expect(200);
    await card(townAdmin, b.user.id, { staffNo: 'WC-02', post: '综合受理', windowId: null }).expect(200);
    await photo(a, a.user.id, tinyPng(), 'image/png').expect(200);
    const w = await request(t.app)
      .post('/api/admin/windows')
      .set(bearer(townAdmin))
      .send({ centerId: tree.town, name: '社保窗口', code: 'S', itemCodes: [], slotMinutes: 30, capacity: 4, heldBack: 0, staffA: a.user.id, staffB: b.user.id })
      .expect(201);
    const res = await request(t.app).get(`/api/centers/${tree.town}/windows/${w.body.id}/card`).expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('社保窗口');
    expect(res.text).toMatch(/A岗[\s\S]*工号 WC-01[\s\S]*B岗[\s\S]*工号 WC-02/);
    expect(res.text).toContain(`/api/staff-photos/${a.user.id}?v=1`);
    expect(res.text).toContain('<svg');
    expect(res.text).toContain('扫码查看本中心挂牌上岗人员');
    // The QR encodes the center's public directory page: the SVG is the one drawn for that link.
    const { h5Path } = await import('@bianmin/shared/routes');
    const QRCode = (await import('qrcode')).default;
    const base = res.request.url.replace(/\/api\/.*$/, '');
    const expected = await QRCode.toString(`${base}${h5Path('staffDirectory', { centerId: tree.town })}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    expect(res.text).toContain(expected);
  });
});
