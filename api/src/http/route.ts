import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { TRole } from '@bianmin/shared';
import { authenticate, actorOf, type Actor } from './auth';
import { validate, input } from './validate';

export type Access = readonly TRole[] | 'any' | 'optional' | 'public';

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  summary: string;
  tag?: string;
  /** Who may call: roles, any signed-in user, optional sign-in, or public. */
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** Documented answer (for the OpenAPI page), e.g. 'TServiceItem'. */
  returns?: string;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface Ctx<B, Q, P, A extends Access> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  actor: A extends 'public' | 'optional' ? Actor | undefined : Actor;
  req: Request;
  res: Response;
}

export interface DocEntry {
  method: string;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  returns?: string;
}

/** Every route the API serves, as declared; the OpenAPI document is generated from it. */
export const routeRegistry: DocEntry[] = [];

/**
 * A router whose routes read like a sentence: access → validate(shared schema) → one handler. Each route is also
 * recorded for the generated API reference, so the docs cannot drift from what is served.
 */
export function defineRoutes(prefix: string, tag: string, jwtSecret: string) {
  const router = Router();
  const add =
    (method: 'get' | 'post' | 'put' | 'patch' | 'delete') =>
    <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined, A extends Access = Access>(
      path: string,
      spec: RouteSpec<B, Q, P> & { access: A },
      handler: (ctx: Ctx<B, Q, P, A>) => Promise<unknown> | unknown,
    ) => {
      if (!routeRegistry.some((r) => r.method === method && r.path === prefix + path)) {
        routeRegistry.push({ method, path: prefix + path, tag: spec.tag ?? tag, ...spec });
      }
      const schemas = { body: spec.body, query: spec.query, params: spec.params };
      const chain = [
        ...(spec.access === 'public' ? [] : [authenticate(jwtSecret, spec.access)]),
        validate(schemas),
        async (req: Request, res: Response) => {
          const parsed = input(req, schemas);
          await handler({ ...(parsed as object), actor: actorOf(req), req, res } as Ctx<B, Q, P, A>);
        },
      ];
      router[method](path, ...chain);
    };
  return { router, prefix, get: add('get'), post: add('post'), put: add('put'), patch: add('patch'), delete: add('delete') };
}
export type Routes = ReturnType<typeof defineRoutes>;
