import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { TTokens } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { Identity, User } from './auth.model';
import { claimGuess, recordGuess } from './lockout';
import { issueTokens, type TokenConfig } from './tokens';

let dummyHash: string | undefined;

/** Staff sign-in by username and password; guesses count towards the username's lockout. */
export async function passwordSignIn(config: TokenConfig, username: string, password: string): Promise<TTokens> {
  const key = `password:${username.toLowerCase()}`;
  await claimGuess(key);
  const identity = await Identity.findById(`username:${username.toLowerCase()}`).lean();
  const user = identity ? await User.findById(identity.userId).lean() : null;
  // Compare against a fixed hash when the user is unknown, so timing does not reveal which usernames exist.
  const hash = user?.passwordHash ?? (dummyHash ??= await bcrypt.hash(randomBytes(16).toString('hex'), 10));
  const ok = (await bcrypt.compare(password, hash)) && !!user && !user.disabled;
  await recordGuess(key, ok);
  if (!ok) throw new AppError('INVALID_CREDENTIALS');
  return issueTokens(config, user!._id);
}
