import type { TRole } from '@bianmin/shared';
import type { Actor } from './auth';
import { AppError } from './errors';

/**
 * Authorization as declared policies (after outline/outline server/policies): each module lists, per action, one
 * small predicate over (actor, resource). Routes and services call `authorize()`; the `actions` a client receives
 * for a resource come from `allowedActions()` over the same table, so a button is shown exactly when the API would
 * allow it.
 *
 * Predicates are synchronous: the service loads what they need first (the resource, its center's ancestors from
 * the in-memory directory).
 */
export type Rule<R> = (actor: Actor | undefined, resource: R) => boolean;
export type PolicyTable<A extends string, R> = Record<A, Rule<R>>;

export interface Policy<A extends string, R> {
  readonly rules: PolicyTable<A, R>;
  can(actor: Actor | undefined, action: A, resource: R): boolean;
  /** Throw 401 (no actor) or 403 (with the given Chinese message) unless allowed. */
  authorize(actor: Actor | undefined, action: A, resource: R, message?: string): void;
  /** Every action of `only` (default: all) the actor may take on this resource, in table order. */
  allowedActions(actor: Actor | undefined, resource: R, only?: readonly A[]): A[];
}

export function definePolicy<A extends string, R>(rules: PolicyTable<A, R>): Policy<A, R> {
  const can = (actor: Actor | undefined, action: A, resource: R) => rules[action](actor, resource);
  return {
    rules,
    can,
    authorize(actor, action, resource, message) {
      if (can(actor, action, resource)) return;
      if (!actor) throw new AppError('UNAUTHENTICATED');
      throw new AppError('FORBIDDEN', message);
    },
    allowedActions(actor, resource, only) {
      return ((only ?? Object.keys(rules)) as A[]).filter((a) => can(actor, a, resource));
    },
  };
}

/** A center as policies need it: its id and every center above it. */
export interface CenterScope {
  centerId: string;
  /** Ancestors of the center, county first. */
  ancestors: readonly string[];
}

// Small predicates the tables are built from.
export const hasRole = (actor: Actor | undefined, ...roles: TRole[]): actor is Actor => !!actor && roles.includes(actor.role);
export const isCitizen = (actor: Actor | undefined): actor is Actor => hasRole(actor, 'citizen');
/** Works at exactly this center (staff, agent or admin). */
export const worksAt = (actor: Actor | undefined, scope: CenterScope): boolean => !!actor?.centerId && actor.centerId === scope.centerId;
/** An admin of this center or of a center above it. */
export const adminOver = (actor: Actor | undefined, scope: CenterScope): boolean =>
  hasRole(actor, 'admin') && !!actor.centerId && (actor.centerId === scope.centerId || scope.ancestors.includes(actor.centerId));
/** Staff/agent of the center itself, or an admin over it. */
export const servesOrManages = (actor: Actor | undefined, scope: CenterScope, ...roles: TRole[]): boolean =>
  adminOver(actor, scope) || (hasRole(actor, ...roles) && worksAt(actor, scope));
