import { Types } from 'mongoose';
import type { TServiceItemInput, TServiceItemListQuery, TServiceItemSummary } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { Center } from '../centers/center.model';
import { assertManages, getCenterOr404, subtreeIds } from '../centers/centers.service';
import { randomUUID } from 'node:crypto';
import { CatalogRevision, ServiceItem, ServiceItemEvent, ServiceItemVersion } from './service-item.model';
import { presentAdmin, presentPublished, presentSummary } from './service-items.presenter';
import { matches, rank, searchFields } from './search-text';

const oid = (id: string) => new Types.ObjectId(id);

async function centerNames(ids: unknown[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.map(String))].map(oid);
  const rows = await Center.find({ _id: { $in: unique } }, { name: 1 }).lean();
  return new Map(rows.map((c) => [String(c._id), c.name]));
}

type CatalogRow = {
  _id: Types.ObjectId;
  centerId: Types.ObjectId;
  code: string;
  status: string;
  latestVersion: number;
  publishedVersion?: number | null;
  published?: unknown;
  name: string;
  category: string;
  department: string;
  caseType: string;
  search: { text: string; py: string; ini: string };
};

let catalog: { rev: string; rows: CatalogRow[] } | undefined;

/**
 * The published catalog, from memory while the revision token is unchanged. The token is read by _id on every call
 * (cheap on both engines) before any data, so a publish in another API process is seen by the next request.
 */
async function publishedCatalog(): Promise<CatalogRow[]> {
  const rev = (await CatalogRevision.findById('catalog').lean())?.rev ?? 'none';
  if (catalog?.rev === rev) return catalog.rows;
  const rows = (await ServiceItem.find({ status: 'published' }, { draft: 0 }).sort({ code: 1 }).lean()) as CatalogRow[];
  catalog = { rev, rows };
  return rows;
}

/** Call after any change to what is published (data first, then the token). */
async function bumpCatalog(): Promise<void> {
  await CatalogRevision.updateOne({ _id: 'catalog' }, { $set: { rev: randomUUID() } }, { upsert: true });
}

/** The published catalog, filtered and ranked (a county catalog is hundreds of items: this is memory work). */
export async function listPublished(q: TServiceItemListQuery): Promise<{ items: TServiceItemSummary[]; total: number; page: number; size: number }> {
  let rows = (await publishedCatalog()).filter(
    (r) =>
      (!q.category || r.category === q.category) &&
      (!q.department || r.department === q.department) &&
      (!q.caseType || r.caseType === q.caseType) &&
      (!q.centerId || String(r.centerId) === q.centerId),
  );
  if (q.q) {
    const query = q.q;
    rows = rows.filter((r) => matches(query, r.search, r.code));
    const score = new Map(rows.map((r) => [String(r._id), rank(query, r.name, r.search)]));
    rows = [...rows].sort((a, b) => score.get(String(a._id))! - score.get(String(b._id))!);
  }
  const page = rows.slice((q.page - 1) * q.size, q.page * q.size);
  const names = await centerNames(page.map((r) => r.centerId));
  return {
    items: page.map((r) => presentSummary(r, names.get(String(r.centerId)) ?? '')),
    total: rows.length,
    page: q.page,
    size: q.size,
  };
}

export async function getPublished(id: string) {
  const row = await ServiceItem.findOne({ _id: oid(id), status: 'published' }, { draft: 0 }).lean();
  if (!row) throw AppError.notFound('办事事项');
  const center = await Center.findById(row.centerId, { name: 1 }).lean();
  return presentPublished(row, center?.name ?? '');
}

/** A specific version (for saved checklists and stable share links); only versions that were published are public. */
export async function getVersion(id: string, version: number): Promise<TServiceItemInput> {
  const published = await ServiceItemEvent.exists({ itemId: oid(id), type: 'published', version });
  const v = published ? await ServiceItemVersion.findOne({ itemId: oid(id), version }).lean() : null;
  if (!v) throw AppError.notFound('该版本的办事指南');
  return v.data as TServiceItemInput;
}

// ——— administration ———

export async function create(actor: Actor, centerId: string, item: TServiceItemInput) {
  await getCenterOr404(centerId);
  await assertManages(actor, centerId, { adminOnly: true });
  let row;
  try {
    row = await ServiceItem.create({
      centerId: oid(centerId),
      code: item.code,
      status: 'draft',
      latestVersion: 1,
      draft: item,
    });
  } catch (err) {
    if (isDuplicateKey(err)) {
      throw new AppError('CONFLICT', `item.code: 该中心已有编码为 ${item.code} 的事项`, [{ field: 'item.code', message: '事项编码已存在' }]);
    }
    throw err;
  }
  await ServiceItemVersion.create({ itemId: row._id, version: 1, data: item, authorId: oid(actor.id), note: '新建' });
  await ServiceItemEvent.create({ itemId: row._id, type: 'created', version: 1, actorId: oid(actor.id) });
  return presentAdmin(row.toObject());
}

