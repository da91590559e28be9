import { adminOver, definePolicy, hasRole, isCitizen, worksAt, type CenterScope } from '../../http/policy';

/**
 * A window case as the policy sees it: its center, who received it, the applicant's phone, and (filled in by the
 * service for a signed-in citizen) the viewer's own phone.
 */
export interface WindowCaseScope extends CenterScope {
  staffId: string;
  applicantPhone: string;
  viewerPhone?: string;
}

/** Who may do what with window cases (窗口办件). */
export const casePolicy = definePolicy<'open' | 'view' | 'handle' | 'seeIdNumber' | 'viewOwn', WindowCaseScope>({
  /** Open a case for an item: window staff (or an admin) of the item's own center. */
  open: (actor, c) => hasRole(actor, 'staff', 'admin') && worksAt(actor, c),
  /** Read a case: staff of its center, or an admin over it. */
  view: (actor, c) => (hasRole(actor, 'staff', 'admin') && worksAt(actor, c)) || adminOver(actor, c),
  /** Move a case on (materials, 补正, stages, 退办, 办结): any staff of its center (AB岗 covers an absent colleague). */
  handle: (actor, c) => hasRole(actor, 'staff', 'admin') && worksAt(actor, c),
  /** The full ID number: only the staff member handling the case (DOMAIN.md, personal information). */
  seeIdNumber: (actor, c) => hasRole(actor, 'staff', 'admin') && actor.id === c.staffId,
  /** 我的办件: a citizen whose phone is the applicant's. */
  viewOwn: (actor, c) => isCitizen(actor) && !!c.applicantPhone && c.viewerPhone === c.applicantPhone,
});
