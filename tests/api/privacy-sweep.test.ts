/**
 * Privacy sweep: "every person sees only what is theirs; ID numbers and phones are never logged, and never returned
 * in full except to whoever handles that case". One citizen (A) goes through every service the system offers; then
 * every GET route of the OpenAPI document is asked by every role, and every answer (JSON, HTML, CSV, SVG, XLSX) and
 * every log line the API wrote is searched for A's full phone and ID number.
 */
import request from 'supertest';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { addDays, chinaDate, chinaInstant, isValidIdNumber, weekday, WorkingCalendar, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, buildServiceItem, publishItem, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';
import { nationalSchedule } from '../../api/src/modules/calendar';
import { logSmsSender } from '../../api/src/modules/auth';
import { createLogger } from '../../api/src/logger';
import { deliverDue, logSender } from '../../api/src/modules/notifications';

/** GB 11643 check digit, so the ID number passes the API's validation. */
function withCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const A_PHONE = '13912345678';
const A_ID = withCheckDigit('13012319560314172');
const A_NAME = '王建国';
const SECRETS = [A_PHONE, A_ID];

/** Every line the API logged during this file. */
const logLines: string[] = [];
let t: TestApp;
let tree: Tree;

type Role =
  | 'anonymous'
  | 'citizenA'
  | 'citizenB'
  | 'town1Staff'
  | 'town1Admin'
  | 'assignedAgent'
  | 'town1OtherAgent'
  | 'town2Staff'
  | 'town2Admin'
  | 'town2Agent'
  | 'supervisor'
  | 'countyAdmin';
/** Who handles A's records: A, the staff and admin of the town-1 center, and the agent the 代办 case is assigned to. */
const HANDLERS: Role[] = ['citizenA', 'town1Staff', 'town1Admin', 'assignedAgent'];
/** Who should not even see A's name: the public, another citizen, the people of another town. */
const OUTSIDERS: Role[] = ['anonymous', 'citizenB', 'town2Staff', 'town2Admin', 'town2Agent'];
const tokens = {} as Record<Exclude<Role, 'anonymous'>, TTokens>;

/** A's records (and a few things of the center), by what a path parameter names. */
const ids = {
  item: '',
  window: '',
  booking: '',
  bookingCode: '',
  ticket: '',
  case: '',
  caseCode: '',
  notice: '',
  delegation: '',
  rating: '',
  complaintCode: '',
  inquiry: '',
};

const cal = new WorkingCalendar({ national: nationalSchedule() });
let day = addDays(chinaDate(new Date()), 2);
while (!cal.isOpen(day) || weekday(day) > 5) day = addDays(day, 1);
const today = chinaDate(new Date());
const month = today.slice(0, 7);

beforeAll(async () => {
  expect(isValidIdNumber(A_ID)).toBe(true);
  t = await startTestApp({ logDestination: { write: (line: string) => void logLines.push(line) } });
  tree = await seedTree();
  const staff = async (role: 'admin' | 'staff' | 'agent' | 'supervisor', centerId: string): Promise<TTokens> => {
    if (role !== 'supervisor') return signInStaff(t, role, centerId);
    const username = `sup-${new Types.ObjectId().toHexString().slice(-8)}`;
    await t.auth.createStaffAccount({ username, password: 'Secret#123', name: '督查员', role, centerId });
    return (await request(t.app).post('/api/auth/password').send({ username, password: 'Secret#123' }).expect(200)).body as TTokens;
  };
  Object.assign(tokens, {
    citizenA: await signInCitizen(t, A_PHONE),
    citizenB: await signInCitizen(t, '13700001111'),
    town1Staff: await staff('staff', tree.town),
    town1Admin: await staff('admin', tree.town),
    assignedAgent: await staff('agent', tree.village),
    town1OtherAgent: await staff('agent', tree.town),
    town2Staff: await staff('staff', tree.town2),
    town2Admin: await staff('admin', tree.town2),
    town2Agent: await staff('agent', tree.town2),
    supervisor: await staff('supervisor', tree.county),
    countyAdmin: await staff('admin', tree.county),
  });
  const { town1Staff, town1Admin, citizenA, assignedAgent } = tokens;

  ids.item = await publishItem(t, town1Admin, tree.town, buildServiceItem({ code: 'PS-1', assistance: { help: true, delegate: true, homeVisit: true } }));
  ids.window = (
    await request(t.app).post('/api/admin/windows').set(bearer(town1Admin)).send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity: 20, heldBack: 0 }).expect(201)
  ).body.id;

  // A books, checks in, is called and served at the window, where the case is opened with A's phone and ID number.
  const slot = chinaInstant(day, 9 * 60);
  const booked = await request(t.app).post('/api/bookings').set(bearer(citizenA)).send({ itemId: ids.item, slotStart: slot.toISOString() }).expect(201);
  ids.booking = booked.body.id;
  ids.bookingCode = booked.body.code;
  const actor = { id: town1Staff.user.id, role: 'staff' as const, centerId: tree.town };
  const at = new Date(slot.getTime() - 5 * 60_000);
  await t.queue.checkIn(actor, ids.bookingCode, at);
  const ticket = await t.queue.callNext(actor, ids.window, at);
  ids.ticket = ticket.id;
  const opened = await request(t.app)
    .post('/api/staff/cases')
    .set(bearer(town1Staff))
    .send({ itemId: ids.item, ticketId: ids.ticket, applicant: { name: A_NAME, phone: A_PHONE, idNumber: A_ID }, answers: { 'by-agent': false }, receivedMaterials: ['id-card', 'hukou', 'form'] });
  expect(opened.status).toBe(201);
  ids.case = opened.body.id;
  ids.caseCode = opened.body.code;
  ids.notice = opened.body.notices[0]?.id ?? new Types.ObjectId().toHexString();
  await t.queue.done(actor, ids.ticket);

  // A rates the booking badly (a 差评 is followed up by phone).
  const rated = await request(t.app)
    .post('/api/ratings')
    .set(bearer(citizenA))
    .send({ subject: { kind: 'booking', id: ids.booking }, level: 1, dims: { overall: 1, efficiency: 1, service: 1, attitude: 1 }, comment: '等了很久' });
  expect(rated.status).toBe(201);
  ids.rating = rated.body.id;

  // A asks for 代办 at the village point; its agent accepts.
  const delegation = await request(t.app)
    .post('/api/delegations')
    .set(bearer(citizenA))
    .send({ itemId: ids.item, mode: 'delegate', villageId: tree.village, contactPhone: A_PHONE, person: { name: '王秀英', idNumber: A_ID, phone: A_PHONE, relation: '本人' } });
  expect(delegation.status).toBe(201);
  ids.delegation = delegation.body.id;
  await request(t.app).post(`/api/delegations/${ids.delegation}/steps`).set(bearer(assignedAgent)).send({ action: 'accept' }).expect(201);

  // A complains under their own name, with a phone for the answer.
  const complaint = await request(t.app)
    .post('/api/complaints')
    .set(bearer(citizenA))
    .send({ kind: 'complaint', anonymous: false, centerId: tree.town, target: { kind: 'window', windowId: ids.window }, reference: ids.bookingCode, content: '窗口让我来回跑了三趟', contact: { name: A_NAME, phone: A_PHONE } });
  expect(complaint.status).toBe(201);
  ids.complaintCode = complaint.body.code;

  // 首问: A phoned the center; the staff member who took the call wrote down A's number.
  const inquiry = await request(t.app)
    .post('/api/staff/inquiries')
    .set(bearer(town1Staff))
    .send({ question: '新生儿落户需要哪些材料？', matter: '出生登记', outcome: 'referred', referral: { to: '户籍窗口', receiver: '李警官' }, phone: A_PHONE });
  expect(inquiry.status).toBe(201);
  ids.inquiry = inquiry.body.id;

  // Citizen B of the same town has a booking of their own (so B's lists are not trivially empty).
  await request(t.app).post('/api/bookings').set(bearer(tokens.citizenB)).send({ itemId: ids.item, slotStart: chinaInstant(day, 10 * 60).toISOString() }).expect(201);
});
afterAll(() => t.close());