async function loadForAdmin(actor: Actor, id: string) {
  const row = await ServiceItem.findById(id).lean();
  if (!row) throw AppError.notFound('办事事项');
  await assertManages(actor, String(row.centerId), { adminOnly: true });
  return row;
}

export async function getForAdmin(actor: Actor, id: string) {
  return presentAdmin(await loadForAdmin(actor, id));
}

export async function listForAdmin(actor: Actor, page: number, size: number) {
  const centers = await subtreeIds(actor.centerId!);
  const filter = { centerId: { $in: centers } };
  const [rows, total] = await Promise.all([
    ServiceItem.find(filter).sort({ code: 1 }).skip((page - 1) * size).limit(size).lean(),
    ServiceItem.countDocuments(filter),
  ]);
  return { items: rows.map(presentAdmin), total, page, size };
}

/**
 * Save an edit as version baseVersion+1. The unique (itemId, version) index picks one winner when two editors
 * save on the same base; the other gets VERSION_CONFLICT and nothing of theirs is stored.
 */
export async function update(actor: Actor, id: string, baseVersion: number, item: TServiceItemInput, note?: string) {
  const row = await loadForAdmin(actor, id);
  if (item.code !== row.code) {
    throw AppError.validation([{ field: 'item.code', message: '事项编码不能修改' }]);
  }
  if (baseVersion !== row.latestVersion) {
    throw new AppError('VERSION_CONFLICT', `内容已被修改（当前版本 ${row.latestVersion}），请刷新后重试`, undefined, {
      currentVersion: row.latestVersion,
    });
  }
  const version = baseVersion + 1;
  try {
    await ServiceItemVersion.create({ itemId: row._id, version, data: item, authorId: oid(actor.id), note: note ?? '' });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('VERSION_CONFLICT', '内容已被他人修改，请刷新后重试');
    throw err;
  }
  await ServiceItem.updateOne({ _id: row._id }, { $set: { latestVersion: version, draft: item } });
  await ServiceItemEvent.create({ itemId: row._id, type: 'edited', version, actorId: oid(actor.id), note: note ?? '' });
  return presentAdmin((await ServiceItem.findById(row._id).lean())!);
}

/** Publish a saved version: citizens see it at once (the list and detail ETags change with it). */
export async function publish(actor: Actor, id: string, version: number) {
  const row = await loadForAdmin(actor, id);
  const v = await ServiceItemVersion.findOne({ itemId: row._id, version }).lean();
  if (!v) throw AppError.validation([{ field: 'version', message: '该版本不存在' }]);
  const data = v.data as TServiceItemInput;
  await ServiceItem.updateOne(
    { _id: row._id },
    {
      $set: {
        status: 'published',
        publishedVersion: version,
        publishedAt: new Date(),
        published: data,
        name: data.name,
        category: data.category,
        department: data.department,
        caseType: data.caseType,
        search: searchFields(data),
      },
    },
  );
  await ServiceItemEvent.create({ itemId: row._id, type: 'published', version, actorId: oid(actor.id) });
  await bumpCatalog();
  return presentAdmin((await ServiceItem.findById(row._id).lean())!);
}

export async function unpublish(actor: Actor, id: string) {
  const row = await loadForAdmin(actor, id);
  if (row.status !== 'published') throw new AppError('CONFLICT', '该事项当前未发布');
  await ServiceItem.updateOne({ _id: row._id }, { $set: { status: 'unpublished' } });
  await ServiceItemEvent.create({ itemId: row._id, type: 'unpublished', version: row.publishedVersion ?? row.latestVersion, actorId: oid(actor.id) });
  await bumpCatalog();
  return presentAdmin((await ServiceItem.findById(row._id).lean())!);
}

/** Edit history: events newest first, with each version's note. */
export async function history(actor: Actor, id: string) {
  const row = await loadForAdmin(actor, id);
  const events = await ServiceItemEvent.find({ itemId: row._id }).sort({ createdAt: -1, version: -1 }).lean();
  return {
    items: events.map((e) => ({
      type: e.type,
      version: e.version,
      actorId: e.actorId ? String(e.actorId) : null,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
  };
}

export async function getVersionForAdmin(actor: Actor, id: string, version: number) {
  const row = await loadForAdmin(actor, id);
  const v = await ServiceItemVersion.findOne({ itemId: row._id, version }).lean();
  if (!v) throw AppError.notFound('该版本');
  return { version: v.version, note: v.note, at: v.createdAt.toISOString(), item: v.data as TServiceItemInput };
}
