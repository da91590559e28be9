import { chinaDate, openCase, planStages, type TDelegationCase, type TDelegationCreate } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import type { Pii } from '../../security/pii';
import { findUser, usersAt } from '../auth';
import { calendarFor } from '../calendar';
import { countyOf, findCenter, settingsFor, type CenterEntry } from '../centers';
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

/** The person served: given in the request (ID number encrypted when given), or the signed-in citizen themself. */
async function personOf(actor: Actor, input: TDelegationCreate, pii: Pii) {
  if (input.person) {
    return {
      personName: input.person.name,
      personIdEnc: input.person.idNumber ? pii.encrypt(input.person.idNumber) : null,
      citizenId: actor.role === 'citizen' ? actor.id : null,
    };
  }
  if (actor.role !== 'citizen') throw AppError.validation([{ field: 'person', message: '代群众申请须填写办事人姓名' }]);
  return { personName: (await findUser(actor.id))?.name ?? '群众', personIdEnc: null, citizenId: actor.id };
}

const OUTSIDE_COUNTY = '所选村（社区）不在本事项所属县，无法受理，请选择本县的村（社区）';

/** An agent on duty at a center: its AB岗 agent of the day, else any agent working there. */
async function agentAt(centerId: string, today: string): Promise<string | null> {
  return (await agentOnDuty(centerId, today)) ?? (await usersAt([centerId], 'agent'))[0]?.id ?? null;
}

/**
 * Where the case is received and who takes it. An agent filing receives it where they work. A citizen naming their
 * village or community: that point's agent, else the town above it. Otherwise the item's own center (a county item
 * received at the county runs no village or town stage). Always inside the item's county.
 */
async function routeOf(actor: Actor, input: TDelegationCreate, item: Item, today: string): Promise<{ center: CenterEntry; agentId: string | null }> {
  const itemCounty = (await countyOf(item.centerId))?.id;
  if (actor.role === 'agent' && actor.centerId) {
    const center = await findCenter(actor.centerId);
    if (!center) throw AppError.notFound('服务中心');
    return { center, agentId: actor.id };
  }
  if (input.villageId) {
    const point = await findCenter(input.villageId);
    if (!point) throw AppError.validation([{ field: 'villageId', message: '请选择所在的村（社区）' }]);
    if ((await countyOf(point.id))?.id !== itemCounty) throw new AppError('VALIDATION_FAILED', OUTSIDE_COUNTY, [{ field: 'villageId', message: OUTSIDE_COUNTY }]);
    const here = await agentAt(point.id, today);
    if (here || point.level !== 'village' || !point.parentId) return { center: point, agentId: here };
    const town = await findCenter(point.parentId);
    if (!town) return { center: point, agentId: null };
    return { center: town, agentId: await agentAt(town.id, today) };
  }
  const center = await findCenter(item.centerId);
  if (!center) throw AppError.notFound('服务中心');
  return { center, agentId: await agentOnDuty(center.id, today) };
}

/** The chain of centers for a receiving center: itself first, the county last. */
export const pathOf = (c: CenterEntry) => [c.id, ...[...c.ancestors].reverse()];

/** The stages of a case for an item received at a center (the county's limits, the item's committed limit). */
export async function stagesFor(itemId: string, received: CenterEntry) {
  const item = await getPublished(itemId);
  const [settings, itemCenter] = await Promise.all([settingsFor(received.id), findCenter(item.centerId)]);
  return planStages({ itemCenterLevel: itemCenter?.level ?? '', receivingLevel: received.level, chainDays: settings.chain, committedLimitDays: item.committedLimitDays });
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
  const today = chinaDate(new Date());
  const { center: rc, agentId } = await routeOf(actor, input, item, today);
  const [settings, itemCenter, calendar] = await Promise.all([settingsFor(rc.id), findCenter(item.centerId), calendarFor(rc.id)]);
  const start = openCase(
    { mode: input.mode, itemCenterLevel: itemCenter?.level ?? '', receivingLevel: rc.level, chainDays: settings.chain, committedLimitDays: item.committedLimitDays, today, calendar },
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
    centerPath: pathOf(rc),
  };
  const c = await insertCase(draft);
  const data = { mode: input.mode, itemId: item.id, itemName: item.name, itemVersion: item.version, personName: person.personName, ...(input.home ? { home: input.home } : {}) };
  await appendEntry({ caseId: c.id, centerId: c.centerId, actorId: actor.id, actorRole: actor.role, type: 'request', data });
  return presentCase(c, { actor, relation: relationOf(actor, c)! }, pii);
}