const missing = () => new Types.ObjectId().toHexString();

/** The value for a path parameter: A's record where the route names one, the town-1 center, else a not-found id. */
function pathValue(route: string, name: string): string {
  if (name === 'centerId') return tree.town;
  if (name === 'windowId') return ids.window;
  if (name === 'noticeId') return ids.notice;
  if (name === 'month') return month;
  if (name === 'version') return '1';
  if (name === 'userId') return tokens.town1Staff.user.id;
  if (name === 'code') return route.startsWith('/api/complaints') ? ids.complaintCode : ids.caseCode;
  if (name !== 'id') return missing();
  const byPrefix: [string, string][] = [
    ['/api/bookings/', ids.booking],
    ['/api/my/queue/', ids.booking],
    ['/api/delegations/', ids.delegation],
    ['/api/ratings/', ids.rating],
    ['/api/staff/cases/', ids.case],
    ['/api/my/cases/', ids.case],
    ['/api/centers/', tree.town],
    ['/api/admin/centers/', tree.town],
    ['/api/service-items/', ids.item],
    ['/api/admin/service-items/', ids.item],
    ['/notice/', ids.item],
    ['/api/people/', tokens.town1Staff.user.id],
  ];
  return byPrefix.find(([p]) => route.startsWith(p))?.[1] ?? missing();
}

