/** 月度公告草稿: any time for the current month, marked 草稿, never stored or public; only admins over the center. */
import request from 'supertest';
import { chinaDate, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInStaff, type Tree } from '../support/factories';

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let town2Admin: TTokens;
const month = chinaDate(new Date()).slice(0, 7);

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, town2Admin] = await Promise.all([signInStaff(t, 'admin', tree.town), signInStaff(t, 'admin', tree.town2)]);
});
afterAll(() => t.close());

test('a draft of the current month is given at any time, marked 草稿, and never becomes public', async () => {
  const res = await request(t.app).get(`/api/admin/reports/${tree.town}/${month}/draft`).set(bearer(townAdmin)).expect(200);
  expect(res.body).toMatchObject({ status: '草稿', month, countedTo: chinaDate(new Date()) });
  expect(res.headers['cache-control']).toContain('no-store');
  await request(t.app).get(`/api/reports/${tree.town}/${month}`).expect(404);
  expect((await request(t.app).get(`/api/reports?centerId=${tree.town}`).expect(200)).body.items).toEqual([]);
  // The final for a month not yet ended is still refused.
  await request(t.app).post('/api/admin/reports').set(bearer(townAdmin)).send({ centerId: tree.town, month }).expect(400);
});

test('refuses another center’s admin, the public and a month still to come', async () => {
  await request(t.app).get(`/api/admin/reports/${tree.town}/${month}/draft`).set(bearer(town2Admin)).expect(403);
  await request(t.app).get(`/api/admin/reports/${tree.town}/${month}/draft`).expect(401);
  await request(t.app).get(`/api/admin/reports/${tree.town}/2999-01/draft`).set(bearer(townAdmin)).expect(400);
});
