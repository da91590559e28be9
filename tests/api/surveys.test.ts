import request from 'supertest';
import ExcelJS from 'exceljs';
import { addDays, chinaDate, ZSurvey, ZSurveyForResponder, ZSurveyResults, type TTokens } from '@bianmin/shared';
import { startTestApp, type TestApp } from '../support/test-app';
import { bearer, seedTree, signInCitizen, signInStaff, type Tree } from '../support/factories';

let t: TestApp;
let tree: Tree;
let townAdmin: TTokens;
let town2Admin: TTokens;
let surveyId: string;
const today = chinaDate(new Date());

const survey = () => ({
  centerId: tree.town,
  title: '2026年第四季度群众满意度评议',
  intro: '匿名填写，约1分钟',
  questions: [
    { key: 'overall', kind: 'rating', text: '您对本中心服务总体是否满意？', required: true },
    { key: 'channel', kind: 'single', text: '您主要通过哪种方式办事？', options: ['窗口', '村代办点', '小程序'], required: true },
    { key: 'improve', kind: 'multi', text: '哪些方面需要改进？', options: ['等候时间', '告知清楚', '服务态度', '办事效率'], required: false },
    { key: 'advice', kind: 'text', text: '其他意见建议', required: false },
  ],
  opensOn: addDays(today, -1),
  closesOn: addDays(today, 30),
  targetSample: 200,
});

beforeAll(async () => {
  t = await startTestApp();
  tree = await seedTree();
  [townAdmin, town2Admin] = await Promise.all([signInStaff(t, 'admin', tree.town), signInStaff(t, 'admin', tree.town2)]);
});
afterAll(() => t.close());

describe('building a questionnaire', () => {
  it('refuses another center’s admin and malformed questions, naming the field', async () => {
    await request(t.app).post('/api/admin/surveys').set(bearer(town2Admin)).send(survey()).expect(403);
    const bad = await request(t.app).post('/api/admin/surveys').set(bearer(townAdmin)).send({ ...survey(), questions: [{ key: 'q', kind: 'single', text: '只有一个选项？', options: ['是'], required: true }] }).expect(400);
    expect(bad.body.error.details[0].field).toBe('questions.0.options');
    const dates = await request(t.app).post('/api/admin/surveys').set(bearer(townAdmin)).send({ ...survey(), closesOn: addDays(today, -5) }).expect(400);
    expect(dates.body.error.details[0].field).toBe('closesOn');
  });
  it('creates a draft that the public cannot see until published; published ones are fixed', async () => {
    const res = await request(t.app).post('/api/admin/surveys').set(bearer(townAdmin)).send(survey()).expect(201);
    surveyId = res.body.id;
    expect(ZSurvey.parse(res.body).status).toBe('draft');
    await request(t.app).get(`/api/surveys/${surveyId}`).expect(404);
    await request(t.app).post(`/api/admin/surveys/${surveyId}/publish`).set(bearer(townAdmin)).expect(200);
    const pub = await request(t.app).get(`/api/surveys/${surveyId}`).expect(200);
    expect(ZSurveyForResponder.parse(pub.body).questions).toHaveLength(4);
    expect(pub.body).not.toHaveProperty('status');
    await request(t.app).put(`/api/admin/surveys/${surveyId}`).set(bearer(townAdmin)).send(survey()).expect(409);
  });
  it('makes a text question optional (选答) and the others required when 必答 is left out', async () => {
    const questions = survey().questions.map(({ required: _r, ...q }) => q);
    const res = await request(t.app).post('/api/admin/surveys').set(bearer(townAdmin)).send({ ...survey(), questions }).expect(201);
    expect(ZSurvey.parse(res.body).questions.map((q) => [q.kind, q.required])).toEqual([['rating', true], ['single', true], ['multi', true], ['text', false]]);
  });
});

