import { Types } from 'mongoose';
import { checkMaterials, type TSavedChecklist, type TServiceItemInput } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { getPublished, getVersion, itemsByIds, shareUrl } from '../service-items';
import { Checklist } from './checklist.model';
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
  return present(row.toObject() as Row, item, item.version, base);
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
  const row = (await Checklist.findById(id, { userId: 1 }).lean()) as Pick<Row, 'userId'> | null;
  authorizeOwn(actor, 'delete', row);
  await Checklist.deleteOne({ _id: new Types.ObjectId(id), userId: new Types.ObjectId(actor.id) });
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
  const row = (await Checklist.findOne({ userId: new Types.ObjectId(String(userId)), itemId: new Types.ObjectId(String(itemId)) })
    .sort({ createdAt: -1 })
    .lean()) as Row | null;
  if (!row) return undefined;
  return { id: String(row._id), itemId: String(row.itemId), version: row.version, has: row.has, answers: answersOf(row), createdAt: row.createdAt };
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
