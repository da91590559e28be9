import pino from 'pino';

/** Paths whose values are personal information or secrets: never written to the log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.phone',
  '*.idNumber',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.code',
  'body.password',
  'body.phone',
  'body.idNumber',
];

export function createLogger(level: string) {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'bianmin-api' },
  });
}
export type Logger = ReturnType<typeof createLogger>;
