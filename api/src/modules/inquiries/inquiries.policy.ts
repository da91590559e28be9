import { adminOver, definePolicy, hasRole, worksAt, type CenterScope } from '../../http/policy';

/** A 首问 entry: its center and holder. */
export interface InquiryScope extends CenterScope {
  holderId: string;
}

/** Who may do what with the 首问 register. */
export const inquiryPolicy = definePolicy<'record' | 'list' | 'close' | 'seePhone', InquiryScope>({
  /** Any staff member (or agent, admin) of the center records a question they were asked first. */
  record: (actor, c) => hasRole(actor, 'staff', 'agent', 'admin') && worksAt(actor, c),
  /** The center's register: its people; admins over it. */
  list: (actor, c) => (hasRole(actor, 'staff', 'agent', 'admin') && worksAt(actor, c)) || adminOver(actor, c),
  /** Only the 首问 holder closes an entry: they answer for it until the citizen has the answer. */
  close: (actor, c) => !!actor && actor.id === c.holderId,
  /** The citizen's number in full: the holder, and the staff and admins of the center (an agent: only their own entries). */
  seePhone: (actor, c) => (!!actor && actor.id === c.holderId) || (hasRole(actor, 'staff', 'admin') && worksAt(actor, c)),
});