/** Query values: A's center and day; search boxes get A's phone (so a search by phone is checked in the logs too). */
function queryValue(route: string, name: string): string | undefined {
  if (name === 'scope' && route === '/api/admin/agents') return 'county';
  const values: Record<string, string> = {
    centerId: tree.town,
    from: today,
    to: addDays(today, 30),
    date: day,
    windowId: ids.window,
    itemId: ids.item,
    month,
    period: `month:${month}`,
    year: today.slice(0, 4),
    scope: tree.town,
    q: A_PHONE,
    text: A_PHONE,
    userId: tokens.town1Staff.user.id,
    bad: 'true',
  };
  return values[name];
}

interface Op {
  parameters?: { name: string; in: string; required: boolean; schema?: { enum?: string[] } }[];
}

/** Whole text of an answer: body text, or every cell of a workbook. Binary images and PDFs: none. */
async function textOf(res: request.Response): Promise<string> {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('spreadsheetml')) {
    const wb = new ExcelJS.Workbook();
    const buf = res.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(String(c.text)))));
    return cells.join('\n');
  }
  if (/json|text|svg|csv|html/.test(type)) return res.text ?? '';
  return '';
}

const binary = (res: request.Response, cb: (err: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('privacy sweep over every GET route × every role', () => {
  const findings: string[] = [];
  const refusals: string[] = [];
  let checked = 0;
  let refused = 0;
  let handlerSawPhone = false;
  let handlerSawId = false;

  it('never returns A’s full phone or ID number to anyone who does not handle A’s case', async () => {
    const spec = (await request(t.app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Op>> };
    const routes = Object.entries(spec.paths).filter(([, ops]) => ops.get);
    expect(routes.length).toBeGreaterThan(50);
    const roles: Role[] = ['anonymous', ...(Object.keys(tokens) as Role[])];
    const answered = new Set<string>();
    const why = new Map<string, string>();
    /** Where the handlers do see A's numbers in full (printed: the sweep's positive side). */
    const shown = new Set<string>();
    for (const [route, ops] of routes) {
      const params = ops.get.parameters ?? [];
      const path = route.replace(/\{(\w+)\}/g, (_m, name: string) => pathValue(route, name));
      const query: Record<string, string> = {};
      for (const p of params.filter((x) => x.in === 'query')) {
        const v = queryValue(route, p.name);
        if (v !== undefined) query[p.name] = v;
      }
      // Every output format a route offers (A4 page and slip, xlsx and csv, …) is a variant of its own.
      const formats = params.find((x) => x.in === 'query' && x.name === 'format')?.schema?.enum ?? [];
      const variants = [query, ...formats.map((format) => ({ ...query, format }))];
      for (const [variant, role] of variants.flatMap((v) => roles.map((r) => [v, r] as const))) {
        let r = request(t.app).get(path).query(variant);
        if (role !== 'anonymous') r = r.set(bearer(tokens[role]));
        const res = await r.buffer(true).parse(binary);
        const type = String(res.headers['content-type'] ?? '');
        // Re-read text answers as text (the binary parser above keeps workbooks intact).
        if (!type.includes('spreadsheetml')) res.text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
        const text = await textOf(res);
        checked++;
        if (res.status < 300) answered.add(route);
        else if (role === 'town1Admin' || role === 'citizenA') why.set(route, `${why.get(route) ?? ''} ${role}:${res.status} ${text.slice(0, 120)}`);
        const handler = HANDLERS.includes(role);
        for (const s of SECRETS) {
          if (!text.includes(s)) continue;
          if (handler) {
            shown.add(`${role} ${route} (${s === A_PHONE ? 'phone' : 'ID'})`);
            if (s === A_PHONE) handlerSawPhone = true;
            else handlerSawId = true;
          } else findings.push(`${role} GET ${route} → ${res.status}: full ${s === A_PHONE ? 'phone' : 'ID number'}`);
        }
        if (OUTSIDERS.includes(role) && text.includes(A_NAME)) findings.push(`${role} GET ${route} → ${res.status}: A’s name unmasked`);
        // B asking for A's own records by id: refused.
        const aRecord = path.includes(ids.booking) || path.includes(ids.ticket) || path.includes(ids.delegation) || path.includes(ids.rating) || path.includes(ids.case);
        if (role === 'citizenB' && aRecord) {
          refused++;
          if (![403, 404].includes(res.status)) refusals.push(`citizenB GET ${route} → ${res.status}`);
        }
        if (res.status >= 500) findings.push(`${role} GET ${route} → ${res.status} ${text.slice(0, 200)}`);
      }
    }
    const unanswered = routes.map(([r]) => r).filter((r) => !answered.has(r));
    console.log(`privacy sweep: ${routes.length} GET routes × ${roles.length} roles = ${checked} answers checked (${refused} of them B asking for A's records by id); no role got a 2xx from: ${unanswered.join(', ') || 'none'}`);
    console.log(`shown in full to handlers:\n${[...shown].join('\n')}`);
    console.log(unanswered.map((r) => `${r}: ${why.get(r)}`).join('\n'));
    expect(findings).toEqual([]);
    expect(refusals).toEqual([]);
    // The agent handles A's 代办 case only: nothing else of A's in full.
    expect([...shown].filter((x) => x.startsWith('assignedAgent') && !x.includes('/api/delegations'))).toEqual([]);
    // The sweep can see a leak: the handlers do get A's phone and ID number somewhere.
    expect(handlerSawPhone).toBe(true);
    expect(handlerSawId).toBe(true);
  });

  it('never logs A’s full phone or ID number (sign-in by SMS, every request of the sweep, the development SMS sender)', async () => {
    const lines: string[] = [];
    await logSmsSender(createLogger('trace', { write: (l: string) => void lines.push(l) }), true).send(A_PHONE, '123456');
    expect(lines.length).toBe(1);
    // An error whose message carries a number (as a database driver's duplicate-key error does) is masked in the log.
    createLogger('trace', { write: (l: string) => void lines.push(l) }).error({ err: new Error(`E11000 dup key: { phone: "${A_PHONE}", idNumber: "${A_ID}" }`) }, 'unhandled error');
    expect(lines.at(-1)).toContain('139****5678');
    // The notifications queued by A's bookings, case, 代办 and complaint, through the development sender (it logs
    // titles): no number in the log, and no ID number in any message.
    const notices: string[] = [];
    const recorder = logSender(createLogger('trace', { write: (l: string) => void lines.push(l) }));
    const sent = await deliverDue({ send: async (n) => (notices.push(JSON.stringify(n)), recorder.send(n)) }, new Date(Date.now() + 60 * 86_400_000), 1000);
    expect(sent.sent).toBeGreaterThan(0);
    expect(notices.filter((n) => n.includes(A_ID))).toEqual([]);
    // An ID number typed into a search box or a QR text: the request log masks it like a phone.
    await request(t.app).get('/api/service-items').query({ q: A_ID }).expect(200);
    // Right after a percent-escaped character too (…%A0 then the digits).
    await request(t.app).get('/api/service-items').query({ q: `身份证${A_ID}电话${A_PHONE}` });
    expect(logLines.some((l) => l.includes(`${A_ID.slice(0, 6)}********${A_ID.slice(14)}`))).toBe(true);
    expect(logLines.length).toBeGreaterThan(500);
    // Named by message and URL only, so a failure stays readable.
    const leaked = [...logLines, ...lines]
      .filter((l) => SECRETS.some((s) => l.includes(s)))
      .map((l) => {
        const j = JSON.parse(l) as { msg?: string; req?: { method?: string; url?: string } };
        return `${j.msg ?? ''} ${j.req?.method ?? ''} ${j.req?.url ?? l.slice(0, 300)}`;
      });
    expect([...new Set(leaked)]).toEqual([]);
  });
});
