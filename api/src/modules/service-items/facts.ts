import { Types } from 'mongoose';
import type { TCaseType } from '@bianmin/shared';
import { ServiceItem } from './service-item.model';
import { leanByIds } from '../../db/by-ids';

/** 办件类型 (即办/承诺/联办/上报) of items by id; items without one are left out. */
export async function caseTypesOf(itemIds: readonly string[]): Promise<Map<string, TCaseType>> {
  const ids = [...new Set(itemIds)].filter((i) => Types.ObjectId.isValid(i));
  if (!ids.length) return new Map();
  const rows = await leanByIds<{ _id: Types.ObjectId; caseType?: string | null }>(ServiceItem, ids, { caseType: 1 });
  return new Map(rows.filter((i) => i.caseType).map((i) => [String(i._id), i.caseType as TCaseType]));
}
