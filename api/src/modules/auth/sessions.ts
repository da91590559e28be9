import { isDuplicateKey } from '../../db/connect';
import { RevokedFamily } from './auth.model';

/** How long a session's standing is trusted from memory. */
const SESSION_CACHE_MS = 5_000;

/** Ended-session answers kept in memory, one cache per auth service. */
export type SessionCache = Map<string, { ended: boolean; at: number }>;

export const createSessionCache = (): SessionCache => new Map();

/**
 * Ended sessions, cached: every authenticated request asks, so the answer (one _id lookup) is kept for
 * SESSION_CACHE_MS. A sign-out in this process is seen at once; one in another process within that time.
 */
export async function isSessionEnded(sessions: SessionCache, sessionId: string): Promise<boolean> {
  const hit = sessions.get(sessionId);
  if (hit && (hit.ended || Date.now() - hit.at < SESSION_CACHE_MS)) return hit.ended;
  const ended = !!(await RevokedFamily.exists({ _id: sessionId }));
  if (sessions.size > 50_000) sessions.clear();
  sessions.set(sessionId, { ended, at: Date.now() });
  return ended;
}

/** Revoke a session (a refresh-token family); revoking twice is harmless. */
export async function endSession(sessions: SessionCache, sessionId: string, reason: 'logout' | 'reuse'): Promise<void> {
  await RevokedFamily.create({ _id: sessionId, reason }).catch((e) => {
    if (!isDuplicateKey(e)) throw e;
  });
  sessions.set(sessionId, { ended: true, at: Date.now() });
}
