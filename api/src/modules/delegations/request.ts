import { chinaDate, openCase, type TDelegationCase, type TDelegationCreate } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { Pii } from '../../security/pii';
import { findUser } from '../auth';
import { findCenter, settingsFor, type CenterEntry } from '../centers';
import { getPublished } from '../service-items';
import { agentOnDuty } from './agent-posts';
import { insertCase, type NewCase } from './case-store';
import { appendEntry } from './ledger.service';
import { relationOf, requestPolicy } from './delegations.policy';
import { presentCase } from './delegations.presenter';

type Item = Awaited<ReturnType<typeof getPublished>>;

const OFFERED: Record<TDelegationCreate['mode'], (i: Item) => boolean> = {
  help: (i) => i.assistance.help,
  delegate: (i) => i.assistance.delegate,
  home: (i) => i.assistance.homeVisit,
};

/** The person served: given in the request (ID number encrypted), or the signed-in citizen themself. */
async function personOf(actor: Actor, input: TDelegationCreate, pii: Pii) {
  if (input.person) {
    return { personName: input.person.name, personIdEnc: pii.encrypt(input.person.idNumber), citizenId: actor.role === 'citizen' ? actor.id : null };
  }
  if (actor.role !== 'citizen') throw AppError.validation([{ field: 'person', message: '代群众申请须填写办事人信息' }]);
  return { personName: (await findUser(actor.id))?.name ?? '群众', personIdEnc: null, citizenId: actor.id };
}

/** Received where the agent works (a village point), else at the item's center. */
async function receivingCenter(actor: Actor, item: Item): Promise<CenterEntry> {
  const center = await findCenter(actor.role === 'agent' && actor.centerId ? actor.centerId : item.centerId);
  if (!center) throw AppError.notFound('服务中心');
  return center;
}

/**
 * 申请: a citizen (for themself or family) or a village agent for a citizen asks for 帮办, 代办 or 上门服务. The chain
 * of stages is planned from the county's limits (settings inherit from the county) and the item's committed limit;
 * an agent filing takes the case, otherwise the receiving center's AB岗 agent on duty does.
 */
export async function requestCase(pii: Pii, actor: Actor, input: TDelegationCreate): Promise<TDelegationCase> {
  requestPolicy.authorize(actor, 'request', null, '请由群众本人、家属或村代办员提交');
  const item = await getPublished(input.itemId);
  if (!OFFERED[input.mode](item)) throw AppError.validation([{ field: 'mode', message: '该事项不提供此项服务' }]);
  const person = await personOf(actor, input, pii);
  const rc = await receivingCenter(actor, item);
  const [settings, itemCenter] = await Promise.all([settingsFor(rc.id), findCenter(item.centerId)]);
  const agentId = actor.role === 'agent' ? actor.id : await agentOnDuty(rc.id, chinaDate(new Date()));
  const start = openCase(
    { mode: input.mode, itemCenterLevel: itemCenter?.level ?? '', receivingLevel: rc.level, chainDays: settings.chain, committedLimitDays: item.committedLimitDays },
    agentId,
  );
  const draft: NewCase = {
    ...start,
    ...person,
    requestedBy: actor.id,
    personPhone: input.contactPhone,
    home: input.home ?? null,
    note: input.note ?? '',
    itemId: item.id,
    itemName: item.name,
    centerId: rc.id,
    centerPath: [rc.id, ...[...rc.ancestors].reverse()],
  };
  const c = await insertCase(draft);
  const data = { mode: input.mode, itemId: item.id, itemName: item.name, itemVersion: item.version, personName: person.personName, ...(input.home ? { home: input.home } : {}) };
  await appendEntry({ caseId: c.id, centerId: c.centerId, actorId: actor.id, actorRole: actor.role, type: 'request', data });
  return presentCase(c, { actor, relation: relationOf(actor, c)! }, pii);
}
