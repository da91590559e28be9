import type { TTokens } from '@bianmin/shared';
import { readStored, removeStored, STORAGE_KEYS, writeStored } from './storage';

/** The signed-in session as kept on the phone. */
export function loadTokens(): TTokens | undefined {
  const t = readStored<TTokens>(STORAGE_KEYS.tokens);
  return t && typeof t.accessToken === 'string' && typeof t.refreshToken === 'string' ? t : undefined;
}

export function saveTokens(tokens: TTokens): void {
  writeStored(STORAGE_KEYS.tokens, tokens);
  for (const l of listeners) l(tokens);
}

export function clearTokens(): void {
  removeStored(STORAGE_KEYS.tokens);
  for (const l of listeners) l(undefined);
}

type Listener = (tokens: TTokens | undefined) => void;
const listeners = new Set<Listener>();

/** Lets the session store follow sign-in, refresh and expiry wherever they happen. */
export function onTokensChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
