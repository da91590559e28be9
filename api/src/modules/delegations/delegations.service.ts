import type { TCaseState, TCaseStep, TDelegationCreate } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { Pii } from '../../security/pii';
import { actOnCase } from './act';
import { caseCard } from './card';
import { followUpSample, listAgents, recordAbsence, setChainDays, setPost, verifyCenterLedgers } from './admin';
import { caseLedger, getCase, listCases, verifyCaseLedger } from './queries';
import { requestCase } from './request';
import { sweepOverdue } from './sweep';
import { caseLapses, decideCaseLapse, pendingCaseLapses } from './lapses';
import { ledgerExport } from './export';
import { recomputeOpenCaseDues } from './recompute';

/**
 * The 帮办代办 use cases, one file each: request.ts (申请), act.ts (every step through the shared state machine),
 * queries.ts (cases and their 台账), admin.ts (AB岗, 回访 sample, stage limits, agents), sweep.ts (overdue lapses).
 * This factory only binds them to the PII keys.
 */
export function createDelegationService(deps: { pii: Pii }) {
  const { pii } = deps;
  return {
    request: (actor: Actor, input: TDelegationCreate) => requestCase(pii, actor, input),
    get: (actor: Actor, id: string) => getCase(pii, actor, id),
    list: (actor: Actor, filter: { due?: 'soon' | 'overdue'; state?: TCaseState }) => listCases(pii, actor, filter),
    act: (actor: Actor, id: string, step: TCaseStep) => actOnCase(pii, actor, id, step),
    ledger: caseLedger,
    card: caseCard,
    verify: verifyCaseLedger,
    verifyCenter: verifyCenterLedgers,
    sweepOverdue,
    setPost,
    followUpSample: (actor: Actor, centerId: string, month: string, share: number) => followUpSample(pii, actor, centerId, month, share),
    setChainDays,
    listAgents,
    recordAbsence,
    lapses: caseLapses,
    decideLapse: decideCaseLapse,
    pendingLapses: pendingCaseLapses,
    ledgerExport,
    recomputeOpenCaseDues,
  };
}
export type DelegationService = ReturnType<typeof createDelegationService>;
