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
  /**
   * The answer: a shared zod schema for JSON (documented in /api/openapi.json and, when contract checks are on,
   * every JSON body this route sends is parsed with it), or a non-JSON media type ('text/html', 'application/pdf',
   * 'text/csv', xlsx, 'image/svg+xml') for pages and files, or 'none' for 204.
   */
  returns: Returns;
}

export type Returns = z.ZodType | NonJson;
export type NonJson = 'none' | 'text/html' | 'text/csv' | 'application/pdf' | 'image/svg+xml' | 'image/png' | 'image/jpeg' | 'text/event-stream' | 'redirect' | typeof XLSX;
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Contract checks (on in tests): every JSON body a route sends is parsed with its `returns` schema, and a body that
 * does not fit is answered with a 500 naming the route, so a presenter cannot drift from the shared contract.
 */
let contractChecks = false;
export function setContractChecks(on: boolean): void {
  contractChecks = on;
}
/** For answers sent as ready-made bytes (not through res.json): check the value they were made from. */
export function checkContract<T extends z.ZodType>(returns: T, value: unknown): void {
  if (contractChecks) returns.parse(value);
}
const isSchema = (r: Returns): r is z.ZodType => typeof r === 'object' && r !== null && 'safeParse' in r;

function checkResponses(route: string, returns: Returns) {
  return (_req: Request, res: Response, next: () => void) => {
    if (!contractChecks) return next();
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      // Errors follow the error envelope, not the route's schema.
      if (res.statusCode >= 400 || (body && typeof body === 'object' && 'error' in body && Object.keys(body).length === 1)) return json(body);
      if (!isSchema(returns)) {
        res.status(500);
        return json({ error: { code: 'INTERNAL', message: `契约错误：${route} 声明返回 ${returns}，却返回了 JSON` } }) as Response;
      }
      const r = returns.safeParse(body);
      if (!r.success) {
        res.status(500);
        return json({ error: { code: 'INTERNAL', message: `契约错误：${route} 的返回不符合声明`, details: r.error.issues.slice(0, 5).map((i) => ({ field: i.path.join('.'), message: i.message })) } });
      }
      return json(body);
    };
    next();
  };
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
  returns: Returns;
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
        // The route's pattern (not the URL) labels its request metrics: /metrics stays small whatever ids are asked for.
        (_req: Request, res: Response, next: () => void) => {
          res.locals.route = `${method.toUpperCase()} ${prefix + path}`;
          next();
        },
        checkResponses(`${method.toUpperCase()} ${prefix + path}`, spec.returns),
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
