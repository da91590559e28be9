import type { CaseRelation } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { findCase, type CaseRecord } from './case-store';
import { relationOf } from './delegations.policy';

/**
 * A case and how the actor stands to it. Someone with no relation to the case gets the same 404 as for a case that
 * does not exist (a case's existence is personal information).
 */
export async function loadCase(actor: Actor, id: string): Promise<{ c: CaseRecord; relation: CaseRelation }> {
  const c = await findCase(id);
  const relation = c ? relationOf(actor, c) : null;
  if (!c || !relation) throw AppError.notFound('代办件');
  return { c, relation };
}
