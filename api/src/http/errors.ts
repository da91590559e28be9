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
  BUSY: 503,
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
  BUSY: '现在办理的人很多，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export interface TFieldError {
  field: string;
  message: string;
}

/**
 * Chinese names of the fields people fill in, by the last key of a field path ("item.materials.2.whenQuestion" →
 * 触发问题). A validation message for people starts with the name when it does not already say it; the key itself
 * stays in `details` for programs.
 */
const FIELD_LABELS: Record<string, string> = {
  phone: '手机号',
  username: '用户名',
  password: '密码',
  refreshToken: '登录凭证',
  name: '名称',
  centerId: '服务中心',
  itemId: '办事事项',
  windowId: '窗口',
  bookingId: '预约',
  agentId: '代办员',
  a: 'A岗',
  b: 'B岗',
  date: '日期',
  month: '月份',
  from: '开始日期',
  to: '结束日期',
  start: '开始时间',
  end: '结束时间',
  closesOn: '截止日期',
  slotStart: '预约时段',
  version: '版本',
  baseVersion: '所依据的版本',
  note: '备注',
  reason: '原因',
  q: '搜索词',
  page: '页码',
  size: '每页条数',
  category: '分类',
  department: '实施部门',
  window: '办理窗口',
  caseType: '办件类型',
  legalBasis: '设定依据',
  conditions: '申请条件',
  questions: '情形问题',
  materials: '材料',
  whenQuestion: '触发问题',
  procedure: '办理步骤',
  legalLimitDays: '法定时限',
  committedLimitDays: '承诺时限',
  fee: '收费',
  standard: '收费标准',
  basis: '收费依据',
  visits: '到现场次数',
  place: '办理地点',
  hours: '办理时间',
  consultPhone: '咨询电话',
  complaintPhone: '投诉电话',
  keywords: '关键词',
  has: '已有材料',
  answers: '情形回答',
  person: '办事人',
  idNumber: '身份证号',
  purpose: '事由',
  priority: '优先类别',
  paper: '纸质委托书',
  receiptNo: '收据号',
  mode: '代理方式',
  method: '方式',
  level: '评价等级',
  content: '内容',
  contact: '联系方式',
  kind: '类别',
  options: '选项',
  heldBack: '预留座位',
  home: '上门地址',
  seq: '步骤序号',
  contactDays: '回访时限',
  rectifyDays: '整改时限',
  ratingPeriodDays: '评价期限',
  routeDays: '转办时限',
  answerDays: '答复时限',
  receptionLapseMinutes: '接待超时分钟数',
  weekly: '每周办公时间',
};

/** The name of a field path for people, when one is known ("item.fee.standard" → 收费标准). */
export function fieldLabel(field: string): string | undefined {
  const keys = field.split('.').filter((k) => !/^\d+$/.test(k) && k !== 'body' && k !== 'query' && k !== 'params');
  const last = keys.at(-1);
  return last && Object.hasOwn(FIELD_LABELS, last) ? FIELD_LABELS[last] : undefined;
}

/**
 * One sentence for people from field errors: the first problem, named in Chinese where the name is known, and how
 * many more there are. Field keys never appear in it (they are in `details`).
 */
export function validationMessage(details: readonly TFieldError[]): string | undefined {
  const first = details[0];
  if (!first) return undefined;
  const label = fieldLabel(first.field);
  const head = label && !first.message.includes(label) ? `${label}：${first.message}` : first.message;
  return details.length > 1 ? `${head}（另有${details.length - 1}处需要修改）` : head;
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

  /** A 400 whose message is a sentence for people; each field at fault is named in `details`. */
  static validation(details: TFieldError[]): AppError {
    return new AppError('VALIDATION_FAILED', validationMessage(details), details);
  }
  static notFound(what = '记录'): AppError {
    return new AppError('NOT_FOUND', `没有找到该${what}`);
  }
}

/**
 * Errors Express raises for what a client sent, before any route runs: body-parser's (they carry a `type`) and the
 * router's URIError for a broken percent-escape in the path. Any other 4xx it marks with `expose` (a gzip body that
 * is not gzip, a Content-Length that does not match) is the client's too: a 400 about the body, never a 500.
 */
function fromFramework(err: { type?: string; status?: unknown; expose?: unknown }): AppError | undefined {
  if (err.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  if (err.type === 'entity.parse.failed') return AppError.validation([{ field: 'body', message: 'JSON 格式不正确' }]);
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return AppError.validation([{ field: 'body', message: '不支持的编码' }]);
  }
  if (err instanceof URIError) return AppError.validation([{ field: 'params', message: '网址中含有无法识别的字符' }]);
  if (err.expose === true && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    const same = ({ 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE' } as Record<number, TErrorCode>)[err.status];
    return same ? new AppError(same) : AppError.validation([{ field: 'body', message: '提交的内容无法读取' }]);
  }
  return undefined;
}

/** Last middleware: AppError → its status; anything else → opaque 500, logged with the request id. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof AppError ? err : fromFramework(err as { type?: string });
  const appErr = known ?? new AppError('INTERNAL');
  if (!known) req.log?.error({ err }, 'unhandled error');
  if (res.headersSent) return;
  // A handler may have named its page or file before failing (`res.type('html').send(await render())` sets the type
  // before render throws): the error is JSON, so say so, and drop a download name meant for the file.
  res.removeHeader('Content-Disposition');
  res.type('json');
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
