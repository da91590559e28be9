import { AppError } from '../../http/errors';

/**
 * An in-process admission limit for the booking write path. At most `inFlight` bookings run at once (the embedded
 * engine serves about that many writers well); the others wait in line. A request that would wait longer than
 * `maxWaitMs`, or finds the line full, is answered at once with 503 BUSY and a Retry-After, rather than left hanging.
 * Refusals that need no writes (a full slot) are decided before the line, so they never wait in it.
 */
export interface Admission {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly waiting: number;
  readonly running: number;
}

export function createAdmission(opts: { inFlight: number; maxWaitMs: number; maxQueue: number; retryAfterS: number }): Admission {
  let running = 0;
  const line: { go: () => void; timer: NodeJS.Timeout }[] = [];
  const busy = () =>
    new AppError('BUSY', `现在预约的人很多，请${opts.retryAfterS}秒后再试`, undefined, { retryAfter: opts.retryAfterS });
  return {
    get waiting() {
      return line.length;
    },
    get running() {
      return running;
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running < opts.inFlight) running++;
      else {
        if (line.length >= opts.maxQueue) throw busy();
        // Wait for a finishing request to hand over its place (running stays counted across the hand-over).
        await new Promise<void>((resolve, reject) => {
          const w = {
            go: resolve,
            timer: setTimeout(() => {
              const i = line.indexOf(w);
              if (i >= 0) line.splice(i, 1);
              reject(busy());
            }, opts.maxWaitMs),
          };
          line.push(w);
        });
      }
      try {
        return await work();
      } finally {
        const w = line.shift();
        if (w) {
          clearTimeout(w.timer);
          w.go();
        } else running--;
      }
    },
  };
}

/** The booking write path's line: 8 at once (the driver pool), at most 4 s in line, then 503 with Retry-After 3. */
export const bookingAdmission = createAdmission({ inFlight: 8, maxWaitMs: 4_000, maxQueue: 400, retryAfterS: 3 });
