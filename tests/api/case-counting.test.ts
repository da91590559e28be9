import request from 'supertest';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { chinaInstant, ZMyScorecard, ZReportFigures, ZScorecards, type TScoreLine, type TTokens, type TWindowCaseDetail } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInStaff, type Tree } from '../support/factories';

/**
 * Counting what the center really does (issue 9, part 4): a hand-worked fixture of window cases in March 2026 at
 * one town window — every case made through the cases API, with the clock (only `Date`) moved to the instant each
 * step happens — and every scorecard and monthly-notice figure checked against the number worked out by hand.
 *
 * Opening hours 08:30–12:00 and 13:00–17:30 on working days; March 2026 has no holidays (3/2 is a Monday).
 *
 *   case  staff type   received          what happened                                        on time  rating
 *   H     S1    即办   Fri 2/27 10:00    done 10:10 (10 min)                                  yes      5 (2/27)
 *   A     S1    即办   Mon 3/2  09:00    done 09:20 (20 min)                                  yes      5
 *   B     S1    即办   Mon 3/2  11:40    done 13:20: 20 + 20 = 40 opening minutes (lunch out)  no       2 (差评)
 *   C     S2    承诺5  Tue 3/3  10:00    promised 3/10; done Thu 3/12: 2 working days late     no       4
 *                                        → 2 overdue lapses (3/11, 3/12) against S2
 *   D     S1    承诺5  Wed 3/4  09:00    户口簿 missing → 补正告知书; 09:30 a later 补正 asks for a
 *                                        photo the first notice did not list → 1 breach lapse (S1);
 *                                        complete Thu 3/5 09:00 → promised 3/12; done Mon 3/9  yes      —
 *   E     S2    承诺5  Thu 3/5  10:00    accepted, 10:30 refused (退办)                        —        —
 *   F     S1    联办8  Fri 3/6  09:00    stage done 3/10, done Wed 3/11 (promised 3/18)        yes      1 (差评)
 *   G     S2    上报10 Mon 3/30 09:00    still running at month end                            —        —
 *   and one booking served at the window by S1 on 3/16 (bookings keep their own line; no longer 办件).
 */

let t: TestApp;
let tree: Tree;
let admin: TTokens;
let s1: TTokens;
let s2: TTokens;
let windowId: string;
const items = {} as Record<'immediate' | 'committed' | 'joint' | 'reported', string>;
const ALL = ['id-card', 'hukou', 'form'];
const answers = { 'by-agent': false };
const dims = (n: number) => ({ overall: n, efficiency: n, service: n, attitude: n });

/** Move the clock (Date only; timers and I/O stay real) to a China date and time. */
function clock(date: string, hhmm: string): void {
  const [h, m] = hhmm.split(':').map(Number);
  jest.setSystemTime(chinaInstant(date, h * 60 + m));
}

const post = (tokens: TTokens, path: string, body: Record<string, unknown> = {}) => request(t.app).post(path).set(bearer(tokens)).send(body);

async function openCase(tokens: TTokens, itemId: string, receivedMaterials = ALL): Promise<TWindowCaseDetail> {
  const res = await post(tokens, '/api/staff/cases', { itemId, windowId, applicant: { name: '王群众' }, answers, receivedMaterials });
  expect(res.status).toBe(201);
  return res.body as TWindowCaseDetail;
}

async function act(tokens: TTokens, id: string, path: string, body: Record<string, unknown> = {}): Promise<TWindowCaseDetail> {
  const res = await post(tokens, `/api/staff/cases/${id}/${path}`, body);
  expect(res.status).toBe(200);
  return res.body as TWindowCaseDetail;
}

const complete = (tokens: TTokens, id: string) => act(tokens, id, 'complete', { result: '已办结', delivery: 'window' });

/** The citizen rates by the card the 办结单 carries. */
async function rate(tokens: TTokens, id: string, level: number): Promise<void> {
  const c = (await request(t.app).get(`/api/staff/cases/${id}`).set(bearer(tokens)).expect(200)).body as TWindowCaseDetail;
  const token = /card=([A-Za-z0-9_-]{22})/.exec(c.rating!.url!)![1];
  await request(t.app).post('/api/ratings/card').send({ token, level, dims: dims(level), comment: level <= 2 ? '办理太慢' : '满意' }).expect(201);
}