describe('answering anonymously', () => {
  let tokens: string[];
  beforeAll(async () => {
    const res = await request(t.app).post(`/api/admin/surveys/${surveyId}/tokens`).set(bearer(townAdmin)).send({ count: 3 }).expect(201);
    tokens = res.body.tokens.map((x: { token: string }) => x.token);
    expect(res.body.tokens[0].path).toBe(`/s/${surveyId}?t=${tokens[0]}`);
  });
  it('refuses a response without a card or sign-in, wrong answers naming the question, made-up tokens', async () => {
    await request(t.app).post(`/api/surveys/${surveyId}/responses`).send({ answers: { overall: 5, channel: 0 } }).expect(401);
    const bad = await request(t.app).post(`/api/surveys/${surveyId}/responses`).send({ token: tokens[0], answers: { overall: 9, channel: 7, bogus: 'x' } }).expect(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['answers.bogus', 'answers.channel', 'answers.overall']);
    // People read the question's number, never its key.
    expect(bad.body.error.details.find((d: { field: string }) => d.field === 'answers.overall').message).toMatch(/^第1题：/);
    expect(bad.body.error.message).not.toMatch(/overall|channel|bogus/);
    await request(t.app).post(`/api/surveys/${surveyId}/responses`).send({ token: 'A'.repeat(22), answers: { overall: 5, channel: 0 } }).expect(404);
    expect(await t.db.collection('surveyresponses').countDocuments()).toBe(0);
  });
  it('takes one response per card and per citizen, and the stored answers hold no identity, token or time of day', async () => {
    const answers = [
      { token: tokens[0], answers: { overall: 5, channel: 0, improve: [0, 1], advice: '希望延长午间服务' } },
      { token: tokens[1], answers: { overall: 4, channel: 1, improve: [0] } },
      { token: tokens[2], answers: { overall: 2, channel: 0, improve: [2, 3], advice: '窗口人手不够' } },
    ];
    for (const a of answers) await request(t.app).post(`/api/surveys/${surveyId}/responses`).send(a).expect(201);
    await request(t.app).post(`/api/surveys/${surveyId}/responses`).send(answers[0]).expect(409);
    // A used card is refused when opened, not only at submit; a made-up one is not found.
    const used = await request(t.app).get(`/api/surveys/${surveyId}?t=${tokens[0]}`).expect(409);
    expect(used.body.error).toMatchObject({ code: 'CONFLICT', used: true });
    expect(used.body.error.message).toContain('已经用过');
    await request(t.app).get(`/api/surveys/${surveyId}?t=${'A'.repeat(22)}`).expect(404);
    const citizen = await signInCitizen(t);
    await request(t.app).get(`/api/surveys/${surveyId}`).set(bearer(citizen)).expect(200);
    const rs = await Promise.all(Array.from({ length: 5 }, () => request(t.app).post(`/api/surveys/${surveyId}/responses`).set(bearer(citizen)).send({ answers: { overall: 3, channel: 2 } })));
    expect(rs.filter((r) => r.status === 201)).toHaveLength(1);
    expect((await request(t.app).get(`/api/surveys/${surveyId}`).set(bearer(citizen)).expect(409)).body.error.message).toContain('已参与');
    const stored = await t.db.collection('surveyresponses').find().toArray();
    expect(stored).toHaveLength(4);
    for (const s of stored) {
      expect(Object.keys(s).sort()).toEqual(['_id', 'answers', 'day', 'surveyKey']);
      expect(JSON.stringify(s)).not.toContain(citizen.user.id);
      expect(tokens.some((tk) => JSON.stringify(s).includes(tk))).toBe(false);
    }
  });
  it('computes results per question: counts, shares, the rating mean from sums, and the texts', async () => {
    await request(t.app).get(`/api/admin/surveys/${surveyId}/results`).set(bearer(town2Admin)).expect(403);
    const res = await request(t.app).get(`/api/admin/surveys/${surveyId}/results`).set(bearer(townAdmin)).expect(200);
    expect(ZSurveyResults.parse(res.body).responses).toBe(4);
    const [overall, channel, improve, advice] = res.body.questions;
    // Ratings 5, 4, 2, 3 → mean 3.5; level 2 is one of four = 25%.
    expect(overall).toMatchObject({ answered: 4, average: 3.5 });
    expect(overall.counts.find((c: { label: string }) => c.label === '2')).toEqual({ label: '2', count: 1, share: 25 });
    // Channels 窗口, 村代办点, 窗口, 小程序.
    expect(channel.counts).toEqual([{ label: '窗口', count: 2, share: 50 }, { label: '村代办点', count: 1, share: 25 }, { label: '小程序', count: 1, share: 25 }]);
    // Three answered the multi-choice: 等候时间 twice (66.7%).
    expect(improve.counts[0]).toEqual({ label: '等候时间', count: 2, share: 66.7 });
    expect(advice.texts.sort()).toEqual(['希望延长午间服务', '窗口人手不够'].sort());
    const x = await request(t.app).get(`/api/admin/surveys/${surveyId}/results.xlsx`).set(bearer(townAdmin)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    const buf = x.body as Buffer;
    await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    expect(wb.getWorksheet('评议结果')!.getRow(2).getCell(1).value).toBe('有效问卷 4 份（目标样本 200 份）');
  });
  it('redirects the short QR link to the survey page of the app', async () => {
    const res = await request(t.app).get(`/s/${surveyId}?t=${'B'.repeat(22)}`).expect(302);
    expect(res.headers.location).toBe(`/#/packages/survey/pages/answer/index?id=${surveyId}&t=${'B'.repeat(22)}`);
  });
});
