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

export function ZPaged<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), size: z.number().int() });
}


export const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** A page of a list. */
export interface TPage<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}
