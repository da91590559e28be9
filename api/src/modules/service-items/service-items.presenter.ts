import type { TAdminServiceItem, TServiceItem, TServiceItemInput, TServiceItemSummary } from '@bianmin/shared';

interface ItemRow {
  _id: unknown;
  centerId: unknown;
  code: string;
  status: string;
  latestVersion: number;
  publishedVersion?: number | null;
  publishedAt?: Date | null;
  draft?: unknown;
  published?: unknown;
  updatedAt?: Date;
}

export function presentPublished(row: ItemRow, centerName: string): TServiceItem {
  const data = row.published as TServiceItemInput;
  return {
    ...data,
    id: String(row._id),
    centerId: String(row.centerId),
    centerName,
    version: row.publishedVersion!,
    publishedAt: row.publishedAt!.toISOString(),
  };
}

export function presentSummary(row: ItemRow, centerName: string): TServiceItemSummary {
  const d = row.published as TServiceItemInput;
  return {
    id: String(row._id),
    code: d.code,
    name: d.name,
    category: d.category,
    department: d.department,
    caseType: d.caseType,
    committedLimitDays: d.committedLimitDays,
    visits: d.visits,
    centerId: String(row.centerId),
    centerName,
    assistance: d.assistance,
    free: d.fee.free,
    materialCount: d.materials.length,
  };
}

/** What an administrator sees: the draft, and where publishing stands. */
export function presentAdmin(row: ItemRow): TAdminServiceItem {
  return {
    id: String(row._id),
    centerId: String(row.centerId),
    code: row.code,
    status: row.status as TAdminServiceItem['status'],
    latestVersion: row.latestVersion,
    publishedVersion: row.publishedVersion ?? null,
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
    item: row.draft as TServiceItemInput,
  };
}
