import request from 'supertest';
import { Types } from 'mongoose';
import type { TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';

/**
 * Issue 11: the 跟踪卡 of a 代办 case — printable (A4 and 80 mm slip), with the case code, the matter, the masked
 * applicant, the agent and 工号, the 承诺办结日, each stage's due date and a QR to the case page; printed only by the
 * case's citizen, its agent and the staff and admins over its centers.
 */

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let town2Admin: TTokens;
let townStaff: TTokens;
let villageAgent: TTokens;
let otherAgent: TTokens;
let citizen: TTokens;
let stranger: TTokens;
let itemId: string;

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, town2Admin, townStaff, villageAgent, otherAgent, citizen, stranger] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'agent', tree.village),
    signInStaff(t, 'agent', tree.village),
    signInCitizen(t),
    signInCitizen(t),
  ]);
  await t.db.collection('users').updateOne({ _id: new Types.ObjectId(villageAgent.user.id) }, { $set: { staffNo: 'DB-007' } });
  itemId = await publishItem(t, countyAdmin, tree.county, buildServiceItem({ code: 'CARD-1', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 7, assistance: { help: true, delegate: true, homeVisit: true } }));
});
afterAll(() => t.close());

const card = (tokens: TTokens | null, id: string, format?: 'a4' | 'slip') => {
  const r = request(t.app).get(`/api/delegations/${id}/card${format ? `?format=${format}` : ''}`);
  return tokens ? r.set(bearer(tokens)) : r;
};

async function newCase(): Promise<string> {
  const res = await request(t.app)
    .post('/api/delegations')
    .set(bearer(citizen))
    .send({ itemId, mode: 'home', villageId: tree.village, contactPhone: '13912345678', person: { name: '张大山', idNumber: '110101194001010012' }, home: { reason: 'elderly', address: '东村三组12号', preferredTime: '工作日上午' } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('跟踪卡: who may print it (refusals first)', () => {
  it('when not signed in, then 401; another citizen or an admin of another town, then 404; another agent of the chain, then 403; nothing is written', async () => {
    const id = await newCase();
    await request(t.app).post(`/api/delegations/${id}/steps`).set(bearer(villageAgent)).send({ action: 'accept' }).expect(201);
    const before = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(villageAgent)).expect(200);
    await card(null, id).expect(401);
    await card(stranger, id).expect(404);
    await card(town2Admin, id).expect(404);
    await card(stranger, new Types.ObjectId().toHexString()).expect(404);
    const forbidden = await card(otherAgent, id).expect(403);
    expect(forbidden.body.error.message).toBe('跟踪卡由群众本人、经办代办员和中心工作人员打印');
    await card(villageAgent, id, 'letter' as 'a4').expect(400);
    const after = await request(t.app).get(`/api/delegations/${id}/ledger`).set(bearer(villageAgent)).expect(200);
    expect(after.body.items).toHaveLength(before.body.items.length);
  });
});

describe('跟踪卡: what it holds', () => {
  it('before acceptance, then the promised date says it is fixed at acceptance and the stages start then', async () => {
    const id = await newCase();
    const res = await card(citizen, id).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('代办员受理后确定');
    expect(res.text).toContain('受理后起算');
  });

  it('after acceptance, then the citizen’s A4 card has the code, matter, masked name, agent and 工号, promised date, every stage’s due date and a QR to the case page', async () => {
    const id = await newCase();
    const acc = await request(t.app).post(`/api/delegations/${id}/steps`).set(bearer(villageAgent)).send({ action: 'accept' }).expect(201);
    const c = acc.body.case as { code: string; itemName: string; promisedOn: string; stages: { name: string; dueOn?: string }[] };
    expect(c.promisedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const res = await card(citizen, id).expect(200);
    const cn = (d: string) => {
      const [y, m, day] = d.split('-').map(Number);
      return `${y}年${m}月${day}日`;
    };
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.text).toContain('帮办代办跟踪卡');
    expect(res.text).toContain(c.code);
    expect(res.text).toContain(c.itemName);
    expect(res.text).toContain('张*');
    expect(res.text).not.toContain('张大山');
    expect(res.text).not.toContain('13912345678');
    expect(res.text).not.toContain('110101194001010012');
    expect(res.text).toContain('测试agent（工号 DB-007）');
    expect(res.text).toContain(cn(c.promisedOn));
    expect(c.stages.length).toBeGreaterThan(0);
    for (const s of c.stages) expect(res.text).toContain(s.name);
    expect(res.text).toContain(cn(c.stages[0]!.dueOn!));
    expect(res.text).toContain('<svg');
    expect(res.text).toContain(`/#/packages/delegation/pages/case/index?id=${id}`);
    expect(res.text).toContain('size:A4');
  });

  it('prints as an 80 mm slip for the agent, and for the staff of the chain and the county admin', async () => {
    const id = await newCase();
    await request(t.app).post(`/api/delegations/${id}/steps`).set(bearer(villageAgent)).send({ action: 'accept' }).expect(201);
    const slip = await card(villageAgent, id, 'slip').expect(200);
    expect(slip.text).toContain('size:80mm');
    expect(slip.text).toContain('张*');
    await card(townStaff, id).expect(200);
    await card(countyAdmin, id, 'slip').expect(200);
  });
});
