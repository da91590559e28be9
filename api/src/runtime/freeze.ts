/**
 * Freeze a value and everything in it. For answers computed once and shared by every request (resolved settings, a
 * presented guide): a caller that tried to change the shared copy throws instead of changing it for everyone.
 */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
