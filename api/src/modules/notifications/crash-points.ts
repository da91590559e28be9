/**
 * Injected crash points, for tests of crash repair: a multi-step write path calls `crashPoint('<path>:<step>')`
 * between its steps; a test arms a name and the path throws there, leaving exactly what a crash at that moment
 * leaves behind. Disarmed (the default) a crash point does nothing. Kept here, in the lowest module of the booking
 * and outbox paths, so every module of those paths can name its steps.
 */
const armed = new Set<string>();

export class InjectedCrash extends Error {
  constructor(readonly point: string) {
    super(`injected crash at ${point}`);
    this.name = 'InjectedCrash';
  }
}

export const crashPoints = {
  /** Make the named point throw (every time, until disarmed). */
  arm(name: string): void {
    armed.add(name);
  },
  disarm(name?: string): void {
    if (name) armed.delete(name);
    else armed.clear();
  },
};

export async function crashPoint(name: string): Promise<void> {
  if (armed.size && armed.has(name)) throw new InjectedCrash(name);
}
