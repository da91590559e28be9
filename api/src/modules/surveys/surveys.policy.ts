import { adminOver, definePolicy, isCitizen, type CenterScope } from '../../http/policy';

/** Who may do what with 群众评议 questionnaires. Responders need no account when they hold a printed card. */
export const surveyPolicy = definePolicy<'manage' | 'respondSignedIn', CenterScope>({
  /** Build, publish, print cards, read and export results: admins over the survey's center. */
  manage: (actor, s) => adminOver(actor, s),
  /** Without a card, a signed-in citizen takes part once. */
  respondSignedIn: (actor) => isCitizen(actor),
});
