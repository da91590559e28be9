import type { TCaseStep } from '@bianmin/shared';
import { postStep, type TStepAnswer } from '../../../services/delegations';
import { ApiError, messageOf } from '../../../services/request';
import { readStored, STORAGE_KEYS, writeStored } from '../../../services/storage';
import { loadTokens } from '../../../services/tokens';

/**
 * 离线登记: every step an agent logs goes into a queue kept on the phone first, with an idempotency key, and is sent
 * in order when there is a network. A step the server already has (same `clientKey`) answers `{replay: true}` and
 * counts as sent. A refusal (4xx other than 401/408/429) drops the step and tells the agent why; a network failure,
 * a 5xx, an expired sign-in or rate limit keep it for the next try.
 */
export interface TQueuedStep {
  caseId: string;
  /** Who logged it: another agent signing in on the same phone does not send it under their name. */
  userId: string;
  step: TCaseStep & { clientKey: string; clientAt: string };
  /** What it was, in words ("备注：…"), for the pending list. */
  label: string;
}

export type TQueueEvent =
  | { type: 'changed' }
  | { type: 'sent'; item: TQueuedStep; answer: TStepAnswer }
  | { type: 'rejected'; item: TQueuedStep; message: string };

type Listener = (e: TQueueEvent) => void;
const listeners = new Set<Listener>();

function emit(e: TQueueEvent) {
  for (const l of listeners) l(e);
}

export function onQueueEvent(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function readQueue(): TQueuedStep[] {
  const q = readStored<TQueuedStep[]>(STORAGE_KEYS.stepQueue);
  return Array.isArray(q) ? q : [];
}

function writeQueue(q: TQueuedStep[]) {
  writeStored(STORAGE_KEYS.stepQueue, q);
  emit({ type: 'changed' });
}

/** 8–64 characters of [A-Za-z0-9_-], unique enough per phone: time plus randomness. */
export function newClientKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The signed-in agent's steps still waiting, oldest first (optionally of one case). */
export function pendingSteps(caseId?: string): TQueuedStep[] {
  const userId = loadTokens()?.user.id;
  return readQueue().filter((s) => s.userId === userId && (!caseId || s.caseId === caseId));
}

/** Put a step in the queue (persisted at once) and return it. */
export function enqueueStep(caseId: string, step: TCaseStep, label: string): TQueuedStep {
  const userId = loadTokens()?.user.id ?? '';
  const item: TQueuedStep = { caseId, userId, label, step: { ...step, clientKey: newClientKey(), clientAt: new Date().toISOString() } };
  writeQueue([...readQueue(), item]);
  return item;
}

function remove(key: string) {
  writeQueue(readQueue().filter((s) => s.step.clientKey !== key));
}

/** Kept for a later try: no answer, a server fault, sign-in needed, timeout or rate limit. */
function keep(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true;
  return e.isNetwork || e.status >= 500 || e.status === 401 || e.status === 408 || e.status === 429;
}

let flushing: Promise<void> | null = null;

/** Send the signed-in agent's queued steps in order; one flush at a time (a second call joins the running one). */
export function flushQueue(): Promise<void> {
  if (!flushing) {
    flushing = (async () => {
      for (const item of pendingSteps()) {
        try {
          const answer = await postStep(item.caseId, item.step);
          remove(item.step.clientKey);
          emit({ type: 'sent', item, answer });
        } catch (e) {
          if (keep(e)) return;
          remove(item.step.clientKey);
          emit({ type: 'rejected', item, message: `「${item.label}」没有登记上：${messageOf(e)}` });
        }
      }
    })().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}
