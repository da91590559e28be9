import { adminOver, definePolicy, type CenterScope } from '../../http/policy';

/** Monthly reports are public once generated; generating one on demand is for admins over the center. */
export const reportPolicy = definePolicy<'generate', CenterScope>({
  generate: (actor, c) => adminOver(actor, c),
});
