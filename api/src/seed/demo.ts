import { Types } from 'mongoose';
import type { TCenterLevel } from '@bianmin/shared';
import { Center } from '../modules/centers/center.model';
import { ServiceItem } from '../modules/service-items/service-item.model';
import * as items from '../modules/service-items/service-items.service';
import type { AuthService } from '../modules/auth/auth.service';
import type { Actor } from '../http/auth';
import { CATALOG } from './catalog';
import { BookingWindow } from '../modules/bookings/booking.model';
import { seedWindows } from './catalog/windows';
import { createStaffDirectoryService } from '../modules/staff-directory';

/** Demo county (fictional contact data). Codes are stable so the seed is idempotent. */
const CENTERS: { code: string; name: string; level: TCenterLevel; parent: string | null; address: string; phone: string }[] = [
  { code: 'QH-COUNTY', name: '清河县政务服务中心', level: 'county', parent: null, address: '清河县人民路88号', phone: '0319-86012345' },
  { code: 'QH-CHENGGUAN', name: '城关镇便民服务中心', level: 'town', parent: 'QH-COUNTY', address: '城关镇政府一楼', phone: '0319-86023456' },
  { code: 'QH-YANGLIU', name: '杨柳镇便民服务中心', level: 'town', parent: 'QH-COUNTY', address: '杨柳镇府前街6号', phone: '0319-86034567' },
  { code: 'QH-DONGZHUANG', name: '东庄村便民服务代办点', level: 'village', parent: 'QH-CHENGGUAN', address: '东庄村村委会', phone: '0319-86045678' },
];

export const DEMO_PASSWORD = 'Demo@2026';
const ACCOUNTS = [
  { username: 'county-admin', name: '县中心管理员', role: 'admin', center: 'QH-COUNTY' },
  { username: 'county-staff', name: '县中心窗口人员', role: 'staff', center: 'QH-COUNTY' },
  { username: 'town1-admin', name: '城关镇中心主任', role: 'admin', center: 'QH-CHENGGUAN' },
  { username: 'town1-staff', name: '城关镇窗口人员', role: 'staff', center: 'QH-CHENGGUAN' },
  { username: 'town1-agent', name: '城关镇代办员', role: 'agent', center: 'QH-CHENGGUAN' },
  { username: 'town2-admin', name: '杨柳镇中心主任', role: 'admin', center: 'QH-YANGLIU' },
  { username: 'village1-agent', name: '东庄村代办员', role: 'agent', center: 'QH-DONGZHUANG' },
  { username: 'county-supervisor', name: '县纪检监察督查员', role: 'supervisor', center: 'QH-COUNTY' },
] as const;

/** The start banner's sign-in lines: every demo account, read from the list the seed creates so they never drift. */
export function demoSignInLines(): string[] {
  return [
    '  Sign in as a citizen:   any mobile number, e.g. 13800000001; the SMS code is shown on screen (development)',
    `  Staff accounts (password ${DEMO_PASSWORD}), from 我的 → 工作人员登录:`,
    ...ACCOUNTS.map((a) => `    ${a.username.padEnd(18)} ${a.role.padEnd(11)} ${a.name}`),
  ];
}

/** 挂牌上岗: 工号, post and window (by code) of the demo people who serve citizens. */
const CARDS: { username: string; staffNo: string; post: string; window: string | null; duties: string }[] = [
  { username: 'county-admin', staffNo: 'QH0001', post: '中心主任', window: null, duties: '负责中心日常管理和投诉受理' },
  { username: 'county-staff', staffNo: 'QH0101', post: '综合受理', window: 'A', duties: '综合受理、一次性告知、首问登记' },
  { username: 'town1-admin', staffNo: 'CG0001', post: '中心主任', window: null, duties: '负责中心日常管理' },
  { username: 'town1-staff', staffNo: 'CG0101', post: '综合受理', window: 'A', duties: '综合受理、一次性告知、首问登记' },
  { username: 'town1-agent', staffNo: 'CG0201', post: '代办员', window: null, duties: '帮办代办、上门服务' },
  { username: 'town2-admin', staffNo: 'YL0001', post: '中心主任', window: null, duties: '负责中心日常管理' },
  { username: 'village1-agent', staffNo: 'DZ0101', post: '代办员', window: null, duties: '村级帮办代办' },
];

