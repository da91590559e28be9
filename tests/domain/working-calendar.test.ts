import { WorkingCalendar, addDays, chinaInstant, weekday } from '@bianmin/shared';
import { nationalSchedule } from '../../api/src/modules/calendar/national-schedule';

/** The official State Council schedules, as DOMAIN.md lists them. */
const OFFICIAL = {
  2025: {
    off: [['01-01'], ['01-28', '02-04'], ['04-04', '04-06'], ['05-01', '05-05'], ['05-31', '06-02'], ['10-01', '10-08']],
    makeup: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: [['01-01', '01-03'], ['02-15', '02-23'], ['04-04', '04-06'], ['05-01', '05-05'], ['06-19', '06-21'], ['09-25', '09-27'], ['10-01', '10-07']],
    makeup: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
} as const;

function expected(year: 2025 | 2026) {
  const off = new Set<string>();
  for (const [a, b] of OFFICIAL[year].off) for (let d = `${year}-${a}`; d <= `${year}-${b ?? a}`; d = addDays(d, 1)) off.add(d);
  return { off, makeup: new Set(OFFICIAL[year].makeup.map((d) => `${year}-${d}`)) };
}

const cal = new WorkingCalendar({ national: nationalSchedule() });

describe.each([2025, 2026] as const)('national schedule %i', (year) => {
  it('when every day of the year is checked, then working days match the official schedule exactly', () => {
    const { off, makeup } = expected(year);
    const wrong: string[] = [];
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
      const want = makeup.has(d) || (!off.has(d) && weekday(d) <= 5);
      if (cal.isWorkingDay(d) !== want) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });
  it('when a make-up day falls on a weekend, then the center is open with weekday hours', () => {
    for (const d of expected(year).makeup) {
      expect(weekday(d)).toBeGreaterThanOrEqual(6);
      expect(cal.day(d)).toMatchObject({ open: true, reason: 'makeup' });
      expect(cal.day(d).hours).toHaveLength(2);
    }
  });
});

describe('deadlines in working days', () => {
  it('when 5 working days start before Spring Festival 2026, then they skip 2/15–2/23 and count the 2/14 make-up Saturday', () => {
    // Thu 2/12 → Fri 2/13 (1), Sat 2/14 make-up (2), holidays to 2/23, Tue 2/24 (3), Wed (4), Thu 2/26 (5).
    expect(cal.addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
  });
  it('when 7 working days start on 2025-09-26, then the 9/28 make-up Sunday counts and National Day does not', () => {
    // Sat 9/27 no; Sun 9/28 (1), 9/29 (2), 9/30 (3), 10/1–10/8 off, Thu 10/9 (4), Fri 10/10 (5), Sat 10/11 (6), Mon 10/13 (7).
    expect(cal.addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
  });
  it('when the seed’s 28-day chain starts on 2026-09-18, then it ends after both autumn holidays', () => {
    // 9/20 make-up Sun (1), 9/21–24 (5), 中秋 9/25–27 off, 9/28–30 (8), 国庆 10/1–7 off, 10/8–9 (10),
    // 10/10 make-up Sat (11), 10/12–16 (16), 10/19–23 (21), 10/26–30 (26), 11/2 (27), 11/3 (28).
    const due = cal.addWorkingDays('2026-09-18', 28);
    expect(due).toBe('2026-11-03');
    expect(cal.workingDaysBetween('2026-09-18', due)).toBe(28);
  });
  it('when a deadline passed over a holiday, then only working days count as late', () => {
    // Due Wed 2026-09-30; checked Fri 10/9: 10/1–10/7 off, 10/8 Thu and 10/9 Fri count.
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-09')).toBe(2);
    expect(cal.workingDaysBetween('2026-10-09', '2026-09-30')).toBe(0);
  });
});

describe('center rules and hours', () => {
  const local = new WorkingCalendar({
    national: nationalSchedule(),
    local: {
      '2026-11-23': { kind: 'closed', name: '设备检修' },
      '2026-11-28': { kind: 'open', name: '周六延时服务', hours: [{ start: 540, end: 720 }] },
      '2026-11-25': { kind: 'open', hours: [{ start: 510, end: 720 }, { start: 780, end: 1200 }] },
    },
  });
  it('when a center closes on a weekday, then it is closed there but deadlines still count that day', () => {
    expect(local.day('2026-11-23')).toMatchObject({ open: false, reason: 'closed', name: '设备检修' });
    expect(local.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
  });
  it('when a center opens on a Saturday, then slots exist that day with its own hours but deadlines do not count it', () => {
    expect(local.day('2026-11-28')).toMatchObject({ open: true, reason: 'extra', hours: [{ start: 540, end: 720 }] });
    expect(local.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
  });
  it('when asking for the next open time at Friday 17:40, then it is Monday 8:30 (China time)', () => {
    const at = chinaInstant('2026-11-27', 17 * 60 + 40);
    expect(local.nextOpenTime(at)!.toISOString()).toBe(chinaInstant('2026-11-28', 540).toISOString());
    expect(cal.nextOpenTime(at)!.toISOString()).toBe('2026-11-30T00:30:00.000Z');
  });
  it('when asking during the lunch break, then it is 13:00 the same day', () => {
    expect(cal.nextOpenTime(chinaInstant('2026-11-24', 12 * 60 + 10))!.toISOString()).toBe(chinaInstant('2026-11-24', 780).toISOString());
  });
  it('when asking on the eve of Spring Festival 2026, then the next open time is the 2/24 morning', () => {
    expect(cal.nextOpenTime(chinaInstant('2026-02-14', 18 * 60))!.toISOString()).toBe(chinaInstant('2026-02-24', 510).toISOString());
  });
});

describe('全程代理 stage due dates (seed 004 chain)', () => {
  const { planChain, stageDue, daysLate } = jest.requireActual('@bianmin/shared') as typeof import('@bianmin/shared');
  it('gives the three-level chain 28 working days and the two-level 19, a town-received case skipping the village stage', () => {
    expect(planChain({ level: 'three', receivedAtVillage: true }).reduce((s, x) => s + x.days, 0)).toBe(28);
    expect(planChain({ level: 'two', receivedAtVillage: true }).reduce((s, x) => s + x.days, 0)).toBe(19);
    expect(planChain({ level: 'two', receivedAtVillage: false }).map((s) => s.key)).toEqual(['town-to-dept', 'dept', 'back', 'deliver']);
    expect(planChain({ level: 'three', receivedAtVillage: true, deptDays: 10 }).find((s) => s.key === 'dept')!.days).toBe(10);
  });
  it('when a village stage of 5 days starts on 2026-09-23, then it is due after 中秋 and 国庆 on 2026-10-08, and a delivery on 10/13 is 4 working days late', () => {
    // 9/24 (1), 中秋 9/25–27, 9/28 (2), 9/29 (3), 9/30 (4), 国庆 10/1–7, 10/8 (5).
    expect(stageDue(cal, '2026-09-23', 5)).toBe('2026-10-08');
    // Due 10/8; done Tue 10/13: 10/9 Fri, 10/10 make-up Sat, 10/12 Mon, 10/13 Tue → 4 working days late.
    expect(daysLate(cal, '2026-10-08', '2026-10-13')).toBe(4);
    expect(daysLate(cal, '2026-10-08', '2026-10-08')).toBe(0);
  });
});
