import { definePolicy, isCitizen } from '../../http/policy';

/**
 * A saved checklist is the citizen's own: only its owner reads or deletes it. Anyone else is told it does not exist
 * (a 404, see checklists.service), so ids cannot be probed.
 */
export const checklistPolicy = definePolicy<'save' | 'read' | 'delete', { ownerId: string } | undefined>({
  save: (actor) => isCitizen(actor),
  read: (actor, c) => isCitizen(actor) && !!c && c.ownerId === actor.id,
  delete: (actor, c) => isCitizen(actor) && !!c && c.ownerId === actor.id,
});
