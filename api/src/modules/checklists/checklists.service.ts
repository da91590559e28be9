import { Types } from 'mongoose';
import { checkMaterials, type TSavedChecklist, type TServiceItemInput } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { ServiceItem } from '../service-items/service-item.model';
import { getPublished, getVersion } from '../service-items/service-items.service';
import { shareUrl } from '../service-items/notice';
import { Checklist } from './checklist.model';

type Row = { _id: Types.ObjectId; itemId: Types.ObjectId; version: number; has: string[]; yes: string[]; no: string[]; createdAt: Date };

function present(row: Row, item: TServiceItemInput, latestVersion: number | null, base: string): TSavedChecklist {
  const answers: Record<string, boolean> = {};
  row.yes.forEach((k) => (answers[k] = true));
  row.no.forEach((k) => (answers[k] = false));
  return {
    id: String(row._id),
    itemId: String(row.itemId),
    itemName: item.name,
    version: row.version,
    has: row.has,
    answers,
    ...checkMaterials(item, row.has, answers),
    shareUrl: shareUrl(base, String(row.itemId), row.version, row.has, answers),
    outdated: latestVersion !== null && latestVersion > row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function save(actor: Actor, itemId: string, has: string[], answers: Record<string, boolean>, base: string) {
  const item = await getPublished(itemId);
  const row = await Checklist.create({
    userId: new Types.ObjectId(actor.id),
    itemId: new Types.ObjectId(itemId),
    version: item.version,
    has: [...new Set(has)],
    yes: Object.keys(answers).filter((k) => answers[k]),
    no: Object.keys(answers).filter((k) => !answers[k]),
  });
  return present(row.toObject() as Row, item, item.version, base);
}

async function presentMany(rows: Row[], base: string): Promise<TSavedChecklist[]> {
  const itemIds = [...new Set(rows.map((r) => String(r.itemId)))].map((id) => new Types.ObjectId(id));
  const items = await ServiceItem.find({ _id: { $in: itemIds } }, { publishedVersion: 1, status: 1 }).lean();
  const latest = new Map(items.map((i) => [String(i._id), i.status === 'published' ? (i.publishedVersion ?? null) : null]));
  const out: TSavedChecklist[] = [];
  for (const r of rows) {
    const data = await getVersion(String(r.itemId), r.version).catch(() => undefined);
    if (data) out.push(present(r, data, latest.get(String(r.itemId)) ?? null, base));
  }
  return out;
}

export async function listMine(actor: Actor, base: string) {
  const rows = (await Checklist.find({ userId: new Types.ObjectId(actor.id) }).sort({ createdAt: -1 }).limit(100).lean()) as Row[];
  return { items: await presentMany(rows, base) };
}

/** Someone else's checklist is a 404, exactly like a missing one. */
export async function getMine(actor: Actor, id: string, base: string) {
  const row = (await Checklist.findOne({ _id: new Types.ObjectId(id), userId: new Types.ObjectId(actor.id) }).lean()) as Row | null;
  if (!row) throw AppError.notFound('清单');
  const [presented] = await presentMany([row], base);
  if (!presented) throw AppError.notFound('清单');
  return presented;
}

export async function remove(actor: Actor, id: string) {
  const r = await Checklist.deleteOne({ _id: new Types.ObjectId(id), userId: new Types.ObjectId(actor.id) });
  if (r.deletedCount === 0) throw AppError.notFound('清单');
}
