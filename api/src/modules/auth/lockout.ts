import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { AuthAttempt, AuthSlot } from './auth.model';

/** Failures allowed before a lockout, and how long the lockout lasts (it doubles for each further failure). */
const MAX_FAILURES = 5;
const LOCK_MS = 15 * 60_000;
/** Failures older than this no longer count, and their slots may be reused. */
const SLOT_TTL_MS = 24 * 3_600_000;

const locked = (retryAfter: number) =>
  new AppError('ACCOUNT_LOCKED', `尝试次数过多，请${Math.ceil(retryAfter / 60)}分钟后再试`, undefined, { retryAfter });

/**
 * Claim the right to evaluate one guess for a key, before the credential is looked at. Up to MAX_FAILURES guesses
 * since the key's last success may be evaluated; after that the key is locked with a growing wait, and each
 * expired lock lets exactly one more guess through. Each guess takes a numbered slot with a unique _id, so parallel
 * guesses cannot all read "0 failures so far" and all be evaluated.
 */
export async function claimGuess(key: string): Promise<void> {
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

/** Record the outcome of a claimed guess: a success starts a new generation of slots. */
export const recordGuess = (key: string, ok: boolean) => AuthAttempt.create({ key, ok });
