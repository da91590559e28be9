/** 18-digit resident ID number with a valid GB 11643 check digit (zod-free, for the mini-app's own checks). */
export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, wi, i) => s + wi * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

/** Booking codes: 8 characters without look-alikes (no 0/O, 1/I). */
export const BOOKING_CODE_PATTERN = /^[2-9A-HJ-NP-Z]{8}$/;