const HOURS = '周一至周五（法定节假日除外）上午8:30—12:00，下午13:00—17:30';

async function upsertCenters(): Promise<Map<string, Types.ObjectId>> {
  const ids = new Map<string, Types.ObjectId>();
  for (const c of CENTERS) {
    const parentId = c.parent ? ids.get(c.parent)! : null;
    const parent = parentId ? await Center.findById(parentId).lean() : null;
    const ancestors = parent ? [...(parent.ancestors ?? []), parent._id] : [];
    // Insert-or-read rather than an upsert: FerretDB 1.x drops null and empty-array fields from $setOnInsert.
    if (!(await Center.exists({ code: c.code }))) {
      await Center.create({ code: c.code, name: c.name, level: c.level, parentId, ancestors, address: c.address, phone: c.phone, hours: HOURS }).catch(
        (err: { code?: number }) => {
          if (err.code !== 11000) throw err;
        },
      );
    }
    const row = await Center.findOne({ code: c.code }).lean();
    ids.set(c.code, row!._id);
  }
  return ids;
}

/**
 * Demo county, one account per role, and the published catalog: county items at the county center, town items at
 * both towns. Safe to run at every start: existing records are left as they are.
 */
export async function seedDemo(auth: AuthService) {
  const centers = await upsertCenters();
  const users = new Map<string, Types.ObjectId>();
  for (const a of ACCOUNTS) {
    const id = await auth.createStaffAccount({ ...a, password: DEMO_PASSWORD, centerId: centers.get(a.center)! });
    users.set(a.username, new Types.ObjectId(String(id)));
  }
  const countyAdmin: Actor = { id: String(users.get('county-admin')), role: 'admin', centerId: String(centers.get('QH-COUNTY')) };
  let created = 0;
  const targets = (level: 'county' | 'town') => (level === 'county' ? ['QH-COUNTY'] : ['QH-CHENGGUAN', 'QH-YANGLIU']);
  for (const s of CATALOG) {
    for (const code of targets(s.level)) {
      const centerId = String(centers.get(code));
      if (await ServiceItem.exists({ centerId: new Types.ObjectId(centerId), code: s.item.code })) continue;
      const row = await items.create(countyAdmin, centerId, s.item).catch((err: { code?: string }) => {
        if (err.code === 'CONFLICT') return undefined;
        throw err;
      });
      if (row) {
        await items.publish(countyAdmin, row.id, 1);
        created++;
      }
    }
  }
  // One general booking window per center (30-minute slots, 6 seats, 1 held back for 绿色通道); the county also
  // has a household-registration window for 户籍 matters.
  const windows = seedWindows(CATALOG);
  for (const w of windows) {
    if (await BookingWindow.exists({ centerId: centers.get(w.center)!, code: w.code })) continue;
    await BookingWindow.create({ centerId: centers.get(w.center)!, name: w.name, code: w.code, itemCodes: w.itemCodes, slotMinutes: 30, capacity: 6, heldBack: 1 }).catch(
      (err: { code?: number }) => {
        if (err.code !== 11000) throw err;
      },
    );
  }
  await seedCards(countyAdmin, users, centers);
  return { centers: centers.size, accounts: ACCOUNTS.length, itemsCreated: created };
}

/** Give the demo people their cards once (a card an admin has since edited is left as it is). */
async function seedCards(countyAdmin: Actor, users: Map<string, Types.ObjectId>, centers: Map<string, Types.ObjectId>) {
  const dir = createStaffDirectoryService();
  for (const c of CARDS) {
    const userId = String(users.get(c.username));
    const current = await dir.cardOf(userId);
    if (current.staffNo) continue;
    const center = ACCOUNTS.find((a) => a.username === c.username)!.center;
    const w = c.window ? await BookingWindow.findOne({ centerId: centers.get(center)!, code: c.window }).lean() : null;
    await dir.setCard(countyAdmin, userId, { staffNo: c.staffNo, post: c.post, windowId: w ? String(w._id) : null, duties: c.duties });
  }
}
