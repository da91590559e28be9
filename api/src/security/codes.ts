import { randomInt } from 'node:crypto';

/** Letters and digits people read out without confusion (no 0/O, 1/I). Matches BOOKING_CODE_PATTERN in shared. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A random 8-character code for bookings and cases (32^8 ≈ 10^12; collisions retry on the unique index). */
export function randomCode(length = 8): string {
  return Array.from({ length }, () => ALPHABET[randomInt(0, ALPHABET.length)]).join('');
}
