import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Types } from 'mongoose';
import { maskPhone, type TSmsSent, type TTokens, type TUser, type TRole } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { signAccessToken, type Actor } from '../../http/auth';
import { isDuplicateKey } from '../../db/connect';
import { findCenter } from '../centers';
import { AuthAttempt, AuthSlot, Identity, RefreshToken, RevokedFamily, SmsCode, SmsCodeUse, SpentToken, User } from './auth.model';
import type { SmsSender } from './sms-sender';
import type { WechatClient } from './wechat-client';

export interface AuthDeps {
  jwtSecret: string;
  accessTtl: number;
  refreshDays: number;
  sms: SmsSender;
  wechat: WechatClient;
}

const SMS_CODE_TTL_MS = 5 * 60_000;
const SMS_DAILY_LIMIT = 10;
/** Failures allowed before a lockout, and how long the lockout lasts (it doubles for each further failure). */
const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;
/** Failures older than this no longer count, and their slots may be reused. */
const SLOT_TTL_MS = 24 * 3_600_000;
/** How long a session's standing is trusted from memory. */
const SESSION_CACHE_MS = 5_000;

let dummyHash: string | undefined;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createAuthService(deps: AuthDeps) {
  async function present(userId: Types.ObjectId | string): Promise<TUser> {
    const u = await User.findById(userId).lean();
    if (!u || u.disabled) throw new AppError('UNAUTHENTICATED', '账号不存在或已停用');
    const center = u.centerId ? await findCenter(String(u.centerId)) : undefined;
    return {
      id: String(u._id),
      role: u.role as TRole,
      name: u.name,
      ...(u.phone ? { phoneMasked: maskPhone(u.phone) } : {}),
      ...(u.centerId ? { centerId: String(u.centerId), centerName: center?.name ?? '' } : {}),
    };
  }

  async function issue(userId: Types.ObjectId | string, familyId = randomBytes(16).toString('hex')): Promise<TTokens> {
    const user = await present(userId);
    const id = randomBytes(16).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    await RefreshToken.create({
      _id: id,
      familyId,
      userId: new Types.ObjectId(user.id),
      secretHash: sha256(secret),
      expiresAt: new Date(Date.now() + deps.refreshDays * 86_400_000),
    });
    const actor: Actor = { id: user.id, role: user.role, ...(user.centerId ? { centerId: user.centerId } : {}) };
    return {
      accessToken: signAccessToken(actor, deps.jwtSecret, deps.accessTtl, familyId),
      expiresIn: deps.accessTtl,
      refreshToken: `${id}.${secret}`,
      user,
    };
  }

  /** Find the user behind an identity, creating a citizen on first sign-in. Races resolve on the identity's _id. */
  async function citizenFor(identity: string, fields: { name: string; phone?: string }) {
    const found = await Identity.findById(identity).lean();
    if (found) return found.userId;
    const user = await User.create({ role: 'citizen', ...fields });
    try {
      await Identity.create({ _id: identity, userId: user._id });
      return user._id;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await User.deleteOne({ _id: user._id });
      const winner = await Identity.findById(identity).lean();
      return winner!.userId;
    }
  }

  const locked = (retryAfter: number) =>
    new AppError('ACCOUNT_LOCKED', `尝试次数过多，请${Math.ceil(retryAfter / 60)}分钟后再试`, undefined, { retryAfter });

  /**
   * Claim the right to evaluate one guess for a key, before the credential is looked at. Up to MAX_FAILURES guesses
   * since the key's last success may be evaluated; after that the key is locked with a growing wait, and each
   * expired lock lets exactly one more guess through. Each guess takes a numbered slot with a unique _id, so parallel
   * guesses cannot all read "0 failures so far" and all be evaluated.
   */
  async function claimGuess(key: string): Promise<void> {
    const recent = await AuthAttempt.find({ key, createdAt: { $gt: new Date(Date.now() - SLOT_TTL_MS) } })
      .sort({ createdAt: -1 })
      .limit(50)
      .lean();
    const lastOk = recent.findIndex((a) => a.ok);
    const failures = lastOk === -1 ? recent : recent.slice(0, lastOk);
    const generation = lastOk === -1 ? 'start' : String(recent[lastOk]!._id);
    let last = MAX_FAILURES - 1;
    if (failures.length >= MAX_FAILURES) {
      const until = failures[0]!.createdAt.getTime() + LOCK_MS * 2 ** (failures.length - MAX_FAILURES);
      if (until > Date.now()) throw locked(Math.ceil((until - Date.now()) / 1000));
      last = failures.length;
    }
    for (let n = failures.length; n <= last; n++) {
      if (await takeSlot(`${key}|${generation}|${n}`)) return;
    }
    // Every slot is held by guesses still being evaluated: this one waits out a lockout like the fifth failure would.
    throw locked(LOCK_MS / 1000);
  }

  /** Insert the slot; a slot left from more than a day ago is stale and is taken over (once, by one caller). */
  async function takeSlot(id: string): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await AuthSlot.create({ _id: id });
        return true;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const stale = await AuthSlot.deleteOne({ _id: id, createdAt: { $lt: new Date(Date.now() - SLOT_TTL_MS) } });
      if (!stale.deletedCount) return false;
    }
    return false;
  }

  const record = (key: string, ok: boolean) => AuthAttempt.create({ key, ok });

  /**
   * Ended sessions, cached: every authenticated request asks, so the answer (one _id lookup) is kept for
   * SESSION_CACHE_MS. A sign-out in this process is seen at once; one in another process within that time.
   */
  const sessions = new Map<string, { ended: boolean; at: number }>();
  async function isSessionEnded(sessionId: string): Promise<boolean> {
    const hit = sessions.get(sessionId);
    if (hit && (hit.ended || Date.now() - hit.at < SESSION_CACHE_MS)) return hit.ended;
    const ended = !!(await RevokedFamily.exists({ _id: sessionId }));
    if (sessions.size > 50_000) sessions.clear();
    sessions.set(sessionId, { ended, at: Date.now() });
    return ended;
  }
  async function endSession(sessionId: string, reason: 'logout' | 'reuse'): Promise<void> {
    await RevokedFamily.create({ _id: sessionId, reason }).catch((e) => {
      if (!isDuplicateKey(e)) throw e;
    });
    sessions.set(sessionId, { ended: true, at: Date.now() });
  }

  return {
    present,
    isSessionEnded,

    /** Send a 6-digit code; one per phone per minute and ten a day. */
    async sendSmsCode(phone: string): Promise<TSmsSent> {
      const dayCount = await SmsCode.countDocuments({ phone, createdAt: { $gt: new Date(Date.now() - 86_400_000) } });
      if (dayCount >= SMS_DAILY_LIMIT) throw new AppError('RATE_LIMITED', '今天发送验证码次数已达上限，请明天再试');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const minute = Math.floor(Date.now() / 60_000);
      try {
        await SmsCode.create({
          slot: `${phone}:${minute}`,
          phone,
          codeHash: sha256(`${phone}:${code}`),
          expiresAt: new Date(Date.now() + SMS_CODE_TTL_MS),
        });
      } catch (err) {
        if (isDuplicateKey(err)) {
          throw new AppError('RATE_LIMITED', '验证码已发送，请1分钟后再试', undefined, { retryAfter: 60 });
        }
        throw err;
      }
      await deps.sms.send(phone, code);
      return { sent: true, retryAfter: 60, ...(deps.sms.echoes ? { devCode: code } : {}) };
    },

    async verifySmsCode(phone: string, code: string): Promise<TTokens> {
      const key = `sms:${phone}`;
      await claimGuess(key);
      const latest = await SmsCode.findOne({ phone, expiresAt: { $gt: new Date() } }).sort({ createdAt: -1 }).lean();
      const expected = latest ? Buffer.from(latest.codeHash) : undefined;
      const given = Buffer.from(sha256(`${phone}:${code}`));
      if (!latest || !expected || !timingSafeEqual(expected, given)) {
        await record(key, false);
        throw new AppError('CODE_INVALID');
      }
      try {
        await SmsCodeUse.create({ _id: String(latest._id) });
      } catch (err) {
        if (isDuplicateKey(err)) {
          // A spent code counts as a failed guess (its slot was claimed for it).
          await record(key, false);
          throw new AppError('CODE_INVALID', '验证码已使用，请重新获取');
        }
        throw err;
      }
      await record(key, true);
      const userId = await citizenFor(`phone:${phone}`, { name: `用户${phone.slice(-4)}`, phone });
      return issue(userId);
    },

    async wechatSignIn(code: string): Promise<TTokens> {
      const session = await deps.wechat.codeToSession(code);
      const userId = await citizenFor(`wechat:${session.openid}`, { name: '微信用户' });
      return issue(userId);
    },

    async passwordSignIn(username: string, password: string): Promise<TTokens> {
      const key = `password:${username.toLowerCase()}`;
      await claimGuess(key);
      const identity = await Identity.findById(`username:${username.toLowerCase()}`).lean();
      const user = identity ? await User.findById(identity.userId).lean() : null;
      // Compare against a fixed hash when the user is unknown, so timing does not reveal which usernames exist.
      const hash = user?.passwordHash ?? (dummyHash ??= await bcrypt.hash(randomBytes(16).toString('hex'), 10));
      const ok = (await bcrypt.compare(password, hash)) && !!user && !user.disabled;
      await record(key, ok);
      if (!ok) throw new AppError('INVALID_CREDENTIALS');
      return issue(user!._id);
    },

    /**
     * Rotate: spend the presented token (exactly one caller can, by the unique SpentToken _id) and issue the next in
     * its family. Presenting a spent token means it leaked: the whole family is revoked.
     */
    async refresh(token: string): Promise<TTokens> {
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
        await endSession(stored.familyId, 'reuse');
        throw new AppError('UNAUTHENTICATED', '登录凭证已被使用，为安全起见请重新登录');
      }
      return issue(stored.userId, stored.familyId);
    },

    /** Sign out: revoke the token's family. Unknown tokens are ignored (sign-out always succeeds). */
    async logout(token: string): Promise<void> {
      const [id] = token.split('.');
      const stored = id ? await RefreshToken.findById(id).lean() : null;
      if (!stored) return;
      await endSession(stored.familyId, 'logout');
    },

    /** Create a staff/agent/admin account (used by seeds and, later, admin screens). */
    async createStaffAccount(a: { username: string; password: string; name: string; role: Exclude<TRole, 'citizen'>; centerId: Types.ObjectId | string }) {
      const identity = `username:${a.username.toLowerCase()}`;
      const existing = await Identity.findById(identity).lean();
      if (existing) return existing.userId;
      const user = await User.create({
        role: a.role,
        name: a.name,
        username: a.username.toLowerCase(),
        centerId: a.centerId,
        passwordHash: await bcrypt.hash(a.password, 10),
      });
      try {
        await Identity.create({ _id: identity, userId: user._id });
        return user._id;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        await User.deleteOne({ _id: user._id });
        return (await Identity.findById(identity).lean())!.userId;
      }
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
