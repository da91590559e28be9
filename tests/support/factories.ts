import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TServiceItemInput, TTokens } from '@bianmin/shared';
import { Center } from '../../api/src/modules/centers/center.model';
import type { TestApp } from './test-app';

/** A complete, valid 办事指南 with one conditional material; override any field. */
export function buildServiceItem(overrides: Partial<TServiceItemInput> = {}): TServiceItemInput {
  return {
    code: `T-${randomBytes(3).toString('hex')}`,
    name: '城乡居民基本养老保险参保登记',
    category: '社会保障',
    department: '县人力资源和社会保障局',
    window: '社会保障窗口',
    caseType: 'immediate',
    legalBasis: ['《中华人民共和国社会保险法》'],
    conditions: ['年满16周岁（不含在校学生）', '非国家机关和事业单位工作人员', '不属于职工基本养老保险制度覆盖范围'],
    questions: [{ key: 'by-agent', text: '是否委托他人代为办理？' }],
    materials: [
      { key: 'id-card', name: '居民身份证', form: 'original', copies: 0, requirement: 'required' },
      { key: 'hukou', name: '户口簿', form: 'original_and_copy', copies: 1, requirement: 'required', source: '本人户籍' },
      { key: 'form', name: '城乡居民基本养老保险参保登记表', form: 'original', copies: 1, requirement: 'required', source: '窗口领取' },
      { key: 'agent-id', name: '代办人居民身份证', form: 'original', copies: 0, requirement: 'conditional', whenQuestion: 'by-agent' },
      { key: 'photo', name: '近期一寸免冠照片', form: 'original', copies: 1, requirement: 'optional' },
    ],
    procedure: [
      { title: '申请', description: '携带材料到窗口或村代办点提出申请' },
      { title: '受理', description: '窗口审核材料，当场办结' },
    ],
    legalLimitDays: 0,
    committedLimitDays: 0,
    fee: { free: true },
    visits: 1,
    place: '乡镇便民服务中心 社会保障窗口',
    hours: '周一至周五 8:30—12:00，13:00—17:30',
    assistance: { help: true, delegate: true, homeVisit: false },
    consultPhone: '0311-86000001',
    complaintPhone: '12345',
    faqs: [{ q: '可以在村里办吗？', a: '可以，村代办点可代为受理。' }],
    keywords: ['新农保'],
    ...overrides,
  };
}

export interface Tree {
  county: string;
  town: string;
  town2: string;
  village: string;
}

/** County → two towns → a village point under the first town. */
export async function seedTree(): Promise<Tree> {
  const suffix = randomBytes(3).toString('hex');
  const county = await Center.create({ code: `C-${suffix}`, name: '测试县政务服务中心', level: 'county' });
  const town = await Center.create({ code: `T1-${suffix}`, name: '甲镇便民服务中心', level: 'town', parentId: county._id, ancestors: [county._id] });
  const town2 = await Center.create({ code: `T2-${suffix}`, name: '乙镇便民服务中心', level: 'town', parentId: county._id, ancestors: [county._id] });
  const village = await Center.create({
    code: `V-${suffix}`,
    name: '东村代办点',
    level: 'village',
    parentId: town._id,
    ancestors: [county._id, town._id],
  });
  return { county: String(county._id), town: String(town._id), town2: String(town2._id), village: String(village._id) };
}

/** A staff/agent/admin account signed in through the API. */
export async function signInStaff(t: TestApp, role: 'admin' | 'staff' | 'agent', centerId: string): Promise<TTokens> {
  const username = `${role}-${randomBytes(4).toString('hex')}`;
  await t.auth.createStaffAccount({ username, password: 'Secret#123', name: `测试${role}`, role, centerId });
  const res = await request(t.app).post('/api/auth/password').send({ username, password: 'Secret#123' }).expect(200);
  return res.body as TTokens;
}

let phoneSeq = 0;
/** A citizen signed in by SMS through the API (a fresh phone number each call unless given). */
export async function signInCitizen(t: TestApp, phone?: string): Promise<TTokens> {
  const p = phone ?? `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq++).padStart(4, '0')}`;
  await request(t.app).post('/api/auth/sms/send').send({ phone: p }).expect(200);
  const code = t.sms.sent.filter((s) => s.phone === p).at(-1)!.code;
  const res = await request(t.app).post('/api/auth/sms/verify').send({ phone: p, code }).expect(200);
  return res.body as TTokens;
}

export const bearer = (tokens: TTokens) => ({ Authorization: `Bearer ${tokens.accessToken}` });

/** Create and publish an item at a center through the admin API; returns its id. */
export async function publishItem(t: TestApp, admin: TTokens, centerId: string, item = buildServiceItem()): Promise<string> {
  const created = await request(t.app).post('/api/admin/service-items').set(bearer(admin)).send({ centerId, item }).expect(201);
  await request(t.app).post(`/api/admin/service-items/${created.body.id}/publish`).set(bearer(admin)).send({ version: 1 }).expect(200);
  return created.body.id as string;
}

/** Sign tokens directly for many synthetic citizens (load tests): real users in the database, no SMS round trip. */
export async function manyCitizens(t: TestApp, n: number): Promise<{ id: string; headers: Record<string, string> }[]> {
  const { User } = await import('../../api/src/modules/auth/auth.model');
  const { signAccessToken } = await import('../../api/src/http/auth');
  const docs = await User.insertMany(Array.from({ length: n }, (_, i) => ({ role: 'citizen', name: `群众${i}`, phone: `136${String(i).padStart(8, '0')}` })));
  return docs.map((d) => ({
    id: String(d._id),
    headers: { Authorization: `Bearer ${signAccessToken({ id: String(d._id), role: 'citizen' }, t.config.JWT_SECRET, 3600)}` },
  }));
}

/**
 * A town with a published item, one window of `capacity` seats per 30-minute slot, and the 9:00 slot of the first
 * working weekday at least two days ahead: the set-up of every booking race.
 */
export async function bookableSlot(t: TestApp, code: string, capacity: number): Promise<{ tree: Tree; admin: TTokens; itemId: string; day: string; slotStart: string }> {
  const { addDays, chinaDate, chinaInstant, weekday, WorkingCalendar } = await import('@bianmin/shared');
  const { nationalSchedule } = await import('../../api/src/modules/calendar');
  const tree = await seedTree();
  const admin = await signInStaff(t, 'admin', tree.town);
  const itemId = await publishItem(t, admin, tree.town, buildServiceItem({ code }));
  await request(t.app)
    .post('/api/admin/windows')
    .set(bearer(admin))
    .send({ centerId: tree.town, name: '综合窗口', code: 'A', itemCodes: [], slotMinutes: 30, capacity, heldBack: 0 })
    .expect(201);
  const cal = new WorkingCalendar({ national: nationalSchedule() });
  let day = addDays(chinaDate(new Date()), 2);
  while (!cal.isOpen(day) || weekday(day) > 5) day = addDays(day, 1);
  return { tree, admin, itemId, day, slotStart: chinaInstant(day, 9 * 60).toISOString() };
}
