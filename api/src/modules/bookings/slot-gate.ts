import { AppError } from '../../http/errors';

/**
 * A gate per slot in front of the booking line: at most as many requests contend for a slot as it has seats left
 * (by the availability summary); the others for that slot wait at its gate, not in the line, and are let through one
 * by one as contenders finish — where most of them meet a full slot and get their 409 at once, without writing.
 * So a burst on one slot puts only a handful of requests into the line, and the line's expected wait reflects work
 * that will really be done. Per process: the unique seat index, not this gate, is what keeps capacity.
 */
interface Gate {
  contenders: number;
  waiters: (() => void)[];
}
const gates = new Map<string, Gate>();

function wakeAll(key: string, gate: Gate): void {
  const waiters = gate.waiters.splice(0);
  for (const w of waiters) w();
  if (!gate.contenders && !gate.waiters.length) gates.delete(key);
}

/**
 * Run `work` as one of the slot's contenders once fewer are running than `seatsLeft()` says are free. `full()` is
 * thrown when no seat is left; BUSY (503 with Retry-After) when the wait at the gate passes `maxWaitMs`.
 */
export async function throughSlotGate<T>(
  key: string,
  seatsLeft: () => Promise<number>,
  full: () => Promise<Error>,
  work: () => Promise<T>,
  opts: { maxWaitMs: number; retryAfterS: number },
): Promise<T> {
  const deadline = Date.now() + opts.maxWaitMs;
  for (;;) {
    const left = await seatsLeft();
    if (left <= 0) throw await full();
    let gate = gates.get(key);
    if (!gate) gates.set(key, (gate = { contenders: 0, waiters: [] }));
    if (gate.contenders < left) {
      gate.contenders++;
      try {
        return await work();
      } finally {
        gate.contenders--;
        wakeAll(key, gate);
      }
    }
    const g = gate;
    const woken = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      g.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!woken) {
      throw new AppError('BUSY', `现在预约的人很多，请${opts.retryAfterS}秒后再试`, undefined, { retryAfter: opts.retryAfterS });
    }
  }
}
