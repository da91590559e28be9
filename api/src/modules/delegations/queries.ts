import { chinaDate, type TCaseState, type TDelegationCase, type TLedgerEntry, type TLedgerVerify } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { Pii } from '../../security/pii';
import { userNames } from '../auth';
import { calendarFor } from '../calendar';
import { subtreeIds } from '../centers';
import { findCases, type CaseScope } from './case-store';
import { delegationPolicy, relationOf } from './delegations.policy';
import { presentCase, presentCases, presentEntry } from './delegations.presenter';
import { caseEntries, verifyCase } from './ledger.service';
import { loadCase } from './load';

export async function getCase(pii: Pii, actor: Actor, id: string): Promise<TDelegationCase> {
  const { c, relation } = await loadCase(actor, id);
  return presentCase(c, { actor, relation }, pii);
}

/** Citizens: their own cases; admins: their center's and below; agents and staff: theirs and their center's. */
async function scopeOf(actor: Actor): Promise<CaseScope | null> {
  if (actor.role === 'citizen') return { citizenId: actor.id };
  if (!actor.centerId) return null;
  if (actor.role === 'admin') return { centerIds: await subtreeIds(actor.centerId) };
  return { agentId: actor.id, centerId: actor.centerId };
}

/** Keep cases whose running stage is due within two working days (`soon`) or already overdue, soonest first. */
async function byDue(actor: Actor, items: TDelegationCase[], due: 'soon' | 'overdue'): Promise<TDelegationCase[]> {
  const today = chinaDate(new Date());
  const soon = actor.centerId ? (await calendarFor(actor.centerId)).addWorkingDays(today, 2) : today;
  return items
    .filter((c) => c.dueOn && (due === 'overdue' ? c.dueOn < today : c.dueOn >= today && c.dueOn <= soon))
    .sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
}

export async function listCases(pii: Pii, actor: Actor, filter: { due?: 'soon' | 'overdue'; state?: TCaseState }): Promise<{ items: TDelegationCase[] }> {
  const scope = await scopeOf(actor);
  const rows = scope ? await findCases(scope, filter.state) : [];
  const visible = rows.flatMap((c) => {
    const relation = relationOf(actor, c);
    return relation ? [{ c, viewer: { actor, relation } }] : [];
  });
  const items = await presentCases(visible, pii);
  return { items: filter.due ? await byDue(actor, items, filter.due) : items };
}

/** The 台账 of a case in order; who logged each entry is not shown to citizens. */
export async function caseLedger(actor: Actor, id: string): Promise<{ items: TLedgerEntry[] }> {
  const { c, relation } = await loadCase(actor, id);
  const rows = await caseEntries(c.id);
  const names = relation === 'owner' ? null : await userNames(rows.map((r) => String(r.actorId)));
  return { items: rows.map((r) => presentEntry(r, names ? names.get(String(r.actorId)) : undefined)) };
}

export async function verifyCaseLedger(actor: Actor, id: string): Promise<TLedgerVerify> {
  const { c } = await loadCase(actor, id);
  delegationPolicy.authorize(actor, 'verify', c);
  return verifyCase(c.id);
}
