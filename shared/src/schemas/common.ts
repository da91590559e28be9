import { z } from 'zod';
import { ERROR_CODES } from '../constants/errors';

/** A MongoDB ObjectId as a 24-hex string; anything else is a 400 naming the field, never a cast error. */
export const ZObjectId = z.string().regex(/^[0-9a-f]{24}$/, { message: '编号格式不正确' });

/** Mainland mobile number. */
export const ZPhone = z.string().regex(/^1[3-9]\d{9}$/, { message: '手机号格式不正确' });

/** Page/size query parameters, as they arrive (strings) from a query string. */
export const ZPageQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(1000).default(1),
    size: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** A page of a list: the items, how many there are in all, and which page this is. */
export function ZPaged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int() }).strict();
}


/** One field at fault: the field's path ("item.materials.2.key") for programs, a Chinese message for people. */
export const ZFieldError = z.object({ field: z.string(), message: z.string() }).strict();
export type TFieldError = z.infer<typeof ZFieldError>;

/**
 * Every error answer. `message` is a sentence for people and never shows a field key; `details` name the fields.
 * Some errors carry extra data a client can act on (retryAfter, currentVersion, next free slots), hence loose.
 */
export const ZErrorBody = z.object({
  error: z.looseObject({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(ZFieldError).optional(),
    requestId: z.string().optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** A page of a list. */
export type TPage<T> = z.infer<ReturnType<typeof ZPaged<z.ZodType<T>>>>;

/** GET /api/health: the process answers, and whether the database does (503 with "degraded" when it does not). */
export const ZHealth = z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['up', 'down']) }).strict();
export type THealth = z.infer<typeof ZHealth>;
/** /api/health/live: the process answers (no dependency checked — a restart would not help a database outage). */
export const ZLive = z.object({ status: z.literal('ok') }).strict();
export type TLive = z.infer<typeof ZLive>;
/** /api/health/ready: may this process take traffic — database reachable, migrations applied, embedded engine up. */
export const ZReady = z
  .object({
    status: z.enum(['ready', 'not-ready']),
    checks: z.object({ db: z.enum(['up', 'down']), migrations: z.enum(['applied', 'pending']), engine: z.enum(['up', 'down', 'external']) }).strict(),
  })
  .strict();
export type TReady = z.infer<typeof ZReady>;
