import { ENTRY_ACTIONS, STEP_ACTIONS, caseActionAvailable, caseClock, maskPhone, type CaseRelation, type TStepAction, type TDelegationCase, type TLedgerEntry } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { Pii } from '../../security/pii';
import { userNames } from '../auth';
import { findCenter } from '../centers';
import type { CaseRecord } from './case-store';
import { delegationPolicy } from './delegations.policy';
import type { LedgerEntryRow } from './ledger.service';

/** Steps listed in a case's `actions`: the state transitions and the citizen's handover confirmation. */
const LISTED: TStepAction[] = STEP_ACTIONS.filter((a) => a === 'confirm_handover' || !(ENTRY_ACTIONS as readonly string[]).includes(a));

/** What this viewer may do now: allowed by the policy and accepted by the state machine (given valid data). */
export function caseActions(c: CaseRecord, actor: Actor, relation: CaseRelation): string[] {
  return (delegationPolicy.allowedActions(actor, c, LISTED) as TStepAction[]).filter((a) => caseActionAvailable(a, c, relation));
}

export interface Viewer {
  actor: Actor;
  relation: CaseRelation;
}

/** The case for one viewer: phone in full for the citizen and the assigned agent, the ID number for that agent only. */
function presentOne(c: CaseRecord, v: Viewer, names: { center: string; agent: string | null }, pii: Pii): TDelegationCase {
  const handlesIt = v.relation === 'assigned';
  return {
    id: c.id,
    code: c.code,
    mode: c.mode,
    state: c.state,
    itemId: c.itemId,
    itemName: c.itemName,
    centerId: c.centerId,
    centerName: names.center,
    personName: c.personName,
    personPhone: handlesIt || v.relation === 'owner' ? c.personPhone : maskPhone(c.personPhone),
    ...(handlesIt && c.personIdEnc ? { personIdNumber: pii.decrypt(c.personIdEnc) } : {}),
    agentId: c.agentId,
    agentName: names.agent,
    authorized: c.authorized,
    ...(c.home ? { home: { reason: c.home.reason, address: c.home.address, preferredTime: c.home.preferredTime } } : {}),
    ...(c.note ? { note: c.note } : {}),
    handoverConfirmed: c.handoverConfirmed,
    deliveryConfirmed: c.deliveryConfirmed,
    stages: c.stages.map((s) => ({
      key: s.key,
      name: s.name,
      days: s.days,
      ...(s.holder ? { holder: s.holder } : {}),
      ...(s.startedOn ? { startedOn: s.startedOn } : {}),
      ...(s.dueOn ? { dueOn: s.dueOn } : {}),
      ...(s.completedOn ? { completedOn: s.completedOn } : {}),
      ...(s.lateDays ? { lateDays: s.lateDays } : {}),
    })),
    stageIndex: c.stageIndex,
    dueOn: caseClock(c).dueOn,
    promisedOn: c.promisedOn ?? null,
    promiseReason: c.promiseReason ?? '',
    missing: c.missing,
    ...(c.result ? { result: c.result } : {}),
    createdAt: c.createdAt.toISOString(),
    actions: caseActions(c, v.actor, v.relation),
  };
}

/** Present several cases, reading agent names once and center names from the in-memory directory. */
export async function presentCases(list: { c: CaseRecord; viewer: Viewer }[], pii: Pii): Promise<TDelegationCase[]> {
  const agents = await userNames(list.map(({ c }) => c.agentId).filter((x): x is string => !!x));
  const centers = new Map<string, string>();
  for (const { c } of list) if (!centers.has(c.centerId)) centers.set(c.centerId, (await findCenter(c.centerId))?.name ?? '');
  return list.map(({ c, viewer }) => presentOne(c, viewer, { center: centers.get(c.centerId) ?? '', agent: c.agentId ? (agents.get(c.agentId) ?? null) : null }, pii));
}

export async function presentCase(c: CaseRecord, viewer: Viewer, pii: Pii): Promise<TDelegationCase> {
  const [one] = await presentCases([{ c, viewer }], pii);
  return one!;
}

/** A ledger entry; who logged it is not shown to citizens. */
export function presentEntry(r: LedgerEntryRow, actorName: string | undefined): TLedgerEntry {
  return {
    seq: r.seq,
    type: r.type,
    at: r.at.toISOString(),
    ...(r.clientAt ? { clientAt: r.clientAt.toISOString() } : {}),
    actorRole: r.actorRole,
    ...(actorName !== undefined ? { actorName } : {}),
    data: r.data,
    ...(r.corrects ? { corrects: r.corrects } : {}),
    hash: r.hash,
  };
}
