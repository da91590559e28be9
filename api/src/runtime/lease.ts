import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { isDuplicateKey } from '../db/connect';

/**
 * Leases: "only one process at a time does X" on a database that has no locks to offer (FerretDB, a replica set
 * seen through several API processes). One document per lease in `leases`, keyed by the lease name (`_id`, unique):
 * `{ _id, holder, expiresAt }`. A process holds the lease while `holder` is its id and `expiresAt` is in the future;
 * it renews well before expiry; when the holder dies its lease simply runs out and the next process to ask takes it.
 * Clocks of the API processes are assumed to agree within a few seconds (NTP on every VM — see deploy/README.md).
 */

interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
  takenAt: Date;
}

/** This process's identity in lease documents: readable in the database (host and pid) and unique per start. */
export const PROCESS_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

function leases() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('lease: the database is not connected');
  return db.collection<LeaseDoc>('leases');
}

/**
 * Take or renew lease `name` for `ttlMs` as `holder`. True when `holder` now holds it. Two steps, each atomic on one
 * document: renew/take over a lease that is ours or expired; else create it — the unique `_id` lets one creator win.
 */
export async function acquireLease(name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await leases().findOneAndUpdate(
    { _id: name, $or: [{ holder }, { expiresAt: { $lt: now } }] },
    { $set: { holder, expiresAt, takenAt: now } },
    { returnDocument: 'after' },
  );
  if (taken) return taken.holder === holder;
  try {
    await leases().insertOne({ _id: name, holder, expiresAt, takenAt: now });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Give the lease up at once (a clean stop), so the next process does not wait for it to expire. */
export async function releaseLease(name: string, holder: string): Promise<void> {
  await leases().deleteOne({ _id: name, holder });
}

/** Who holds lease `name` now, if anyone (for /metrics and tests). */
export async function leaseHolder(name: string, now = new Date()): Promise<string | undefined> {
  const doc = await leases().findOne({ _id: name });
  return doc && doc.expiresAt > now ? doc.holder : undefined;
}

export interface LeaseRunner {
  /**
   * Is this process the holder right now: the last renewal succeeded and the lease it wrote has not expired yet.
   * Time-bounded, so a renewal stuck on a slow database never lets this process go on past its lease while
   * another takes it over.
   */
  held(): boolean;
  /** Stop renewing and release the lease (awaits the release; never throws). */
  stop(): Promise<void>;
}

/**
 * Keep trying to hold lease `name`: every `renewMs` renew it (or try to take it over). `onChange(true)` when this
 * process becomes the holder, `onChange(false)` when it loses it (a renewal failed past expiry, or it was taken).
 * A renewal that fails for a database error counts as "not held" once the lease would have expired, so two
 * processes never both believe they hold it for longer than the clock skew.
 */
export function holdLease(opts: {
  name: string;
  holder?: string;
  ttlMs: number;
  renewMs: number;
  onChange: (held: boolean) => void;
  onError?: (err: unknown) => void;
}): LeaseRunner {
  const holder = opts.holder ?? PROCESS_ID;
  let held = false;
  let heldUntil = 0;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const set = (now: boolean) => {
    if (now === held) return;
    held = now;
    opts.onChange(now);
  };
  const tick = () => {
    if (stopped) return;
    busy = (async () => {
      const started = Date.now();
      try {
        const ok = await acquireLease(opts.name, holder, opts.ttlMs, new Date(started));
        if (stopped) return;
        if (ok) heldUntil = started + opts.ttlMs;
        set(ok);
      } catch (err) {
        opts.onError?.(err);
        if (Date.now() >= heldUntil) set(false);
      }
    })();
  };
  const timer = setInterval(tick, opts.renewMs);
  timer.unref();
  tick();
  return {
    held: () => held && Date.now() < heldUntil,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await busy.catch(() => undefined);
      const was = held;
      set(false);
      if (was) await releaseLease(opts.name, holder).catch(() => undefined);
    },
  };
}
