import { createContext, useContext, useEffect, useMemo, useState, type PropsWithChildren } from 'react';
import type { TUser } from '@bianmin/shared';
import { loadTokens, onTokensChange } from '../services/tokens';

interface Session {
  /** The signed-in person, or null. */
  user: TUser | null;
}

const SessionContext = createContext<Session>({ user: null });

/** Follows the stored tokens: sign-in, refresh and expiry anywhere update every screen. */
export function SessionProvider({ children }: PropsWithChildren) {
  const [user, setUser] = useState<TUser | null>(() => loadTokens()?.user ?? null);
  useEffect(() => onTokensChange((t) => setUser(t?.user ?? null)), []);
  const value = useMemo(() => ({ user }), [user]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
