import type { RequestHandler, Request } from 'express';
import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TRole } from '@bianmin/shared';
import { AppError } from './errors';

/** Who is calling, from a verified access token. */
export interface Actor {
  id: string;
  role: TRole;
  /** Staff, agents and admins belong to one center; citizens to none. */
  centerId?: string;
}

interface Claims {
  sub: string;
  role: TRole;
  cid?: string;
  /** The sign-in session (refresh-token family) the token was issued under. */
  sid?: string;
}

const ACTOR = Symbol('actor');

/**
 * The HMAC key object of a secret, made once: given a string, jsonwebtoken first tries (and fails) to parse it as
 * a PEM key on every call, which costs most of a token check.
 */
const keys = new Map<string, KeyObject>();
const keyOf = (secret: string) => keys.get(secret) ?? keys.set(secret, createSecretKey(Buffer.from(secret))).get(secret)!;

export function signAccessToken(actor: Actor, secret: string, ttlSeconds: number, sessionId?: string): string {
  const claims: Omit<Claims, 'sub'> = { role: actor.role, ...(actor.centerId ? { cid: actor.centerId } : {}), ...(sessionId ? { sid: sessionId } : {}) };
  return jwt.sign(claims, keyOf(secret), { subject: actor.id, expiresIn: ttlSeconds, algorithm: 'HS256' });
}

/**
 * Is a session ended (signed out, or revoked for refresh-token reuse)? Set once by the app from the auth module; the
 * answer may be cached for a few seconds, so a revoked session is refused within seconds, not at token expiry.
 */
let sessionEnded: ((sessionId: string) => Promise<boolean>) | undefined;
export function checkSessionsWith(fn: (sessionId: string) => Promise<boolean>): void {
  sessionEnded = fn;
}

function readActor(req: Request, secret: string): (Actor & { sid?: string }) | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, token] = header.split(' ');
  if (scheme !== 'Bearer' || !token) throw new AppError('UNAUTHENTICATED', '登录凭证格式不正确');
  try {
    const c = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'] }) as Claims;
    return { id: c.sub, role: c.role, ...(c.cid ? { centerId: c.cid } : {}), ...(c.sid ? { sid: c.sid } : {}) };
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) throw new AppError('TOKEN_EXPIRED');
    throw new AppError('UNAUTHENTICATED', '登录凭证无效，请重新登录');
  }
}

/**
 * Require a signed-in caller, optionally of the given roles. `optional` lets anonymous callers through (the actor is
 * then undefined) but still rejects a bad token, so a client never silently loses its identity.
 */
export function authenticate(secret: string, roles: readonly TRole[] | 'any' | 'optional'): RequestHandler {
  return async (req, _res, next) => {
    const claimed = readActor(req, secret);
    if (!claimed) {
      if (roles === 'optional') return next();
      throw new AppError('UNAUTHENTICATED');
    }
    const { sid, ...actor } = claimed;
    if (sid && sessionEnded && (await sessionEnded(sid))) throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
    if (Array.isArray(roles) && !roles.includes(actor.role)) throw new AppError('FORBIDDEN');
    (req as unknown as Record<symbol, Actor>)[ACTOR] = actor;
    next();
  };
}

export function actorOf(req: Request): Actor | undefined {
  return (req as unknown as Record<symbol, Actor | undefined>)[ACTOR];
}
