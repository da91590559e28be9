import { adminOver, definePolicy, hasRole, servesOrManages, worksAt } from '../../http/policy';
import { supervisorOf, type CountyScope } from '../supervision';

/** Who may do what with 投诉建议 (the filer needs no account: the status is read by its code). */
export const complaintPolicy = definePolicy<'list' | 'listBelow' | 'route' | 'answer' | 'verify' | 'staffRecord' | 'callBack', CountyScope>({
  /** The complaints of the center one works at; a supervisor sees the county's. */
  list: (actor, c) => (hasRole(actor, 'staff', 'admin') && worksAt(actor, c)) || supervisorOf(actor, c),
  /** Admins also see those of the centers below theirs; supervisors the whole county. */
  listBelow: (actor, c) => adminOver(actor, c) || supervisorOf(actor, c),
  /** Route to the responsible center: the center's staff, or an admin over it. */
  route: (actor, c) => servesOrManages(actor, c, 'staff', 'admin'),
  /** Answer: the same people. */
  answer: (actor, c) => servesOrManages(actor, c, 'staff', 'admin'),
  /**
   * Record whether a complaint was verified (it then counts on the person's record): a supervisor of the county, or
   * an admin of a center above — never the admin of the center whose staff it is about.
   */
  verify: (actor, c) => supervisorOf(actor, c) || (adminOver(actor, c) && !worksAt(actor, c)),
  /** The yearly record of verified complaints per staff member: admins over the center and supervisors; never public. */
  staffRecord: (actor, c) => adminOver(actor, c) || supervisorOf(actor, c),
  /** The filer's name and number in full: only the staff and admins of the center handling it (they call back). */
  callBack: (actor, c) => hasRole(actor, 'staff', 'admin') && worksAt(actor, c),
});
