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

// Not inside a longer word or id, but right after a percent-escape (a Chinese character typed before the number).
const START = '(?:(?<=%[0-9A-Fa-f]{2})|(?<![0-9A-Za-z]))';
const PHONE = new RegExp(`${START}(1[3-9]\\d)\\d{4}(\\d{4})(?![0-9A-Za-z])`, 'g');
const ID_NUMBER = new RegExp(`${START}(\\d{6})\\d{8}(\\d{3}[\\dXx])(?![0-9A-Za-z])`, 'g');

/**
 * A request URL as the log keeps it: phone and ID numbers typed into a search box or a QR text are masked
 * (138****1234, 110101********1234), the rest (ids, dates, share-link keys) stays for tracing.
 */
export function maskPersonalNumbers(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(PHONE, '$1****$2');
}

/** `destination` lets tests read every line the API writes (the privacy sweep); default: stdout. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'bianmin-api' },
    // Last line of defence: a number that slipped into a message or an error (a driver's "dup key: { phone: … }")
    // is masked in every line written, whatever logged it.
    hooks: { streamWrite: maskPersonalNumbers },
  };
  return destination ? pino(options, destination) : pino(options);
}
export type Logger = ReturnType<typeof createLogger>;
