import request from 'supertest';
import { Types } from 'mongoose';
import { addDays, chinaDate, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { computeScorecards, liveScorecards } from '../../api/src/modules/scorecards';
import { computeReport, liveReport } from '../../api/src/modules/reports';
import { markDirty, rollClosedDays, rollDay, rollDays, rollToday, rollTodayIfDue, type Period } from '../../api/src/modules/facts';

/**
 * Per-day rollups against the live count (issue 12, part 3): a fixture of October 2026 at the town and the village
 * below it — window cases, served bookings, 代办 opened / refused / corrected / finished, ratings given in and after
 * the month (one for a September record, one excluded by an appeal), 差评 rectifications, lapses, complaints — read
 * from the rollups and counted live from every fact: the same scorecards and notice, cell for cell.
 */

let t: TestApp;
let tree: Tree;
let s1: TTokens;
let s2: TTokens;
let g: TTokens;
const win = new Types.ObjectId();
const oid = (id: string) => new Types.ObjectId(id);
/** A China date and hour as an instant. */
const at = (date: string, hour = 10) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const ids = { b0: new Types.ObjectId(), b1: new Types.ObjectId(), b2: new Types.ObjectId(), b3: new Types.ObjectId(), d1: new Types.ObjectId(), d2: new Types.ObjectId(), d3: new Types.ObjectId(), d4: new Types.ObjectId() };
const wc = Array.from({ length: 5 }, () => new Types.ObjectId());

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [s1, s2, g] = await Promise.all([signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town), signInStaff(t, 'agent', tree.village)]);
  const town = oid(tree.town);
  const village = oid(tree.village);
  const [S1, S2, G] = [oid(s1.user.id), oid(s2.user.id), oid(g.user.id)];
  await t.db.collection('bookingwindows').insertOne({ _id: win, centerId: town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 5, heldBack: 0 });
  const windowCase = (i: number, type: string, state: string, received: Date, extra: Record<string, unknown> = {}) => ({
    _id: wc[i], centerKey: tree.town, windowId: win, staffKey: s1.user.id, type, state, firstNotice: [], clockFrom: received, promisedOn: null, completedAt: null, onTime: null, createdAt: received, ...extra,
  });
  await t.db.collection('windowcases').insertMany([
    windowCase(0, 'immediate', 'completed', at('2026-10-09', 9), { completedAt: new Date(at('2026-10-09', 9).getTime() + 10 * 60_000), onTime: true }),
    windowCase(1, 'committed', 'completed', at('2026-10-12'), { firstNotice: ['hukou'], promisedOn: '2026-10-19', completedAt: at('2026-10-20'), staffKey: s2.user.id }),
    windowCase(2, 'committed', 'refused', at('2026-10-13')),
    windowCase(3, 'joint', 'completed', at('2026-09-29'), { promisedOn: '2026-10-10', completedAt: at('2026-10-03') }),
    windowCase(4, 'reported', 'accepted', at('2026-10-30')),
  ] as never[]);
  await t.db.collection('bookings').insertMany([
    { _id: ids.b0, centerId: town, windowId: win, status: 'served', servedBy: S1, slotStart: at('2026-09-28') },
    { _id: ids.b1, centerId: town, windowId: win, status: 'served', servedBy: S1, slotStart: at('2026-10-05') },
    { _id: ids.b2, centerId: town, windowId: win, status: 'served', servedBy: S2, slotStart: at('2026-10-05', 15) },
    { _id: ids.b3, centerId: village, windowId: win, status: 'served', servedBy: S1, slotStart: at('2026-10-14') },
  ]);
  await t.db.collection('delegations').insertMany([
    { _id: ids.d1, centerId: village, agentId: G, mode: 'delegate', state: 'completed', completedOn: '2026-10-08', stages: [{ key: 'a', lateDays: 0 }], createdAt: at('2026-10-01'), updatedAt: at('2026-10-08') },
    { _id: ids.d2, centerId: village, agentId: G, mode: 'help', state: 'followed_up', completedOn: '2026-10-22', stages: [{ key: 'a', lateDays: 2 }], createdAt: at('2026-10-02'), updatedAt: at('2026-10-25') },
    { _id: ids.d3, centerId: town, agentId: null, mode: 'home', state: 'refused', stages: [], createdAt: at('2026-10-03'), updatedAt: at('2026-10-04') },
    { _id: ids.d4, centerId: village, agentId: G, mode: 'delegate', state: 'accepted', stages: [], createdAt: at('2026-10-10'), updatedAt: at('2026-10-11') },
  ]);
  const correction = (caseId: Types.ObjectId, centerKey: string, day: string, seq: number) => ({ caseKey: String(caseId), centerKey, type: 'request_correction', at: at(day), seq, idem: `s:${caseId}:${seq}` });
  await t.db.collection('ledgerentries').insertMany([correction(ids.d1, tree.village, '2026-10-03', 1), correction(ids.d1, tree.village, '2026-10-05', 2), correction(ids.d4, tree.village, '2026-10-11', 1)]);
  const rating = (id: string, level: number, given: Date, who: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    _id: id, level, centerKey: tree.town, windowId: null, staffId: null, agentId: null, excluded: false, createdAt: given, ...who, ...extra,
  });
  const atWindow = (s: Types.ObjectId) => ({ windowId: win, staffId: s });
  await t.db.collection('ratings').insertMany([
    rating(`window_case:${wc[0]}`, 5, at('2026-10-09', 11), atWindow(S1)),
    rating(`window_case:${wc[1]}`, 2, at('2026-10-21'), atWindow(S2)),
    rating(`window_case:${wc[3]}`, 4, at('2026-10-05'), atWindow(S1)),
    rating(`booking:${ids.b0}`, 1, at('2026-10-02'), atWindow(S1)),
    rating(`booking:${ids.b1}`, 5, at('2026-10-06'), atWindow(S1)),
    rating(`booking:${ids.b2}`, 3, at('2026-10-07'), atWindow(S2)),
    rating(`booking:${ids.b3}`, 1, at('2026-10-15'), { ...atWindow(S1), centerKey: tree.village }, { excluded: true }),
    rating(`case:${ids.d1}`, 4, at('2026-10-09'), { agentId: G, centerKey: tree.village }),
    rating(`case:${ids.d2}`, 2, at('2026-10-23'), { agentId: G, centerKey: tree.village }),
  ] as never[]);
  await t.db.collection('rectifications').insertMany([
    { _id: `window_case:${wc[1]}`, centerKey: tree.town, status: 'reply' },
    { _id: `booking:${ids.b0}`, centerKey: tree.town, status: 'contact' },
    { _id: `case:${ids.d2}`, centerKey: tree.village, status: 'open' },
  ] as never[]);
  await t.db.collection('lapses').insertMany([
    { _id: `case-deadline:${wc[1]}:1`, centerId: town, windowId: win, staffId: S2, date: '2026-10-20' },
    { _id: `case-notice:${wc[1]}:2`, centerId: town, windowId: win, staffId: S2, date: '2026-10-12' },
    { _id: 'agent-late-1', centerId: village, agentId: G, date: '2026-10-15' },
  ] as never[]);
  await t.db.collection('complaints').insertMany([
    { centerKey: tree.town, centerId: town, kind: 'complaint', staffId: S1, status: 'answered', answerDue: '2026-10-20', answeredAt: at('2026-10-12'), createdAt: at('2026-10-10') },
    { centerKey: tree.town, centerId: town, kind: 'suggestion', staffId: null, status: 'received', answerDue: '2026-10-21', createdAt: at('2026-10-11') },
    { centerKey: tree.village, centerId: village, kind: 'complaint', staffId: null, status: 'answered', answerDue: '2026-10-26', answeredAt: at('2026-10-30'), createdAt: at('2026-10-16') },
  ]);
});
afterAll(() => t.close());

