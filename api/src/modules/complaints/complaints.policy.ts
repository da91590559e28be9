import { adminOver, definePolicy, hasRole, servesOrManages, worksAt, type CenterScope } from '../../http/policy';

/** Who may do what with 投诉建议 (the filer needs no account: the status is read by its code). */
export const complaintPolicy = definePolicy<'list' | 'listBelow' | 'handle' | 'verify' | 'staffRecord', CenterScope>({
  /** The complaints of the center one works at. */
  list: (actor, c) => hasRole(actor, 'staff', 'admin') && worksAt(actor, c),
  /** Admins also see those of the centers below theirs. */
  listBelow: (actor, c) => adminOver(actor, c),
  /** Route to the responsible center, or answer: the center's staff, or an admin over it. */
  handle: (actor, c) => servesOrManages(actor, c, 'staff', 'admin'),
  /** Record whether a complaint was verified (it then counts on the person's record): admins over the center. */
  verify: (actor, c) => adminOver(actor, c),
  /** The yearly record of verified complaints per staff member: admins over the center, never public. */
  staffRecord: (actor, c) => adminOver(actor, c),
});
