import type { RequestHandler, Request } from 'express';
import type { z } from 'zod';
import { AppError, type TFieldError } from './errors';

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Parsed<S extends Schemas> = {
  body: S['body'] extends z.ZodType ? z.output<S['body']> : undefined;
  query: S['query'] extends z.ZodType ? z.output<S['query']> : undefined;
  params: S['params'] extends z.ZodType ? z.output<S['params']> : undefined;
};

const PARSED = Symbol('validated');

/**
 * Turn zod issues into details naming the field ("materials.2.key") with a Chinese message. The schemas' own messages
 * are kept; zod's built-in English ones are put into Chinese, so no English reaches people.
 */
export function fieldErrors(error: z.ZodError, prefix?: string): TFieldError[] {
  const at = (path: readonly PropertyKey[]) => [prefix, path.map(String).join('.')].filter(Boolean).join('.') || (prefix ?? 'body');
  return error.issues.flatMap((i) =>
    // One detail per unknown key, naming it as the field: the key is what a program needs, and it must not end up
    // in the sentence for people (a `$where` or `__proto__` sent by an attacker would otherwise be echoed there).
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ field: at([...i.path, k]), message: '不允许的字段' })) : [{ field: at(i.path), message: issueMessage(i) }],
  );
}

// eslint-disable-next-line no-control-regex
const ZOD_DEFAULT = /^[\x00-\x7F]*$/;

function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'invalid_type') return missing(i) ? '必填' : `类型不正确，应为${typeName(i.expected)}`;
  // zod's own messages quote the allowed values ('Invalid option: expected one of "社会保障"|…'): judge them without.
  if (!ZOD_DEFAULT.test(i.message.replace(/"[^"]*"/g, ''))) return i.message;
  switch (i.code) {
    case 'too_big':
      return i.origin === 'string' ? `不能超过${String(i.maximum)}字` : i.origin === 'array' || i.origin === 'set' ? `最多${String(i.maximum)}项` : `不能大于${String(i.maximum)}`;
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? '不能为空' : `至少${String(i.minimum)}字`;
      return i.origin === 'array' || i.origin === 'set' ? `至少${String(i.minimum)}项` : `不能小于${String(i.minimum)}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return '取值不在允许范围内';
    case 'not_multiple_of':
      return '数值不正确';
    default:
      return '内容不正确';
  }
}

/** zod 4 leaves `input` out of issues unless asked, so a missing field is known by its default message. */
function missing(i: z.core.$ZodIssueInvalidType): boolean {
  return 'input' in i ? i.input === undefined : /received undefined$/.test(i.message);
}

function typeName(t: string): string {
  return ({ string: '文本', number: '数字', int: '整数', boolean: '是或否', object: '对象', array: '列表' } as Record<string, string>)[t] ?? t;
}

/**
 * Parse body, query and params with the shared schemas before the handler runs. The result lives on the request
 * under a private key (Express 5's req.query is a getter and must not be reassigned); read it with `input(req)`.
 * Query strings are parsed flat (see app.ts), so `?a[$ne]=1` arrives as the literal key `a[$ne]` and strict schemas
 * reject it.
 */
export function validate<S extends Schemas>(schemas: S): RequestHandler {
  return (req, _res, next) => {
    const errors: TFieldError[] = [];
    const out: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      if (part === 'body' && req.body === undefined && sentBody(req)) {
        // A body the JSON parser left alone (text/plain, a form): say so, rather than "必填" for every field.
        errors.push({ field: 'body', message: '提交的内容须为 JSON 格式' });
        continue;
      }
      const value = part === 'body' ? (req.body ?? {}) : req[part];
      const r = schema.safeParse(value);
      if (r.success) out[part] = r.data;
      else errors.push(...fieldErrors(r.error, part === 'body' ? undefined : part));
    }
    if (errors.length) return next(AppError.validation(errors));
    (req as unknown as Record<symbol, unknown>)[PARSED] = out;
    next();
  };
}

/** Did the request carry a body at all (a length, or chunks)? */
function sentBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** The validated input of a request, typed by the schemas given to validate(). */
export function input<S extends Schemas>(req: Request, _schemas: S): Parsed<S> {
  return (req as unknown as Record<symbol, Parsed<S>>)[PARSED];
}
