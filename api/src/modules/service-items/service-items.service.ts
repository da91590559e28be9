import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type {
  TAdminServiceItem,
  TServiceItem,
  TServiceItemHistory,
  TServiceItemInput,
  TServiceItemListQuery,
  TPage,
  TServiceItemSummary,
  TServiceItemVersion,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { encodeJson, type EncodedJson } from '../../http/encoded-json';
import { deepFreeze } from '../../runtime/freeze';
import { isDuplicateKey } from '../../db/connect';
import { findCenter, getCenterOr404, subtreeIds } from '../centers';
import { CatalogRevision, ServiceItem, ServiceItemEvent, ServiceItemVersion } from './service-item.model';
import { presentAdmin, presentPublished, presentSummary } from './service-items.presenter';
import { authorizeCatalog } from './service-items.policy';
import { matches, rank, searchFields } from './search-text';

const oid = (id: string) => new Types.ObjectId(id);

/** Center names from the in-memory directory. */
async function centerName(id: unknown): Promise<string> {
  return (await findCenter(String(id)))?.name ?? '';
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

/** The published catalog of one revision: rows for the list, and the same rows by id for the detail. */
interface Catalog {
  rev: string;
  rows: CatalogRow[];
  byId: Map<string, CatalogRow>;
}
let catalog: Catalog | undefined;
let catalogLoading: Promise<Catalog> | undefined;

/**
 * How long this process trusts the revision token it last read. A publish here sets it at once; a publish in another
 * API process is seen within this time. It is what lets a read (and a 304) cost no database work at all.
 */
export const REVISION_CHECK_MS = 1_000;
let revision: { rev: string; at: number } | undefined;
let revisionLoading: Promise<string> | undefined;

/** The catalog's revision token, read by _id at most once per REVISION_CHECK_MS (one read shared by a burst). */
export async function catalogRevision(): Promise<string> {
  if (revision && Date.now() - revision.at < REVISION_CHECK_MS) return revision.rev;
  revisionLoading ??= CatalogRevision.findById('catalog')
    .lean()
    .then((r) => {
      revision = { rev: r?.rev ?? 'none', at: Date.now() };
      return revision.rev;
    })
    .finally(() => {
      revisionLoading = undefined;
    });
  return revisionLoading;
}

/** The published catalog, from memory while the revision token is unchanged (one load shared by a burst). */
async function publishedCatalog(): Promise<Catalog> {
  const rev = await catalogRevision();
  if (catalog?.rev === rev) return catalog;
  catalogLoading ??= (async () => {
    const rows = (await ServiceItem.find({ status: 'published' }, { draft: 0 }).sort({ code: 1 }).lean()) as CatalogRow[];
    catalog = { rev, rows, byId: new Map(rows.map((r) => [String(r._id), r])) };
    return catalog;
  })().finally(() => {
    catalogLoading = undefined;
  });
  return catalogLoading;
}

/** Call after any change to what is published (data first, then the token; this process sees it at once). */
async function bumpCatalog(): Promise<void> {
  const rev = randomUUID();
  await CatalogRevision.updateOne({ _id: 'catalog' }, { $set: { rev } }, { upsert: true });
  revision = { rev, at: Date.now() };
}

/**
 * The ETag of an item's public detail: the catalog revision itself (no body is built or hashed), so answering a
 * 304 reads nothing from the database.
 */
export async function detailEtag(id: string): Promise<string> {
  return `W/"${await catalogRevision()}.${id}"`;
}

/** The published catalog, filtered and ranked (a county catalog is hundreds of items: this is memory work). */
export async function listPublished(q: TServiceItemListQuery): Promise<TPage<TServiceItemSummary>> {
  let rows = (await publishedCatalog()).rows.filter(
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
  return {
    items: await Promise.all(page.map(async (r) => presentSummary(r, await centerName(r.centerId)))),
    total: rows.length,
    page: q.page,
    size: q.size,
  };
}

/** The published guide of an item, from the in-memory catalog; a draft, withdrawn or unknown item is a 404. */
export async function getPublished(id: string): Promise<TServiceItem> {
  const row = (await publishedCatalog()).byId.get(id);
  if (!row) throw AppError.notFound('办事事项');
  const name = await centerName(row.centerId);
  const hit = presented.get(row);
  if (hit && hit.centerName === name) return hit.item;
  const item = deepFreeze(presentPublished(row, name));
  presented.set(row, { centerName: name, item });
  return item;
}
/** Presented guides per catalog row (rows are replaced when the catalog changes): a booking reads one each time. */
const presented = new WeakMap<object, { centerName: string; item: TServiceItem }>();

/**
 * The published guide with its JSON already encoded (plain and gzipped), once per presented guide: a new catalog
 * revision or a renamed center presents it anew, and so encodes it anew. The most-read page of the app is then a
 * lookup and a write.
 */
export async function encodedPublished(id: string): Promise<{ item: TServiceItem; encoded: EncodedJson }> {
  const item = await getPublished(id);
  const encoded = encodedByItem.get(item) ?? encodeJson(item);
  encodedByItem.set(item, encoded);
  return { item, encoded };
}
const encodedByItem = new WeakMap<TServiceItem, EncodedJson>();

/** An item's standing (any status) by id, for modules that keep item ids in their own records. */
export interface ItemRef {
  id: string;
  centerId: string;
  code: string;
  /** Name of the published version, else of the latest draft. */
  name: string;
  caseType: TServiceItemInput['caseType'];
  status: 'draft' | 'published' | 'unpublished';
  publishedVersion: number | null;
}

/** Items by id, in no particular order; unknown ids are left out. */
export async function itemsByIds(ids: Iterable<unknown>): Promise<ItemRef[]> {
  const list = [...new Set([...ids].map(String))].filter((x) => /^[0-9a-f]{24}$/.test(x)).map(oid);
  if (!list.length) return [];
  const rows = await ServiceItem.find({ _id: { $in: list } }, { centerId: 1, code: 1, status: 1, publishedVersion: 1, published: 1, draft: 1 }).lean();
  return rows.map((r) => {
    const data = (r.published ?? r.draft) as TServiceItemInput;
    return {
      id: String(r._id),
      centerId: String(r.centerId),
      code: r.code,
      name: data.name,
      caseType: data.caseType,
      status: r.status as ItemRef['status'],
      publishedVersion: r.publishedVersion ?? null,
    };
  });
}

/** Published versions never change (versions are immutable, publishing is an appended event): kept once read. */
const publishedVersions = new Map<string, TServiceItemInput>();

/** A specific version (for saved checklists and stable share links); only versions that were published are public. */
export async function getVersion(id: string, version: number): Promise<TServiceItemInput> {
  const key = `${id}#${version}`;
  const known = publishedVersions.get(key);
  if (known) return known;
  const published = await ServiceItemEvent.exists({ itemId: oid(id), type: 'published', version });
  const v = published ? await ServiceItemVersion.findOne({ itemId: oid(id), version }).lean() : null;
  if (!v) throw AppError.notFound('该版本的办事指南');
  if (publishedVersions.size > 10_000) publishedVersions.clear();
  publishedVersions.set(key, v.data as TServiceItemInput);
  return v.data as TServiceItemInput;
}

// ——— administration ———

export async function create(actor: Actor, centerId: string, item: TServiceItemInput): Promise<TAdminServiceItem> {
  await getCenterOr404(centerId);
  await authorizeCatalog(actor, 'create', centerId);
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
      throw new AppError('CONFLICT', `该中心已有编码为 ${item.code} 的事项`, [{ field: 'item.code', message: '事项编码已存在' }]);
    }
    throw err;
  }
  await ServiceItemVersion.create({ itemId: row._id, version: 1, data: item, authorId: oid(actor.id), note: '新建' });
  await ServiceItemEvent.create({ itemId: row._id, type: 'created', version: 1, actorId: oid(actor.id) });
  return presentAdmin(row.toObject());
}

async function loadForAdmin(actor: Actor, id: string, action: 'read' | 'edit' | 'publish') {
  const row = await ServiceItem.findById(id).lean();
  if (!row) throw AppError.notFound('办事事项');
  await authorizeCatalog(actor, action, String(row.centerId));
  return row;
}

export async function getForAdmin(actor: Actor, id: string): Promise<TAdminServiceItem> {
  return presentAdmin(await loadForAdmin(actor, id, 'read'));
}

/** Items of the admin's center and every center below it, drafts included. */
export async function listForAdmin(actor: Actor, page: number, size: number): Promise<TPage<TAdminServiceItem>> {
  if (!actor.centerId) throw new AppError('FORBIDDEN', '无权管理事项');
  const centers = (await subtreeIds(actor.centerId)).map(oid);
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
export async function update(actor: Actor, id: string, baseVersion: number, item: TServiceItemInput, note?: string): Promise<TAdminServiceItem> {
  const row = await loadForAdmin(actor, id, 'edit');
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
export async function publish(actor: Actor, id: string, version: number): Promise<TAdminServiceItem> {
  const row = await loadForAdmin(actor, id, 'publish');
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

export async function unpublish(actor: Actor, id: string): Promise<TAdminServiceItem> {
  const row = await loadForAdmin(actor, id, 'publish');
  if (row.status !== 'published') throw new AppError('CONFLICT', '该事项当前未发布');
  await ServiceItem.updateOne({ _id: row._id }, { $set: { status: 'unpublished' } });
  await ServiceItemEvent.create({ itemId: row._id, type: 'unpublished', version: row.publishedVersion ?? row.latestVersion, actorId: oid(actor.id) });
  await bumpCatalog();
  return presentAdmin((await ServiceItem.findById(row._id).lean())!);
}

/** Edit history: events newest first, with each version's note. */
export async function history(actor: Actor, id: string): Promise<TServiceItemHistory> {
  const row = await loadForAdmin(actor, id, 'read');
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

export async function getVersionForAdmin(actor: Actor, id: string, version: number): Promise<TServiceItemVersion> {
  const row = await loadForAdmin(actor, id, 'read');
  const v = await ServiceItemVersion.findOne({ itemId: row._id, version }).lean();
  if (!v) throw AppError.notFound('该版本');
  return { version: v.version, note: v.note, at: v.createdAt.toISOString(), item: v.data as TServiceItemInput };
}