const onTimeOf: Record<string, boolean | null> = {};

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  // Signed in on the real clock: the tokens stay valid while the clock is moved back to March.
  [admin, s1, s2] = await Promise.all([signInStaff(t, 'admin', tree.town), signInStaff(t, 'staff', tree.town), signInStaff(t, 'staff', tree.town)]);
  items.immediate = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'CC-IMM' }));
  items.committed = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'CC-COM', name: '低保申请', caseType: 'committed', legalLimitDays: 10, committedLimitDays: 5 }));
  items.joint = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'CC-JNT', name: '残疾人两项补贴', caseType: 'joint', legalLimitDays: 15, committedLimitDays: 8 }));
  items.reported = await publishItem(t, admin, tree.town, buildServiceItem({ code: 'CC-REP', name: '特困人员认定', caseType: 'reported', legalLimitDays: 20, committedLimitDays: 10 }));
  windowId = (await post(admin, '/api/admin/windows', { centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 20, heldBack: 0 }).expect(201)).body.id;

  jest.useFakeTimers({
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });

  clock('2026-02-27', '10:00');
  const h = await openCase(s1, items.immediate);
  clock('2026-02-27', '10:10');
  onTimeOf.H = (await complete(s1, h.id)).onTime;
  clock('2026-02-27', '10:15');
  await rate(s1, h.id, 5);

  clock('2026-03-02', '09:00');
  const a = await openCase(s1, items.immediate);
  clock('2026-03-02', '09:20');
  onTimeOf.A = (await complete(s1, a.id)).onTime;
  clock('2026-03-02', '09:30');
  await rate(s1, a.id, 5);

  clock('2026-03-02', '11:40');
  const b = await openCase(s1, items.immediate);
  clock('2026-03-02', '13:20');
  const bDone = await complete(s1, b.id);
  onTimeOf.B = bDone.onTime;
  expect(bDone.minutes).toBe(40);
  clock('2026-03-02', '13:30');
  await rate(s1, b.id, 2);

  clock('2026-03-03', '10:00');
  const c = await openCase(s2, items.committed);
  expect(c.promisedOn).toBe('2026-03-10');
  clock('2026-03-12', '10:00');
  onTimeOf.C = (await complete(s2, c.id)).onTime;
  clock('2026-03-12', '11:00');
  await rate(s2, c.id, 4);

  clock('2026-03-04', '09:00');
  const d = await openCase(s1, items.committed, ['id-card', 'form']);
  expect(d.state).toBe('supplement');
  clock('2026-03-04', '09:30');
  expect((await act(s1, d.id, 'supplement', { missing: ['photo'] })).breaches).toEqual(['photo']);
  clock('2026-03-05', '09:00');
  expect((await act(s1, d.id, 'materials', { receivedMaterials: ['hukou', 'photo'] })).promisedOn).toBe('2026-03-12');
  clock('2026-03-09', '10:00');
  onTimeOf.D = (await complete(s1, d.id)).onTime;

  clock('2026-03-05', '10:00');
  const e = await openCase(s2, items.committed);
  clock('2026-03-05', '10:30');
  await act(s2, e.id, 'refuse', { reason: '申请人不符合低保条件', legalBasis: '《社会救助暂行办法》第九条' });

  clock('2026-03-06', '09:00');
  const f = await openCase(s1, items.joint);
  expect(f.promisedOn).toBe('2026-03-18');
  clock('2026-03-10', '15:00');
  await act(s1, f.id, 'stages/0/complete');
  clock('2026-03-11', '09:00');
  onTimeOf.F = (await complete(s1, f.id)).onTime;
  clock('2026-03-11', '10:00');
  await rate(s1, f.id, 1);

  clock('2026-03-30', '09:00');
  await openCase(s2, items.reported);

  await t.db.collection('bookings').insertOne({
    centerId: new Types.ObjectId(tree.town),
    windowId: new Types.ObjectId(windowId),
    itemId: new Types.ObjectId(items.immediate),
    status: 'served',
    servedBy: new Types.ObjectId(s1.user.id),
    slotStart: chinaInstant('2026-03-16', 9 * 60),
  });
  // Read everything from April, when the March notice may be generated.
  clock('2026-04-02', '09:00');
});
afterAll(async () => {
  jest.useRealTimers();
  await t.close();
});

