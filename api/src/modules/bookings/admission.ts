import { AppError } from '../../http/errors';

/**
 * An in-process admission limit for the booking write path. At most `inFlight` bookings run at once (the embedded
 * engine serves about that many writers well); the others wait in line. A newcomer whose expected wait — its place
 * in line over `inFlight`, times the recent duration of one booking's work — is more than twice `maxWaitMs` is
 * answered at once with 503 BUSY and a Retry-After, and so is one that finds the line full; one that has waited
 * `maxWaitMs` after all gets the same answer then. Nobody is left hanging. (The estimate only turns away the clearly
 * hopeless: a line of doomed requests for a full slot drains in milliseconds, which a moving average cannot know.) Refusals that need no writes (a full slot) are decided before
 * the line, so they never wait in it.
 */
export interface Admission {
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly waiting: number;
  readonly running: number;
  /** The recent duration of one piece of work (ms, moving average); 0 before the first has finished. */
  readonly workMs: number;
}

/** Weight of the latest duration in the moving average. */
const ALPHA = 0.2;

export function createAdmission(opts: { inFlight: number; maxWaitMs: number; maxQueue: number; retryAfterS: number }): Admission {
  let running = 0;
  let workMs = 0;
  const line: { go: () => void; timer: NodeJS.Timeout }[] = [];
  const busy = () =>
    new AppError('BUSY', `现在预约的人很多，请${opts.retryAfterS}秒后再试`, undefined, { retryAfter: opts.retryAfterS });
  const expectedWaitMs = () => ((line.length + 1) / opts.inFlight) * workMs;
  return {
    get waiting() {
      return line.length;
    },
    get running() {
      return running;
    },
    get workMs() {
      return workMs;
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running < opts.inFlight) running++;
      else {
        // Clearly hopeless (twice the limit by the estimate): answer now. Otherwise wait, at most maxWaitMs.
        if (line.length >= opts.maxQueue || expectedWaitMs() > 2 * opts.maxWaitMs) throw busy();
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
      const started = performance.now();
      try {
        return await work();
      } finally {
        const took = performance.now() - started;
        workMs = workMs === 0 ? took : workMs + ALPHA * (took - workMs);
        const w = line.shift();
        if (w) {
          clearTimeout(w.timer);
          w.go();
        } else running--;
      }
    },
  };
}

/** How long a booking request may wait (at its slot's gate, or in the line) before it is answered 503. */
export const BOOKING_WAIT = { maxWaitMs: 4_000, retryAfterS: 3 };

/**
 * The booking write path's line: 8 at once (the embedded engine's driver pool); a newcomer expected to wait more
 * than twice BOOKING_WAIT, or one that has waited that long, is answered 503 with Retry-After.
 */
export const bookingAdmission = createAdmission({ inFlight: 8, maxQueue: 400, ...BOOKING_WAIT });
