import { createHash } from 'node:crypto';

/** Codes and refresh secrets are stored only as this digest. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
