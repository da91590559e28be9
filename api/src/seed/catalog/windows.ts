/**
 * The demo centers' booking windows (综合受理, 一窗通办: one general window per center takes every matter; the county
 * also has a 户籍窗口 for 户籍证件 matters). The catalog names these same windows in each guide, so the window a
 * citizen reads about is the window that takes their booking; `tests/api/catalog-lint.test.ts` holds the two together.
 */
import type { TServiceItemInput } from '@bianmin/shared';

export interface SeedWindow {
  /** Center code (QH-COUNTY, QH-CHENGGUAN, QH-YANGLIU). */
  center: string;
  name: string;
  code: string;
  /** Items this window alone takes; empty = every item no other window claims. */
  itemCodes: string[];
}

export const GENERAL_WINDOW = '综合受理窗口';
export const HUJI_WINDOW = '户籍窗口';
export const CLINIC_WINDOW = '预防接种门诊';

export const COUNTY_CENTERS = ['QH-COUNTY'];
export const TOWN_CENTERS = ['QH-CHENGGUAN', 'QH-YANGLIU'];

/** The seeded booking windows, given the catalog (the 户籍窗口 takes the 户籍证件 matters). */
export function seedWindows(catalog: readonly { item: Pick<TServiceItemInput, 'code' | 'category'> }[]): SeedWindow[] {
  return [
    ...[...COUNTY_CENTERS, ...TOWN_CENTERS].map((center) => ({ center, name: GENERAL_WINDOW, code: 'A', itemCodes: [] as string[] })),
    // 预防接种证 is issued at the 卫生院's clinic, which takes its own bookings (接种日).
    ...TOWN_CENTERS.map((center) => ({ center, name: CLINIC_WINDOW, code: 'C', itemCodes: ['WJ-JZ-001'] })),
    {
      center: 'QH-COUNTY',
      name: HUJI_WINDOW,
      code: 'B',
      itemCodes: catalog.filter((s) => s.item.category === '户籍证件').map((s) => s.item.code),
    },
  ];
}

/** The window that takes bookings for `itemCode` at `center` — the same choice the bookings module makes. */
export function bookingWindowFor(windows: readonly SeedWindow[], center: string, itemCode: string): SeedWindow | null {
  const list = windows.filter((w) => w.center === center);
  return list.find((w) => w.itemCodes.includes(itemCode)) ?? list.find((w) => w.itemCodes.length === 0) ?? null;
}
