import request from 'supertest';
import { chinaDate, ZPendingCaseLapseList, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { calendarFor } from '../../api/src/modules/calendar';
import { sweepOverdue } from '../../api/src/modules/delegations/sweep';

/**
 * Issue 11, fair lapses: the county admin of a county without a supervisor reviews the pending 代办 lapses over the
 * county in one list (GET /api/admin/delegations/lapses) and confirms or dismisses each through the case's decide.
 */

let t: TestApp;
let tree: Tree;
let countyAdmin: TTokens;
let townAdmin: TTokens;
let town2Admin: TTokens;
let townStaff: TTokens;
let villageAgent: TTokens;
let citizen: TTokens;
let itemId: string;
let caseId: string;

const list = (tokens: TTokens | null) => {
  const r = request(t.app).get('/api/admin/delegations/lapses');
  return tokens ? r.set(bearer(tokens)) : r;
};

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [countyAdmin, townAdmin, town2Admin, townStaff, villageAgent, citizen] = await Promise.all([
    signInStaff(t, 'admin', tree.county),
    signInStaff(t, 'admin', tree.town),
    signInStaff(t, 'admin', tree.town2),
    signInStaff(t, 'staff', tree.town),
    signInStaff(t, 'agent', tree.village),
    signInCitizen(t),
  ]);
  itemId = await publishItem(t, countyAdmin, tree.county, buildServiceItem({ code: 'LR-1', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 7, assistance: { help: true, delegate: true, homeVisit: true } }));
  // A case left accepted for 6 working days: one pending lapse charged to the agent.
  const res = await request(t.app).post('/api/delegations').set(bearer(citizen)).send({ itemId, mode: 'help', villageId: tree.village, contactPhone: '13912349001' }).expect(201);
  caseId = res.body.id as string;
  await request(t.app).post(`/api/delegations/${caseId}/steps`).set(bearer(villageAgent)).send({ action: 'accept' }).expect(201);
  const cal = await calendarFor(tree.village);
  await sweepOverdue(new Date(`${cal.addWorkingDays(chinaDate(new Date()), 6)}T10:00:00+08:00`));
});
afterAll(() => t.close());

describe('pending 代办 lapses for review (refusals first)', () => {
  it('when not signed in, then 401; a citizen, an agent or window staff, then 403', async () => {
    await list(null).expect(401);
    await list(citizen).expect(403);
    await list(villageAgent).expect(403);
    await list(townStaff).expect(403);
  });

  it('when a town admin reads it, then the town’s lapses show but may not be decided; another town’s admin sees none of them', async () => {
    const town = ZPendingCaseLapseList.parse((await list(townAdmin).expect(200)).body);
    expect(town.mayDecide).toBe(false);
    expect(town.items.map((l) => l.caseId)).toEqual([caseId]);
    const other = ZPendingCaseLapseList.parse((await list(town2Admin).expect(200)).body);
    expect(other.items).toEqual([]);
    const lapseId = town.items[0]!.id;
    await request(t.app).post(`/api/delegations/${caseId}/lapses/decide`).set(bearer(townAdmin)).send({ lapseId, decision: 'confirm' }).expect(403);
    expect((await list(countyAdmin).expect(200)).body.items[0]).toMatchObject({ id: lapseId, status: 'pending' });
  });
});

describe('the county admin decides', () => {
  it('when the county has no supervisor, then the county admin sees each pending lapse with its case and dismisses it with a reason; it leaves the list', async () => {
    const res = ZPendingCaseLapseList.parse((await list(countyAdmin).expect(200)).body);
    expect(res.mayDecide).toBe(true);
    expect(res.items).toHaveLength(1);
    const case_ = (await request(t.app).get(`/api/delegations/${caseId}`).set(bearer(countyAdmin)).expect(200)).body;
    expect(res.items[0]).toMatchObject({ caseId, caseCode: case_.code, itemName: case_.itemName, status: 'pending', holder: 'agent', agentId: villageAgent.user.id });
    const noReason = await request(t.app).post(`/api/delegations/${caseId}/lapses/decide`).set(bearer(countyAdmin)).send({ lapseId: res.items[0]!.id, decision: 'dismiss' }).expect(400);
    expect(noReason.body.error.message).not.toMatch(/reason/);
    await request(t.app).post(`/api/delegations/${caseId}/lapses/decide`).set(bearer(countyAdmin)).send({ lapseId: res.items[0]!.id, decision: 'dismiss', reason: '群众外出，约定推迟' }).expect(200);
    expect((await list(countyAdmin).expect(200)).body.items).toEqual([]);
  });
});
