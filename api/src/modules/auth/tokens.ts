import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { TTokens } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { signAccessToken, type Actor } from '../../http/auth';
import { isDuplicateKey } from '../../db/connect';
import { RefreshToken, RevokedFamily, SpentToken } from './auth.model';
import { sha256 } from './hash';
import { presentUser } from './users';
import { endSession, type SessionCache } from './sessions';

/** What issuing tokens needs from the configuration. */
export interface TokenConfig {
  jwtSecret: string;
  accessTtl: number;
  refreshDays: number;
}

/** Issue an access token and a refresh token in the given family (a new session by default). */
export async function issueTokens(
  config: TokenConfig,
  userId: Types.ObjectId | string,
  familyId = randomBytes(16).toString('hex'),
): Promise<TTokens> {
  const user = await presentUser(userId);
  const id = randomBytes(16).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await RefreshToken.create({
    _id: id,
    familyId,
    userId: new Types.ObjectId(user.id),
    secretHash: sha256(secret),
    expiresAt: new Date(Date.now() + config.refreshDays * 86_400_000),
  });
  const actor: Actor = { id: user.id, role: user.role, ...(user.centerId ? { centerId: user.centerId } : {}) };
  return {
    accessToken: signAccessToken(actor, config.jwtSecret, config.accessTtl, familyId),
    expiresIn: config.accessTtl,
    refreshToken: `${id}.${secret}`,
    user,
  };
}

/**
 * Rotate: spend the presented token (exactly one caller can, by the unique SpentToken _id) and issue the next in
 * its family. Presenting a spent token means it leaked: the whole family is revoked.
 */
export async function refreshTokens(
  deps: { config: TokenConfig; sessions: SessionCache },
  token: string,
): Promise<TTokens> {
  const [id, secret] = token.split('.');
  const stored = id && secret ? await RefreshToken.findById(id).lean() : null;
  if (!stored || !timingSafeEqual(Buffer.from(stored.secretHash), Buffer.from(sha256(secret)))) {
    throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  }
  if (await RevokedFamily.exists({ _id: stored.familyId })) {
    throw new AppError('UNAUTHENTICATED', '登录已失效，请重新登录');
  }
  if (stored.expiresAt.getTime() < Date.now()) throw new AppError('TOKEN_EXPIRED', '登录已过期，请重新登录');
  try {
    await SpentToken.create({ _id: stored._id });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await endSession(deps.sessions, stored.familyId, 'reuse');
    throw new AppError('UNAUTHENTICATED', '登录凭证已被使用，为安全起见请重新登录');
  }
  return issueTokens(deps.config, stored.userId, stored.familyId);
}

/** Sign out: revoke the token's family. Unknown tokens are ignored (sign-out always succeeds). */
export async function signOut(sessions: SessionCache, token: string): Promise<void> {
  const [id] = token.split('.');
  const stored = id ? await RefreshToken.findById(id).lean() : null;
  if (!stored) return;
  await endSession(sessions, stored.familyId, 'logout');
}
