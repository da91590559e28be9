import type { Types } from 'mongoose';
import type { TCenterLevel, TStoredSettings } from '@bianmin/shared';
import { Center } from './center.model';

/** A center as the rest of the API sees it: plain strings, ancestors county first. */
export interface CenterEntry {
  id: string;
  code: string;
  name: string;
  level: TCenterLevel;
  parentId: string | null;
  /** Every center above, county first. */
  ancestors: string[];
  address: string;
  phone: string;
  hours: string;
  settings: TStoredSettings;
  settingsRev: number;
}

type CenterRow = {
  _id: Types.ObjectId;
  code: string;
  name: string;
  level: string;
  parentId?: Types.ObjectId | null;
  ancestors?: Types.ObjectId[];
  address?: string;
  phone?: string;
  hours?: string;
  settings?: unknown;
  settingsRev?: number;
};

/**
 * The centers tree in memory. A county has a few hundred centers at most and they change rarely (seeding, settings
 * writes), so every request reads them from here. A write in this process refreshes at once; other processes see
 * it within REFRESH_MS.
 */
const REFRESH_MS = 2_000;
let cache: { at: number; byId: Map<string, CenterEntry>; loading?: Promise<void> } = { at: 0, byId: new Map() };

function toEntry(r: CenterRow): CenterEntry {
  return {
    id: String(r._id),
    code: r.code,
    name: r.name,
    level: r.level as TCenterLevel,
    parentId: r.parentId ? String(r.parentId) : null,
    ancestors: (r.ancestors ?? []).map(String),
    address: r.address ?? '',
    phone: r.phone ?? '',
    hours: r.hours ?? '',
    // A center that never overrode anything has no settings document at all.
    settings: (stripEmpty(r.settings) ?? {}) as TStoredSettings,
    settingsRev: r.settingsRev ?? 0,
  };
}

/** Mongoose lean documents keep empty sub-objects; a stored override is only a leaf that has a value. */
function stripEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => stripEmpty(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = stripEmpty(x);
      if (s === undefined || s === null) continue;
      if (typeof s === 'object' && !Array.isArray(s) && Object.keys(s as object).length === 0) continue;
      out[k] = s;
    }
    return out;
  }
  return v;
}

async function load(): Promise<void> {
  const rows = (await Center.find({}, { code: 1, name: 1, level: 1, parentId: 1, ancestors: 1, address: 1, phone: 1, hours: 1, settings: 1, settingsRev: 1 }).lean()) as CenterRow[];
  cache = { at: Date.now(), byId: new Map(rows.map((r) => [String(r._id), toEntry(r)])) };
}

async function fresh(): Promise<Map<string, CenterEntry>> {
  if (Date.now() - cache.at > REFRESH_MS) {
    cache.loading ??= load().finally(() => {
      cache.loading = undefined;
    });
    await cache.loading;
  }
  return cache.byId;
}

/** Forget the cached tree (after a write in this process, and between test databases). */
export function invalidateCenters(): void {
  cache = { at: 0, byId: new Map() };
}

let lastMissReload = 0;

/**
 * One center, or undefined. A miss reloads once (a center created a moment ago by another process), at most four
 * times a second, so probing random ids cannot turn into a reload per request.
 */
export async function findCenter(id: string): Promise<CenterEntry | undefined> {
  const hit = (await fresh()).get(String(id));
  if (hit || !/^[0-9a-f]{24}$/.test(String(id)) || Date.now() - lastMissReload < 250) return hit;
  lastMissReload = Date.now();
  cache.at = 0;
  return (await fresh()).get(String(id));
}

/** Every center, parents before children, then by code. */
export async function allCenters(): Promise<CenterEntry[]> {
  return [...(await fresh()).values()].sort((a, b) => a.ancestors.length - b.ancestors.length || a.code.localeCompare(b.code));
}

/** Ids of a center and every center below it. */
export async function subtreeOf(id: string): Promise<string[]> {
  const all = await fresh();
  return [...all.values()].filter((c) => c.id === id || c.ancestors.includes(id)).map((c) => c.id);
}

/** The county (root) of a center. */
export async function countyOf(id: string): Promise<CenterEntry | undefined> {
  const c = await findCenter(id);
  if (!c) return undefined;
  return c.ancestors.length ? findCenter(c.ancestors[0]!) : c;
}
