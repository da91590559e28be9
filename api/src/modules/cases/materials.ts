import type { Actor } from '../../http/auth';
import { assertAnswers, assertKeys, missingNow } from './case-row';
import type { CaseContext } from './context';
import { transition } from './transition';

/** 补齐材料: materials handed in (and answers given) later; what is still missing is recomputed from the checklist. */
export function receiveMaterials(ctx: CaseContext, actor: Actor, id: string, input: { receivedMaterials: string[]; answers?: Record<string, boolean> }, now = new Date()) {
  return transition(
    ctx,
    actor,
    id,
    (row) => {
      assertKeys(row.checklist, input.receivedMaterials, 'receivedMaterials');
      const answers = { ...row.answers, ...(input.answers ?? {}) };
      assertAnswers(row.checklist, answers);
      const received = [...new Set([...row.received, ...input.receivedMaterials])];
      return { cmd: { action: 'receive_materials', received: input.receivedMaterials, missingAfter: missingNow(row.checklist, received, answers, row.missing) }, set: { answers } };
    },
    now,
  );
}

/** 补正告知: ask for materials from the item's checklist. */
export function requestSupplement(ctx: CaseContext, actor: Actor, id: string, input: { missing: string[] }, now = new Date()) {
  return transition(
    ctx,
    actor,
    id,
    (row) => {
      assertKeys(row.checklist, input.missing, 'missing');
      return { cmd: { action: 'request_supplement', missing: [...new Set(input.missing)] } };
    },
    now,
  );
}
