import { Types } from 'mongoose';
import {
  DEFAULT_CENTER_SETTINGS,
  settingsProblems,
  type TCenterSettings,
  type TCenterSettingsPatch,
  type TCenterSettingsView,
  type TSettingSource,
  type TStoredSettings,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { Center } from './center.model';
import { findCenter, invalidateCenters, type CenterEntry } from './directory';
import { authorizeCenter } from './centers.policy';
import { deepFreeze } from '../../runtime/freeze';

/** Leaves that are replaced whole rather than merged key by key. */
const WHOLE = new Set(['hours.weekly']);

type Tree = Record<string, unknown>;
const isObj = (v: unknown): v is Tree => !!v && typeof v === 'object' && !Array.isArray(v);

/** Overlay `over` onto `base` leaf by leaf, recording which center gave each leaf. */
function overlay(base: Tree, over: Tree, source: TSettingSource, sources: Record<string, TSettingSource>, path = ''): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined || v === null) continue;
    const p = path ? `${path}.${k}` : k;
    if (isObj(v) && !WHOLE.has(p) && isObj(base[k])) {
      out[k] = overlay(base[k] as Tree, v, source, sources, p);
    } else {
      out[k] = v;
      for (const key of Object.keys(sources)) if (key === p || key.startsWith(`${p}.`)) delete sources[key];
      sources[p] = source;
    }
  }
  return out;
}

function leafSources(t: Tree, path = '', out: Record<string, TSettingSource> = {}): Record<string, TSettingSource> {
  for (const [k, v] of Object.entries(t)) {
    const p = path ? `${path}.${k}` : k;
    if (isObj(v) && !WHOLE.has(p)) leafSources(v, p, out);
    else out[p] = 'default';
  }
  return out;
}

/** Resolve a center's settings: defaults, then the county, the town, the center itself (nearest wins). */
export function resolveSettings(chain: CenterEntry[]): { settings: TCenterSettings; sources: Record<string, TSettingSource> } {
  const sources = leafSources(DEFAULT_CENTER_SETTINGS as unknown as Tree);
  let tree = structuredClone(DEFAULT_CENTER_SETTINGS) as unknown as Tree;
  for (const c of chain) tree = overlay(tree, c.settings as Tree, { centerId: c.id, centerName: c.name }, sources);
  return { settings: tree as unknown as TCenterSettings, sources };
}

async function chainOf(centerId: string): Promise<CenterEntry[]> {
  const c = await findCenter(centerId);
  if (!c) throw AppError.notFound('服务中心');
  const above = await Promise.all(c.ancestors.map((a) => findCenter(a)));
  return [...above.filter((x): x is CenterEntry => !!x), c];
}

/**
 * The one place every module reads a center's rules from (booking rules, hours, chain limits, rating and complaint
 * limits, the reception lapse). Served from memory.
 */
export async function settingsFor(centerId: string): Promise<TCenterSettings> {
  const chain = await chainOf(String(centerId));
  const own = chain[chain.length - 1];
  const known = resolved.get(own);
  if (known && known.chain.length === chain.length && known.chain.every((c, i) => c === chain[i])) return known.settings;
  const settings = deepFreeze(resolveSettings(chain).settings);
  resolved.set(own, { chain, settings });
  return settings;
}

/**
 * Resolved settings per directory entry: every request of the booking path reads them, and resolving walks the whole
 * tree. The directory replaces its entries when a center changes, so an entry whose chain is still the same objects
 * has the same settings. Frozen: a caller that tried to change the shared copy would throw, not leak.
 */
const resolved = new WeakMap<CenterEntry, { chain: CenterEntry[]; settings: TCenterSettings }>();

/** The admin view: resolved values, this center's own overrides, and where each value came from. */
export async function settingsView(actor: Actor, centerId: string): Promise<TCenterSettingsView> {
  const center = await findCenter(centerId);
  if (!center) throw AppError.notFound('服务中心');
  authorizeCenter(actor, 'manage', center);
  const { settings, sources } = resolveSettings(await chainOf(centerId));
  return { centerId, settings, own: center.settings as Record<string, unknown>, sources };
}

/** Apply a patch to stored overrides: values set, nulls removed; empty sections dropped. */
export function applyPatch(stored: TStoredSettings, patch: TCenterSettingsPatch): TStoredSettings {
  const out = structuredClone(stored) as Tree;
  for (const [section, fields] of Object.entries(patch) as [string, Tree | undefined][]) {
    if (!fields) continue;
    const cur = isObj(out[section]) ? (out[section] as Tree) : {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      if (v === null) delete cur[k];
      else if (section === 'chain' && isObj(v) && isObj(cur[k])) cur[k] = { ...(cur[k] as Tree), ...v };
      else cur[k] = v;
    }
    if (Object.keys(cur).length) out[section] = cur;
    else delete out[section];
  }
  return out as TStoredSettings;
}

/**
 * Write a center's overrides. Chain stage limits are county-wide (seed 004 sets them for the whole county), so only
 * the county center may hold them. The resolved result must still be coherent (e.g. rectify ≥ contact days).
 */
export async function writeSettings(actor: Actor, centerId: string, patch: TCenterSettingsPatch): Promise<TCenterSettingsView> {
  const center = await findCenter(centerId);
  if (!center) throw AppError.notFound('服务中心');
  authorizeCenter(actor, 'configure', center);
  if (patch.chain && center.level !== 'county') {
    throw AppError.validation([{ field: 'chain', message: '全程代理各环节时限由县级中心统一设置' }]);
  }
  const stored = applyPatch(center.settings, patch);
  const chain = await chainOf(centerId);
  const { settings } = resolveSettings([...chain.slice(0, -1), { ...center, settings: stored }]);
  const problems = settingsProblems(settings);
  if (problems.length) throw AppError.validation(problems);
  await Center.updateOne({ _id: new Types.ObjectId(centerId) }, { $set: { settings: stored }, $inc: { settingsRev: 1 } });
  invalidateCenters();
  return settingsView(actor, centerId);
}
