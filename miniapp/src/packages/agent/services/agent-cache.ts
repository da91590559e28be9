import type { TDelegationCase, TLedgerEntry } from '@bianmin/shared';
import { readStored, STORAGE_KEYS, writeStored } from '../../../services/storage';

/** What an agent last saw of a case: enough to open it and log steps between villages without a signal. */
export interface TCachedCase {
  c: TDelegationCase;
  ledger: TLedgerEntry[];
  savedAt: number;
}

const MAX_CASES = 15;

function all(): TCachedCase[] {
  const v = readStored<TCachedCase[]>(STORAGE_KEYS.agentCases);
  return Array.isArray(v) ? v : [];
}

export function cachedCase(id: string): TCachedCase | undefined {
  return all().find((x) => x.c.id === id);
}

export function cacheCase(c: TDelegationCase, ledger: TLedgerEntry[]): void {
  const rest = all().filter((x) => x.c.id !== c.id);
  writeStored(STORAGE_KEYS.agentCases, [{ c, ledger, savedAt: Date.now() }, ...rest].slice(0, MAX_CASES));
}
