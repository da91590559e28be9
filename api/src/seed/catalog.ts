/**
 * Demo 办事指南 catalog (一次性告知) for a fictional county: real matters that a county 政务服务中心 or a township
 * 便民服务中心 handles, with their real legal basis, conditions, materials and procedure. Contact phones are fictional.
 * Amounts that differ by province are referred to "本省规定" rather than stated.
 */
import type { TServiceItemInput } from '@bianmin/shared';
import { ASSISTANCE } from './catalog/assistance';
import { ELDERLY_DISABILITY } from './catalog/elderly-disability';
import { HEALTH } from './catalog/health';
import { HOUSEHOLD } from './catalog/household';
import { RURAL_HOUSING } from './catalog/rural-housing';
import { SOCIAL_SECURITY } from './catalog/social-security';
import { VETERANS_EDUCATION } from './catalog/veterans-education';

/** Which demo center level offers the matter: 'county' = 县政务服务中心, 'town' = each 乡镇便民服务中心. */
export interface SeedItem {
  level: 'county' | 'town';
  item: TServiceItemInput;
}

export const CATALOG: SeedItem[] = [
  ...SOCIAL_SECURITY,
  ...ASSISTANCE,
  ...ELDERLY_DISABILITY,
  ...HEALTH,
  ...HOUSEHOLD,
  ...RURAL_HOUSING,
  ...VETERANS_EDUCATION,
];
