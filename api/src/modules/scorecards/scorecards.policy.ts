import { adminOver, definePolicy, hasRole, worksAt, type CenterScope } from '../../http/policy';

/** Who may read scorecards (考核数据). Never public. */
export const scorecardPolicy = definePolicy<'read' | 'readOwn', CenterScope>({
  /** Every line of a center and the centers below it (and the Excel export): admins over the center. */
  read: (actor, c) => adminOver(actor, c),
  /** One's own line: staff and agents of the center they work at. */
  readOwn: (actor, c) => hasRole(actor, 'staff', 'agent') && worksAt(actor, c),
});
