import { randomInt } from 'node:crypto';
import type { TAgent, TCenterLedgerVerify, TChainStageKey, TDelegationCase } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { Pii } from '../../security/pii';
import { findUser, usersAt } from '../auth';
import { assertManages, countyOf, findCenter, subtreeIds, writeSettings } from '../centers';
import { addAbsence, savePost } from './agent-posts';
import { completedInMonth } from './case-store';
import { relationOf, requestPolicy } from './delegations.policy';
import { presentCases } from './delegations.presenter';
import { verifyCenters } from './ledger.service';

/** Every case of a center and below: the first entry whose hash chain breaks, if any. */
export async function verifyCenterLedgers(actor: Actor, centerId: string): Promise<TCenterLedgerVerify> {
  await assertManages(actor, centerId, { adminOnly: true });
  return verifyCenters(await subtreeIds(centerId));
}

/** AB岗: both must be agents of that very center, and not the same person. */
export async function setPost(actor: Actor, centerId: string, a: string, b: string) {
  await assertManages(actor, centerId, { adminOnly: true });
  for (const [field, uid] of [['a', a], ['b', b]] as const) {
    const u = await findUser(uid);
    if (!u || u.role !== 'agent' || u.centerId !== centerId) throw AppError.validation([{ field, message: '须为本中心的代办员' }]);
  }
  if (a === b) throw AppError.validation([{ field: 'b', message: 'A岗和B岗不能是同一人' }]);
  await savePost(centerId, a, b);
  return { centerId, a, b };
}

/**
 * 回访 sample: a random share of the cases completed in a month (at least one when any), not yet followed up.
 * Random per call; the admin records the follow-up on each case as a `follow_up` step.
 */
export async function followUpSample(pii: Pii, actor: Actor, centerId: string, month: string, share: number): Promise<{ completed: number; items: TDelegationCase[] }> {
  await assertManages(actor, centerId, { adminOnly: true });
  const rows = await completedInMonth(await subtreeIds(centerId), month);
  const n = rows.length ? Math.max(1, Math.round(rows.length * share)) : 0;
  for (let i = rows.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const items = await presentCases(rows.slice(0, n).map((c) => ({ c, viewer: { actor, relation: relationOf(actor, c) ?? 'admin' } })), pii);
  return { completed: rows.length, items };
}

type StageDays = Partial<Record<TChainStageKey, number>>;

/**
 * 全程代理 stage limits, county-wide (settings.chain of the county center; every center inherits them). The legacy
 * PUT replaces the county's limits whole, so levels it does not send fall back to the defaults.
 */
export async function setChainDays(actor: Actor, centerId: string, chainDays: { three?: StageDays; two?: StageDays }) {
  await writeSettings(actor, centerId, { chain: { three: null, two: null } });
  const set = { ...(chainDays.three ? { three: chainDays.three } : {}), ...(chainDays.two ? { two: chainDays.two } : {}) };
  if (Object.keys(set).length) await writeSettings(actor, centerId, { chain: set });
  return { centerId, chainDays };
}

/**
 * Agents of a center and the centers below it (for assigning), or with `scope: 'county'` every agent of that center's
 * county: an admin may reassign a case to any agent of the county (village ↔ town), never outside it.
 */
export async function listAgents(actor: Actor, centerId: string, scope: 'subtree' | 'county' = 'subtree'): Promise<{ items: TAgent[] }> {
  await assertManages(actor, centerId, { adminOnly: true });
  const root = scope === 'county' ? ((await countyOf(centerId))?.id ?? centerId) : centerId;
  const users = await usersAt(await subtreeIds(root), 'agent');
  const items = await Promise.all(
    users.map(async (u) => ({ id: u.id, name: u.name, centerId: u.centerId ?? '', centerName: u.centerId ? ((await findCenter(u.centerId))?.name ?? '') : '' })),
  );
  return { items };
}

/** 外出登记: while an agent is away, the B agent of their post takes new cases. */
export async function recordAbsence(actor: Actor, from: string, to: string, reason: string) {
  requestPolicy.authorize(actor, 'recordAbsence', null);
  await addAbsence(actor.id, from, to, reason);
  return { from, to, reason };
}