/** The window-case figures with every field, in one literal (so a new field cannot slip by unchecked). */
const cases = (f: Partial<TScoreLine['windowCases']>): TScoreLine['windowCases'] => ({
  received: 0,
  immediate: 0,
  committed: 0,
  joint: 0,
  reported: 0,
  supplemented: 0,
  refused: 0,
  completed: 0,
  onTime: 0,
  onTimeRate: null,
  overdue: 0,
  breaches: 0,
  rated: 0,
  goodRate: null,
  ...f,
});

/** March at the center (and at its one window): 7 received, 5 completed, 3 of them on time (A, D, F). */
const MARCH_CENTER = cases({ received: 7, immediate: 2, committed: 3, joint: 1, reported: 1, supplemented: 1, refused: 1, completed: 5, onTime: 3, onTimeRate: 60, overdue: 2, breaches: 1, rated: 4, goodRate: 50 });

const scorecards = async (period: string) => ZScorecards.parse((await request(t.app).get(`/api/admin/scorecards?centerId=${tree.town}&period=${period}`).set(bearer(admin)).expect(200)).body);
const line = (list: TScoreLine[], id: string) => list.find((l) => l.key.endsWith(`:${id}`))!;

describe('the fixture, as the cases module judged it at 办结', () => {
  it('即办 by opening minutes (B took 40 across lunch), the others by their promised date', () => {
    expect(onTimeOf).toEqual({ H: true, A: true, B: false, C: false, D: true, F: true });
  });
});

