import { Types } from 'mongoose';
import { checkMaterials, type TSavedChecklist, type TServiceItemInput } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { getPublished, getVersion, itemsByIds, shareUrl } from '../service-items';
import { isDuplicateKey } from '../../db/connect';
import { markSavedChecklists } from '../auth';
import { Checklist, LatestChecklist, latestKey } from './checklist.model';
import { checklistPolicy } from './checklists.policy';

type Row = { _id: Types.ObjectId; userId: Types.ObjectId; itemId: Types.ObjectId; version: number; has: string[]; yes: string[]; no: string[]; createdAt: Date };

const answersOf = (row: Pick<Row, 'yes' | 'no'>): Record<string, boolean> => {
  const answers: Record<string, boolean> = {};
  row.yes.forEach((k) => (answers[k] = true));
  row.no.forEach((k) => (answers[k] = false));
  return answers;
};

function present(row: Row, item: TServiceItemInput, latestVersion: number | null, base: string): TSavedChecklist {
  const answers = answersOf(row);
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

/** A 404 for a checklist that is missing or someone else's: the two must look the same. */
function authorizeOwn(actor: Actor, action: 'read' | 'delete', row: Pick<Row, 'userId'> | null): asserts row {
  if (!checklistPolicy.can(actor, action, row ? { ownerId: String(row.userId) } : undefined)) throw AppError.notFound('清单');
}

export async function save(actor: Actor, itemId: string, has: string[], answers: Record<string, boolean>, base: string): Promise<TSavedChecklist> {
  checklistPolicy.authorize(actor, 'save', undefined);
  const item = await getPublished(itemId);
  const row = await Checklist.create({
    userId: new Types.ObjectId(actor.id),
    itemId: new Types.ObjectId(itemId),
    version: item.version,
    has: [...new Set(has)],
    yes: Object.keys(answers).filter((k) => answers[k]),
    no: Object.keys(answers).filter((k) => !answers[k]),
  });
  const saved = row.toObject() as Row;
  await pointLatestAt(saved);
  await markSavedChecklists(actor.id);
  return present(saved, item, item.version, base);
}

/** Make `row` the latest of its (citizen, item); a concurrent first save of the same pair retries as an update. */
async function pointLatestAt(row: Row): Promise<void> {
  const doc = { checklistId: row._id, itemId: row.itemId, version: row.version, has: row.has, yes: row.yes, no: row.no, savedAt: row.createdAt };
  const write = () => LatestChecklist.updateOne({ _id: latestKey(row.userId, row.itemId) }, { $set: doc }, { upsert: true });
  try {
    await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await write();
  }
}

/** After a delete: the newest remaining checklist of that (citizen, item) becomes the latest, or there is none. */
async function repointLatest(userId: Types.ObjectId, itemId: Types.ObjectId): Promise<void> {
  const newest = (await Checklist.findOne({ userId, itemId }).sort({ createdAt: -1 }).lean()) as Row | null;
  if (newest) await pointLatestAt(newest);
  else await LatestChecklist.deleteOne({ _id: latestKey(userId, itemId) });
}

/**
 * Migration step: the latest-checklist projection and the citizens' "saved a checklist" flag for checklists saved
 * before they existed (idempotent: it only ever points a pair at its newest checklist). Returns how many pairs it wrote.
 */
export async function backfillLatestChecklists(): Promise<number> {
  const newest = new Map<string, Row>();
  for await (const r of Checklist.find({}).sort({ createdAt: 1 }).lean().cursor()) newest.set(latestKey(r.userId, r.itemId), r as Row);
  for (const r of newest.values()) await pointLatestAt(r);
  for (const userId of new Set([...newest.values()].map((r) => String(r.userId)))) await markSavedChecklists(userId);
  return newest.size;
}

async function presentMany(rows: Row[], base: string): Promise<TSavedChecklist[]> {
  const items = await itemsByIds(rows.map((r) => r.itemId));
  const latest = new Map(items.map((i) => [i.id, i.status === 'published' ? i.publishedVersion : null]));
  const out: TSavedChecklist[] = [];
  for (const r of rows) {
    const data = await getVersion(String(r.itemId), r.version).catch(() => undefined);
    if (data) out.push(present(r, data, latest.get(String(r.itemId)) ?? null, base));
  }
  return out;
}

export async function listMine(actor: Actor, base: string): Promise<{ items: TSavedChecklist[] }> {
  const rows = (await Checklist.find({ userId: new Types.ObjectId(actor.id) }).sort({ createdAt: -1 }).limit(100).lean()) as Row[];
  return { items: await presentMany(rows, base) };
}

/** Someone else's checklist is a 404, exactly like a missing one. */
export async function getMine(actor: Actor, id: string, base: string): Promise<TSavedChecklist> {
  const row = (await Checklist.findById(id).lean()) as Row | null;
  authorizeOwn(actor, 'read', row);
  const [presented] = await presentMany([row], base);
  if (!presented) throw AppError.notFound('清单');
  return presented;
}

export async function remove(actor: Actor, id: string): Promise<void> {
  const row = (await Checklist.findById(id, { userId: 1, itemId: 1 }).lean()) as Pick<Row, 'userId' | 'itemId'> | null;
  authorizeOwn(actor, 'delete', row);
  await Checklist.deleteOne({ _id: new Types.ObjectId(id), userId: new Types.ObjectId(actor.id) });
  const latest = await LatestChecklist.findById(latestKey(row.userId, row.itemId), { checklistId: 1 }).lean();
  if (latest && String(latest.checklistId) === id) await repointLatest(row.userId, row.itemId);
}

/** What a citizen last saved for an item, if anything (a booking shows it to the window). */
export interface SavedChecklistRef {
  id: string;
  itemId: string;
  version: number;
  has: string[];
  answers: Record<string, boolean>;
  createdAt: Date;
}

export async function latestChecklistFor(userId: unknown, itemId: unknown): Promise<SavedChecklistRef | undefined> {
  if (!/^[0-9a-f]{24}$/.test(String(userId)) || !/^[0-9a-f]{24}$/.test(String(itemId))) return undefined;
  const row = await LatestChecklist.findById(latestKey(userId, itemId)).lean();
  if (!row) return undefined;
  return { id: String(row.checklistId), itemId: String(row.itemId), version: row.version, has: row.has, answers: answersOf(row), createdAt: row.savedAt };
}

/**
 * What is still missing by the citizen's latest saved checklist for an item, judged against the version it was made
 * with; undefined when they saved none (or that version is gone).
 */
export async function missingByLatestChecklist(userId: unknown, itemId: unknown): Promise<{ key: string; name: string }[] | undefined> {
  const saved = await latestChecklistFor(userId, itemId);
  if (!saved) return undefined;
  const data = await getVersion(saved.itemId, saved.version).catch(() => undefined);
  if (!data) return undefined;
  return checkMaterials(data, saved.has, saved.answers).missing.map((m) => ({ key: m.key, name: m.name }));
}
