import { randomInt, timingSafeEqual } from 'node:crypto';
import type { TSmsSent, TTokens } from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { SmsCode, SmsCodeUse } from './auth.model';
import type { SmsSender } from './sms-sender';
import { sha256 } from './hash';
import { claimGuess, recordGuess } from './lockout';
import { issueTokens, type TokenConfig } from './tokens';
import { citizenFor } from './users';

const SMS_CODE_TTL_MS = 5 * 60_000;
const SMS_DAILY_LIMIT = 10;

/** Send a 6-digit code; one per phone per minute and ten a day. */
export async function sendSmsCode(sms: SmsSender, phone: string): Promise<TSmsSent> {
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
  await sms.send(phone, code);
  return { sent: true, retryAfter: 60, ...(sms.echoes ? { devCode: code } : {}) };
}

/** Sign in with the latest unexpired code for the phone; each code works once, and guesses count towards lockout. */
export async function verifySmsCode(config: TokenConfig, phone: string, code: string): Promise<TTokens> {
  const key = `sms:${phone}`;
  await claimGuess(key);
  const latest = await SmsCode.findOne({ phone, expiresAt: { $gt: new Date() } }).sort({ createdAt: -1 }).lean();
  const expected = latest ? Buffer.from(latest.codeHash) : undefined;
  const given = Buffer.from(sha256(`${phone}:${code}`));
  if (!latest || !expected || !timingSafeEqual(expected, given)) {
    await recordGuess(key, false);
    throw new AppError('CODE_INVALID');
  }
  try {
    await SmsCodeUse.create({ _id: String(latest._id) });
  } catch (err) {
    if (isDuplicateKey(err)) {
      // A spent code counts as a failed guess (its slot was claimed for it).
      await recordGuess(key, false);
      throw new AppError('CODE_INVALID', '验证码已使用，请重新获取');
    }
    throw err;
  }
  await recordGuess(key, true);
  const userId = await citizenFor(`phone:${phone}`, { name: `用户${phone.slice(-4)}`, phone });
  return issueTokens(config, userId);
}