describe('scorecards count every window case', () => {
  it('center and window, March 2026: 办件 by type, 补办/退办, on time, lapses and ratings; bookings on their own line', async () => {
    const s = await scorecards('month:2026-03');
    expect(s).toMatchObject({ from: '2026-03-01', to: '2026-04-01' });
    // Records rated: 1 served booking + 5 completed cases = 6; ratings A 5, B 2, C 4, F 1 → 4 counted, 2 good → 50%;
    // 2 差评, neither contacted nor put right yet → 0%; unrated 2 of 6 → 33.3%; lapses 2 overdue + 1 breach = 3.
    const rest = { served: 1, casesFinished: 0, onTimeRate: null, lapses: 3, ratings: 4, goodRate: 50, activeGoodRate: 50, badCount: 2, rectifiedRate: 0, followUpRate: 0, unratedRate: 33.3, complaints: 0 };
    expect(s.centers).toEqual([{ key: `center:${tree.town}`, name: '甲镇便民服务中心', windowCases: MARCH_CENTER, ...rest }]);
    expect(s.windows).toEqual([{ key: `window:${windowId}`, name: '综合窗口', windowCases: MARCH_CENTER, ...rest }]);
    expect(s.agents).toEqual([]);
  });

  it('staff, March 2026: each case counts for the staff member who received it', async () => {
    const s = await scorecards('month:2026-03');
    expect(s.staff).toHaveLength(2);
    // S1: A, B, D, F received (即办 2, 承诺 1, 联办 1; D was 补办); all 4 completed, 3 on time → 75%; one breach;
    // rated A 5, B 2, F 1 → 1 good of 3 → 33.3%; records 1 booking + 4 cases, 3 rated → unrated 40%.
    expect(line(s.staff, s1.user.id)).toEqual({
      key: `staff:${s1.user.id}`,
      name: '测试staff',
      windowCases: cases({ received: 4, immediate: 2, committed: 1, joint: 1, supplemented: 1, completed: 4, onTime: 3, onTimeRate: 75, breaches: 1, rated: 3, goodRate: 33.3 }),
      served: 1, casesFinished: 0, onTimeRate: null, lapses: 1, ratings: 3, goodRate: 33.3, activeGoodRate: 33.3, badCount: 2, rectifiedRate: 0, followUpRate: 0, unratedRate: 40, complaints: 0,
    });
    // S2: C, E, G received (承诺 2, 上报 1); E refused; C completed 2 working days late → 0%, 2 overdue lapses;
    // C rated 4 → 100%; records 1, rated 1 → unrated 0%.
    expect(line(s.staff, s2.user.id)).toEqual({
      key: `staff:${s2.user.id}`,
      name: '测试staff',
      windowCases: cases({ received: 3, committed: 2, reported: 1, refused: 1, completed: 1, onTime: 0, onTimeRate: 0, overdue: 2, rated: 1, goodRate: 100 }),
      served: 0, casesFinished: 0, onTimeRate: null, lapses: 2, ratings: 1, goodRate: 100, activeGoodRate: 100, badCount: 0, rectifiedRate: null, followUpRate: null, unratedRate: 0, complaints: 0,
    });
  });

  it('quarter and year take February’s case H in; a staff member reads only their own line', async () => {
    const q1 = await scorecards('quarter:2026-Q1');
    expect(q1.centers[0].windowCases).toEqual({ ...MARCH_CENTER, received: 8, immediate: 3, completed: 6, onTime: 4, onTimeRate: 66.7, rated: 5, goodRate: 60 });
    expect((await scorecards('year:2026')).centers[0].windowCases).toEqual(q1.centers[0].windowCases);
    expect((await scorecards('month:2026-02')).centers[0].windowCases).toEqual(cases({ received: 1, immediate: 1, completed: 1, onTime: 1, onTimeRate: 100, rated: 1, goodRate: 100 }));
    const mine = ZMyScorecard.parse((await request(t.app).get('/api/staff/scorecard?period=quarter:2026-Q1').set(bearer(s1)).expect(200)).body);
    // S1 over the quarter: 5 received (即办 3), 5 completed, 4 on time → 80%; rated 4 (5, 5, 2, 1) → 50%; 6 records → 33.3%.
    expect(mine.line).toMatchObject({
      windowCases: cases({ received: 5, immediate: 3, committed: 1, joint: 1, supplemented: 1, completed: 5, onTime: 4, onTimeRate: 80, breaches: 1, rated: 4, goodRate: 50 }),
      served: 1, ratings: 4, goodRate: 50, unratedRate: 33.3, lapses: 1,
    });
  });

  it('the Excel export holds the same numbers as the API, cell by cell, on every sheet', async () => {
    const api = await scorecards('month:2026-03');
    const x = await request(t.app).get(`/api/admin/scorecards.xlsx?centerId=${tree.town}&period=month:2026-03`).set(bearer(admin)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    const buf = x.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    // The columns as a reader of the sheet sees them, each with the API field it must equal.
    const w = (l: TScoreLine) => l.windowCases;
    const columns: [string, (l: TScoreLine) => unknown][] = [
      ['名称', (l) => l.name],
      ['受理办件', (l) => w(l).received],
      ['即办件', (l) => w(l).immediate],
      ['承诺件', (l) => w(l).committed],
      ['联办件', (l) => w(l).joint],
      ['上报件', (l) => w(l).reported],
      ['补办件', (l) => w(l).supplemented],
      ['退办件', (l) => w(l).refused],
      ['办结', (l) => w(l).completed],
      ['按时办结', (l) => w(l).onTime],
      ['办件按时办结率%', (l) => w(l).onTimeRate],
      ['超期（工作日）', (l) => w(l).overdue],
      ['违反一次性告知', (l) => w(l).breaches],
      ['办件评价数', (l) => w(l).rated],
      ['办件好评率%', (l) => w(l).goodRate],
      ['预约接待', (l) => l.served],
      ['代办办结', (l) => l.casesFinished],
      ['代办限时办结率%', (l) => l.onTimeRate],
      ['失误', (l) => l.lapses],
      ['评价数', (l) => l.ratings],
      ['好评率%', (l) => l.goodRate],
      ['主动评价好评率%', (l) => l.activeGoodRate],
      ['差评', (l) => l.badCount],
      ['差评整改率%', (l) => l.rectifiedRate],
      ['回访率%', (l) => l.followUpRate],
      ['未评价率%', (l) => l.unratedRate],
      ['投诉', (l) => l.complaints],
    ];
    let cells = 0;
    for (const [sheet, lines] of [['中心', api.centers], ['窗口', api.windows], ['工作人员', api.staff], ['代办员', api.agents]] as const) {
      const ws = wb.getWorksheet(sheet)!;
      expect(ws.getRow(1).getCell(1).value).toBe('2026-03-01 至 2026-04-01（不含）');
      expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual(columns.map(([label]) => label));
      expect(ws.rowCount).toBe(lines.length + 2);
      lines.forEach((l, i) => {
        columns.forEach(([, field], c) => {
          expect(ws.getRow(i + 3).getCell(c + 1).value).toEqual(field(l) ?? '—');
          cells++;
        });
      });
    }
    expect(cells).toBe(columns.length * 4); // center, window, two staff
  });
});

describe('the monthly notice counts window cases as 办件', () => {
  it('March 2026: 办件 by type, on time, lapses; bookings and 代办 on their own lines; ratings given in March', async () => {
    const res = await post(admin, '/api/admin/reports', { centerId: tree.town, month: '2026-03' }).expect(201);
    const f = ZReportFigures.parse(res.body);
    // Ratings given in March: A 5, B 2, C 4, F 1 (H's was given in February) — all of window cases.
    expect(f.cases).toEqual(MARCH_CENTER);
    // The served booking is its own line: not an 即办件 although its item is one.
    expect(f.bookings).toEqual({ served: 1 });
    expect(f.assisted).toEqual({ help: 0, delegate: 0, home: 0, refused: 0, corrected: 0, finished: 0, onTimeRate: null });
    // 6 rated records (1 booking + 5 cases), 4 ratings → unrated 33.3%; 2 差评, none put right yet.
    expect(f.ratings).toEqual({ total: 4, byLevel: { '5': 1, '4': 1, '3': 0, '2': 1, '1': 1 }, goodRate: 50, unratedRate: 33.3, bad: 2, badRectified: 0 });
    expect(f.complaints).toEqual({ total: 0, answered: 0, answeredInTime: 0 });
    const pub = ZReportFigures.parse((await request(t.app).get(`/api/reports/${tree.town}/2026-03`).expect(200)).body);
    expect(pub).toEqual(f);
  });

  it('February 2026 holds case H only', async () => {
    const f = ZReportFigures.parse((await post(admin, '/api/admin/reports', { centerId: tree.town, month: '2026-02' }).expect(201)).body);
    expect(f.cases).toEqual(cases({ received: 1, immediate: 1, completed: 1, onTime: 1, onTimeRate: 100, rated: 1, goodRate: 100 }));
    expect(f.bookings).toEqual({ served: 0 });
  });

  it('a notice stored before 办件 meant window cases is computed again rather than shown in the old shape', async () => {
    const old = { centerName: '甲镇便民服务中心', month: '2026-01', from: '2026-01-01', to: '2026-02-01', cases: { immediate: 3, committed: 0, joint: 0, reported: 0, refused: 0, corrected: 0 }, onTimeRate: null, assisted: { help: 0, delegate: 0, home: 0 } };
    await t.db.collection('monthlyreports').insertOne({ _id: `${tree.town}:2026-01` as never, centerId: new Types.ObjectId(tree.town), centerKey: tree.town, month: '2026-01', figures: old });
    const pub = ZReportFigures.parse((await request(t.app).get(`/api/reports/${tree.town}/2026-01`).expect(200)).body);
    expect(pub.cases).toEqual(cases({}));
    expect(ZReportFigures.safeParse((await t.db.collection('monthlyreports').findOne({ _id: `${tree.town}:2026-01` as never }))!.figures).success).toBe(true);
  });
});
