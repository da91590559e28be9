import type { ErrorRequestHandler } from 'express';
import type { TErrorCode } from '@bianmin/shared';

const STATUS: Record<TErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  CODE_INVALID: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  ACCOUNT_LOCKED: 423,
  BOOKING_PAUSED: 403,
  RATE_LIMITED: 429,
  UPSTREAM_FAILED: 502,
  INTERNAL: 500,
};

const DEFAULT_MESSAGE: Record<TErrorCode, string> = {
  VALIDATION_FAILED: '提交的内容不正确',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码不正确',
  CODE_INVALID: '验证码不正确或已过期',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '没有找到',
  CONFLICT: '与现有记录冲突',
  VERSION_CONFLICT: '内容已被他人修改，请刷新后重试',
  PAYLOAD_TOO_LARGE: '提交的内容太大',
  ACCOUNT_LOCKED: '尝试次数过多，请稍后再试',
  BOOKING_PAUSED: '网上预约已暂停',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  UPSTREAM_FAILED: '外部服务暂时不可用，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export interface TFieldError {
  field: string;
  message: string;
}

/** The one error type: a stable code for programs, a Chinese message for people, the fields at fault. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    message?: string,
    readonly details?: TFieldError[],
    /** Extra data a client can act on (e.g. retryAfter, next free slots). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.status = STATUS[code];
  }

  static validation(details: TFieldError[]): AppError {
    const first = details[0];
    return new AppError('VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : undefined, details);
  }
  static notFound(what = '记录'): AppError {
    return new AppError('NOT_FOUND', `没有找到该${what}`);
  }
}

/** body-parser errors carry a `type`; map the ones a client causes. */
function fromBodyParser(err: { type?: string }): AppError | undefined {
  if (err.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (err.type === 'entity.parse.failed') return AppError.validation([{ field: 'body', message: 'JSON 格式不正确' }]);
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return AppError.validation([{ field: 'body', message: '不支持的编码' }]);
  }
  return undefined;
}

/** Last middleware: AppError → its status; anything else → opaque 500, logged with the request id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof AppError ? err : fromBodyParser(err as { type?: string });
  const appErr = known ?? new AppError('INTERNAL');
  if (!known) req.log?.error({ err }, 'unhandled error');
  if (res.headersSent) return;
  res.status(appErr.status).json({
    error: {
      code: appErr.code,
      message: appErr.message,
      ...(appErr.details ? { details: appErr.details } : {}),
      ...(appErr.extra ?? {}),
      requestId: String(req.id ?? ''),
    },
  });
};