const month = (value: string): Period => ({ kind: 'month', value });
const PERIODS: Period[] = [month('2026-09'), month('2026-10'), { kind: 'quarter', value: '2026-Q4' }, { kind: 'year', value: '2026' }];
const noStamp = <T extends { generatedAt: string }>(r: T) => ({ ...r, generatedAt: '' });

/** Every period and center of the fixture: the rollups and the live count agree cell for cell. */
async function expectRollupsEqualLive(): Promise<void> {
  for (const centerId of [tree.county, tree.town, tree.village]) {
    for (const p of PERIODS) expect({ centerId, p, sc: await computeScorecards(centerId, p) }).toEqual({ centerId, p, sc: await liveScorecards(centerId, p) });
    for (const m of ['2026-09', '2026-10']) expect({ centerId, m, r: noStamp(await computeReport(centerId, m)) }).toEqual({ centerId, m, r: noStamp(await liveReport(centerId, m)) });
  }
}

describe('per-day rollups', () => {
  it('when October is read from rollups, then scorecards and the notice equal the live count, cell for cell', async () => {
    await expectRollupsEqualLive();
    // The fixture is not trivial: the town's October holds every kind of fact.
    const r = await computeReport(tree.town, '2026-10');
    expect(r.cases).toMatchObject({ received: 4, immediate: 1, committed: 2, reported: 1, supplemented: 1, refused: 1, completed: 3, onTime: 2, overdue: 1, breaches: 1, rated: 3 });
    expect(r.assisted).toMatchObject({ help: 1, delegate: 2, home: 1, refused: 1, corrected: 2, finished: 2 });
    expect(r.ratings).toMatchObject({ total: 8, bad: 3, badRectified: 1 });
    expect(r.complaints).toEqual({ total: 3, answered: 2, answeredInTime: 1 });
    const sc = await computeScorecards(tree.town, month('2026-10'));
    expect(sc.centers.find((l) => l.key === `center:${tree.town}`)).toMatchObject({ served: 2, ratings: 5, badCount: 1, rectifiedRate: 100 });
    expect(sc.agents).toEqual([expect.objectContaining({ casesFinished: 2, ratings: 2, badCount: 1, followUpRate: 0, lapses: 1 })]);
  });

  it('when a day is rolled again, then its documents are replaced, not added to', async () => {
    const docs = async () => (await t.db.collection('factrollups').find({ day: '2026-10-05' }).sort({ _id: 1 }).toArray()).map(({ rolledAt: _r, ...d }) => d);
    await rollDay('2026-10-05');
    const first = await docs();
    expect(first.map((d) => d._id).sort()).toEqual([`2026-10-05|${tree.town}`, `2026-10-05|${tree.village}`].sort());
    await rollDay('2026-10-05');
    expect(await docs()).toEqual(first);
    expect(await t.db.collection('rolleddays').countDocuments({ _id: '2026-10-05' as never })).toBe(1);
    // The job over closed days has nothing left to roll and changes nothing.
    await rollClosedDays(new Date(), { backDays: 62, limit: 62 });
    expect(await docs()).toEqual(first);
    await expectRollupsEqualLive();
  });

  it('when a rectification moves on, then the days of its rating are rolled again and the rates follow', async () => {
    await rollClosedDays(new Date(), { backDays: 62, limit: 62 });
    await t.db.collection('rectifications').updateOne({ _id: `case:${ids.d2}` as never }, { $set: { status: 'reply' } });
    // What evaluations does on a 回访 or 答复 step: the record's day and the day the rating was given are marked.
    await Promise.all([markDirty(tree.village, '2026-10-22'), markDirty(tree.village, '2026-10-23')]);
    const sc = await computeScorecards(tree.village, month('2026-10'));
    expect(sc.agents[0]).toMatchObject({ badCount: 1, rectifiedRate: 100, followUpRate: 100 });
    expect((await computeReport(tree.village, '2026-10')).ratings).toMatchObject({ bad: 1, badRectified: 1 });
    await expectRollupsEqualLive();
  });

  it('when the job has summed a month, then a read takes each center’s month from one document, and a re-rolled day is never hidden by it', async () => {
    await rollClosedDays(new Date(), { backDays: 62, limit: 62 });
    const sum = await t.db.collection('factmonths').findOne({ _id: `2026-10|${tree.town}` as never });
    expect(sum).toMatchObject({ month: '2026-10', to: '2026-11-01', centerKey: tree.town });
    expect(sum!.staleAt === undefined || sum!.staleAt < sum!.builtAt).toBe(true);
    await expectRollupsEqualLive();
    // The read takes the town's October from its sum: emptied (still current), the town's own lines are gone.
    await t.db.collection('factmonths').updateOne({ _id: `2026-10|${tree.town}` as never }, { $set: { lines: [] } });
    expect((await computeScorecards(tree.town, month('2026-10'))).centers.map((l) => l.key)).toEqual([`center:${tree.village}`]);
    // Marked stale, it is not used: the read falls back to the days and sums them again.
    await t.db.collection('factmonths').updateOne({ _id: `2026-10|${tree.town}` as never }, { $set: { staleAt: new Date() } });
    await expectRollupsEqualLive();
    expect(((await t.db.collection('factmonths').findOne({ _id: `2026-10|${tree.town}` as never }))!.lines as unknown[]).length).toBeGreaterThan(0);
    // A fact of a closed day changes behind the sums' back and its day is marked: the read rolls the day again and
    // the month's sum is stale until summed again (the read falls back to the days, then sums them itself).
    await t.db.collection('complaints').insertOne({ centerKey: tree.town, centerId: oid(tree.town), kind: 'complaint', staffId: oid(s2.user.id), status: 'received', answerDue: '2026-10-28', createdAt: at('2026-10-18') });
    await markDirty(tree.town, '2026-10-18');
    const read = await computeReport(tree.town, '2026-10');
    expect(read.complaints.total).toBe(4);
    expect(read).toEqual({ ...(await liveReport(tree.town, '2026-10')), generatedAt: read.generatedAt });
    const again = await t.db.collection('factmonths').findOne({ _id: `2026-10|${tree.town}` as never });
    expect(again!.builtAt > again!.staleAt).toBe(true);
    await expectRollupsEqualLive();
    // A sum whose day was rolled after it began is not used, whatever it holds.
    await t.db.collection('factmonths').updateOne({ _id: `2026-10|${tree.town}` as never }, { $set: { lines: [], staleAt: new Date(Date.now() + 60_000) } });
    await expectRollupsEqualLive();
  });

  it('when a closed day’s 代办 is rated late through the API, then that day is rolled again and still equals the live count', async () => {
    const citizen = await signInCitizen(t);
    const today = chinaDate(new Date());
    const day = addDays(today, -2);
    const p = month(day.slice(0, 7));
    const d5 = new Types.ObjectId();
    await t.db.collection('delegations').insertOne({
      _id: d5, code: 'LATE0001', centerId: oid(tree.village), centerKey: tree.village, agentId: oid(g.user.id), citizenId: oid(citizen.user.id), requestedBy: oid(citizen.user.id), mode: 'delegate', state: 'completed',
      completedOn: day, stages: [{ key: 'a', lateDays: 0 }], itemId: new Types.ObjectId(), itemName: '城乡居民基本养老保险待遇领取', createdAt: at(day, 9), updatedAt: at(day, 16),
    });
    // Finished on that day (written directly here), then the day closed and the job rolled it.
    await rollDay(day);
    const before = await computeScorecards(tree.village, p);
    expect(before.agents[0]).toMatchObject({ casesFinished: 1, ratings: 0 });
    expect(await t.db.collection('factrollups').countDocuments({ _id: `${day}|${tree.village}` as never })).toBe(1);
    await request(t.app).post('/api/ratings').set(bearer(citizen)).send({ subject: { kind: 'case', id: String(d5) }, level: 2, dims: { overall: 2, efficiency: 2, service: 2, attitude: 2 } }).expect(201);
    expect(await t.db.collection('dirtydays').countDocuments({ _id: `${day}|${tree.village}` as never })).toBe(1);
    const after = await computeScorecards(tree.village, p);
    expect(after.agents[0]).toMatchObject({ casesFinished: 1, ratings: 1, badCount: 1, unratedRate: 0 });
    expect(after).toEqual(await liveScorecards(tree.village, p));
    expect(await t.db.collection('dirtydays').countDocuments({})).toBe(0);
    for (const c of [tree.county, tree.town]) expect(await computeScorecards(c, p)).toEqual(await liveScorecards(c, p));
  });

  it('when October is rolled in one pass, then each day’s documents equal that day rolled alone', async () => {
    const days = Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
    const docs = async () => (await t.db.collection('factrollups').find({ day: { $gte: '2026-10-01', $lt: '2026-11-01' } }).sort({ _id: 1 }).toArray()).map(({ rolledAt: _r, ...d }) => d);
    for (const d of days) await rollDay(d);
    const alone = await docs();
    expect(alone.length).toBeGreaterThan(10);
    await rollDays(days);
    expect(await docs()).toEqual(alone);
    await expectRollupsEqualLive();
  });

  it('when the job has counted today, then reads use its count while recent and count live once it is old', async () => {
    const today = chinaDate(new Date());
    const p = month(today.slice(0, 7));
    const served = (slotStart: Date) => ({ _id: new Types.ObjectId(), centerId: oid(tree.town), windowId: win, status: 'served', servedBy: oid(s1.user.id), slotStart });
    const now = Date.now();
    await t.db.collection('bookings').insertOne(served(new Date(now - 60_000)));
    await rollToday();
    expect(await t.db.collection('factrollups').countDocuments({ _id: `${today}|${tree.town}` as never })).toBe(1);
    // The job does not count again right after its last count.
    expect(await rollTodayIfDue()).toBe(false);
    const counted = await computeScorecards(tree.town, p);
    expect(counted).toEqual(await liveScorecards(tree.town, p));
    // A booking served after the job's count: not in it until the job runs again (or the count grows old).
    await t.db.collection('bookings').insertOne(served(new Date(now - 30_000)));
    expect(await computeScorecards(tree.town, p)).toEqual(counted);
    await t.db.collection('provisionaldays').updateOne({ _id: 'current' as never }, { $set: { asOf: new Date(now - 3 * 60_000), doneAt: new Date(now - 3 * 60_000) } });
    const live = await liveScorecards(tree.town, p);
    expect(await computeScorecards(tree.town, p)).toEqual(live);
    await rollToday();
    expect(await computeScorecards(tree.town, p)).toEqual(live);
    expect(live.centers.find((l) => l.key === `center:${tree.town}`)!.served - counted.centers.find((l) => l.key === `center:${tree.town}`)!.served).toBe(1);
    await t.db.collection('provisionaldays').deleteMany({});
  });

  it('when a 差评 of a closed day’s 代办 is contacted through the API, then that day is rolled again and the follow-up rate shows it', async () => {
    const citizen = await signInCitizen(t);
    const villageStaff = await signInStaff(t, 'staff', tree.village);
    const day = addDays(chinaDate(new Date()), -3);
    const p = month(day.slice(0, 7));
    const d6 = new Types.ObjectId();
    await t.db.collection('delegations').insertOne({
      _id: d6, code: 'RECT0001', centerId: oid(tree.village), centerKey: tree.village, agentId: oid(g.user.id), citizenId: oid(citizen.user.id), requestedBy: oid(citizen.user.id), mode: 'delegate', state: 'completed',
      completedOn: day, stages: [{ key: 'a', lateDays: 0 }], itemId: new Types.ObjectId(), itemName: '城乡居民基本养老保险待遇领取', createdAt: at(day, 9), updatedAt: at(day, 16),
    });
    await request(t.app).post('/api/ratings').set(bearer(citizen)).send({ subject: { kind: 'case', id: String(d6) }, level: 1, dims: { overall: 1, efficiency: 1, service: 1, attitude: 1 } }).expect(201);
    await rollClosedDays(new Date(), { backDays: 62, limit: 62 });
    const line = async () => (await computeScorecards(tree.village, p)).agents[0];
    const before = await line();
    expect(before.badCount).toBeGreaterThanOrEqual(1);
    await request(t.app).post(`/api/staff/ratings/case:${d6}/rectification`).set(bearer(villageStaff)).send({ action: 'contact', note: '已电话回访' }).expect(200);
    expect(await t.db.collection('dirtydays').countDocuments({ _id: `${day}|${tree.village}` as never })).toBe(1);
    const after = await computeScorecards(tree.village, p);
    expect(after.agents[0].followUpRate).not.toEqual(before.followUpRate);
    expect(after).toEqual(await liveScorecards(tree.village, p));
    for (const c of [tree.county, tree.town]) expect(await computeScorecards(c, p)).toEqual(await liveScorecards(c, p));
  });
});
