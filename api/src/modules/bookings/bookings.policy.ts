import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { adminOver, definePolicy, isCitizen, worksAt, type CenterScope } from '../../http/policy';
import { findCenter } from '../centers';

/** A booking as the policy needs it: who made it and the center it is at. */
export interface BookingResource {
  ownerId: string;
  scope: CenterScope;
}

const isOwner = (actor: Actor | undefined, b: BookingResource) => !!actor && actor.id === b.ownerId;
/** Staff and agents of the booking's center, or an admin over it: the people who receive the citizen. */
const handles = (actor: Actor | undefined, b: BookingResource) => (!!actor && actor.role !== 'citizen' && worksAt(actor, b.scope)) || adminOver(actor, b.scope);

/** Who may do what with one booking. */
export const bookingPolicy = definePolicy<'view' | 'cancel' | 'reschedule' | 'revealPhone' | 'handle', BookingResource>({
  /** The person who booked (for themselves, family or a client) reads it; to anyone else it does not exist. */
  view: isOwner,
  cancel: isOwner,
  reschedule: isOwner,
  /** The phone in full: the citizen who booked, and staff of the booking's own center; masked for everyone else. */
  revealPhone: (actor, b) => (isCitizen(actor) && isOwner(actor, b)) || (!!actor && actor.role !== 'citizen' && worksAt(actor, b.scope)),
  /** Check in, receive, finish, mark a no-show: the center's own people. */
  handle: handles,
});

/** The policy resource of a booking; a booking of an unknown center is nobody's to handle. */
export async function bookingResource(b: { userId: unknown; centerId: unknown }): Promise<BookingResource> {
  const center = await findCenter(String(b.centerId));
  return { ownerId: String(b.userId), scope: { centerId: String(b.centerId), ancestors: center?.ancestors ?? [] } };
}

/** The owner's own booking, or 404 (someone else's booking is not shown to exist). */
export async function authorizeOwn(actor: Actor, action: 'view' | 'cancel' | 'reschedule', b: { userId: unknown; centerId: unknown }): Promise<void> {
  if (!bookingPolicy.can(actor, action, await bookingResource(b))) throw AppError.notFound('预约');
}

export async function authorizeHandling(actor: Actor, b: { userId: unknown; centerId: unknown }): Promise<void> {
  bookingPolicy.authorize(actor, 'handle', await bookingResource(b), '无权管理该服务中心的数据');
}
