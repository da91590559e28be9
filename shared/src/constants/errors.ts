/** Stable codes for programs; the Chinese message is for people. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'ACCOUNT_LOCKED',
  'BOOKING_PAUSED',
  'INVALID_CREDENTIALS',
  'CODE_INVALID',
  'UPSTREAM_FAILED',
  'BUSY',
  'INTERNAL',
] as const;
export type TErrorCode = (typeof ERROR_CODES)[number];
