import { z } from 'zod';
import { ZObjectId, ZPhone } from './common';
import { ZIdNumber } from './booking';
import { SERVICE_MODES, CASE_ACTIONS, CASE_STATES, HOME_REASONS, STAGE_HOLDERS } from '../domain/delegation';
import type { CaseCommand } from '../domain/delegation-machine';
import { ZDate } from './calendar';
import { CHAIN_STAGE_KEYS } from './settings';

/** The person served when it is not the signed-in citizen: a family member, or an agent's client (ID optional). */
export const ZCasePerson = z
  .object({
    name: z.string().trim().min(1, { message: '请填写办事人姓名' }).max(30),
    idNumber: ZIdNumber.optional(),
    phone: ZPhone.optional(),
    relation: z.string().trim().max(10).optional(),
  })
  .strict();

export const ZDelegationCreate = z
  .object({
    itemId: ZObjectId,
    mode: z.enum(SERVICE_MODES),
    /** The person served when it is not the signed-in citizen (a family member; required when an agent files it). */
    person: ZCasePerson.optional(),
    /** The citizen's village or community (a center of the tree): the case goes to that point's agent, else the town. */
    villageId: ZObjectId.optional(),
    contactPhone: ZPhone,
    home: z
      .object({
        reason: z.enum(HOME_REASONS),
        address: z.string().trim().min(4, { message: '请填写详细地址' }).max(200),
        /** e.g. "工作日上午" or "11月25日下午". */
        preferredTime: z.string().trim().min(1).max(50),
      })
      .strict()
      .optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine((v) => (v.mode === 'home') === (v.home !== undefined), { message: '上门服务须填写原因、地址和希望上门时间', path: ['home'] });
export type TDelegationCreate = z.infer<typeof ZDelegationCreate>;

const ZHandoverLine = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    name: z.string().trim().min(1).max(100),
    form: z.enum(['original', 'copy', 'original_and_copy', 'electronic']),
    count: z.number().int().min(1).max(50),
  })
  .strict();

/** A step on a case. `clientKey` makes a queued (offline) step safe to resend; `clientAt` is when it was logged. */
const step = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({
      clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: '幂等键格式不正确' }).optional(),
      clientAt: z.iso.datetime({ offset: true }).optional(),
      ...shape,
    })
    .strict();

export const ZCaseStep = z.discriminatedUnion('action', [
  /** `paper`: the signed 代办委托书's number, recorded at acceptance (an agent filing for a client). */
  step({ action: z.literal('accept'), agentId: ZObjectId.optional(), paper: z.object({ ref: z.string().trim().min(1, { message: '请填写委托书编号' }).max(50) }).strict().optional() }),
  /** Admins move a case to another agent (keeps its state). */
  step({ action: z.literal('reassign'), agentId: ZObjectId, reason: z.string().trim().min(2).max(200) }),
  step({ action: z.literal('authorize'), paper: z.object({ ref: z.string().trim().min(1).max(50) }).strict().optional() }),
  step({ action: z.literal('handover'), lines: z.array(ZHandoverLine).min(1).max(60), signedOnPaper: z.boolean().default(false) }),
  step({ action: z.literal('advance'), note: z.string().trim().max(300).optional() }),
  step({ action: z.literal('request_correction'), missing: z.array(z.string().trim().min(1).max(100)).min(1).max(60), note: z.string().trim().max(300).optional() }),
  step({ action: z.literal('complete_correction'), note: z.string().trim().max(300).optional() }),
  step({ action: z.literal('suspend'), reason: z.string().trim().min(2).max(300) }),
  step({ action: z.literal('resume'), note: z.string().trim().max(300).optional() }),
  step({ action: z.literal('deliver'), method: z.enum(['in_person', 'home', 'mail', 'window']), note: z.string().trim().max(300).optional() }),
  step({ action: z.literal('confirm_delivery') }),
  step({ action: z.literal('complete'), result: z.string().trim().min(1).max(300) }),
  step({ action: z.literal('follow_up'), satisfied: z.boolean(), note: z.string().trim().max(300).optional() }),
  step({ action: z.literal('refuse'), reason: z.string().trim().min(2).max(300) }),
  step({ action: z.literal('withdraw'), reason: z.string().trim().max(300).optional() }),
  step({
    action: z.literal('fee'),
    purpose: z.enum(['legal_fee', 'service_fee']),
    amountFen: z.number().int().min(1).max(100_000_00),
    method: z.enum(['cash_to_agent', 'paid_to_bank']),
    receiptNo: z.string().trim().min(1).max(50).optional(),
    note: z.string().trim().max(200).optional(),
  }),
  step({ action: z.literal('note'), text: z.string().trim().min(1).max(500) }),
  /** The citizen confirms the handover receipt in the app (or it was signed on paper at handover). */
  step({ action: z.literal('confirm_handover') }),
  step({ action: z.literal('correct_entry'), seq: z.number().int().min(1), text: z.string().trim().min(1).max(500) }),
]);
export type TCaseStep = z.infer<typeof ZCaseStep>;
export type TStateAction = keyof typeof CASE_ACTIONS;

/** The step without its transport fields is exactly what the case machine reads (checked at compile time). */
type StepCommand = TCaseStep extends infer S ? (S extends unknown ? Omit<S, 'clientKey' | 'clientAt'> : never) : never;
const _stepFitsMachine = (s: StepCommand): CaseCommand => s;
void _stepFitsMachine;

export const ZCaseStage = z
  .object({
    key: z.string(),
    name: z.string(),
    /** Working days this stage has (seed 004 defaults, the county's settings, the item's committed limit). */
    days: z.number().int(),
    /** Who holds the stage (and is charged when it runs late). */
    holder: z.enum(STAGE_HOLDERS).optional(),
    startedOn: ZDate.optional(),
    dueOn: ZDate.optional(),
    completedOn: ZDate.optional(),
    /** Working days late (each counts a lapse). */
    lateDays: z.number().int().optional(),
  })
  .strict();
export type TCaseStage = z.infer<typeof ZCaseStage>;

/** A 帮办/代办/上门 case as one viewer sees it (phones masked and the ID number shown by who is looking). */
export const ZDelegationCase = z
  .object({
    id: z.string(),
    /** The case number shown to people and printed on the 跟踪卡. */
    code: z.string(),
    mode: z.enum(SERVICE_MODES),
    state: z.enum(CASE_STATES),
    itemId: z.string(),
    itemName: z.string(),
    /** The center that received the case. */
    centerId: z.string(),
    centerName: z.string(),
    personName: z.string(),
    /** Masked except for the agent handling the case (and the citizen themself). */
    personPhone: z.string(),
    /** Only for the agent handling the case. */
    personIdNumber: z.string().optional(),
    agentId: z.string().nullable(),
    agentName: z.string().nullable(),
    /** 委托 given (in the app by the citizen, or a signed paper 代办委托书). */
    authorized: z.boolean(),
    home: z.object({ reason: z.string(), address: z.string(), preferredTime: z.string() }).strict().optional(),
    /** What the citizen wrote when asking. */
    note: z.string().optional(),
    /** The citizen confirmed the latest handover list in the app (or it was signed on paper). */
    handoverConfirmed: z.boolean(),
    deliveryConfirmed: z.boolean(),
    stages: z.array(ZCaseStage),
    /** Index of the running stage; -1 before the first. */
    stageIndex: z.number().int(),
    /** Due date of what the case waits on now: acceptance, the running stage, or 办结 (null while paused or final). */
    dueOn: ZDate.nullable(),
    /** 承诺办结日: fixed at acceptance (null before); moves only with 补正, 中止 or a calendar change. */
    promisedOn: ZDate.nullable(),
    /** Why the promised date last moved (empty when it never did). */
    promiseReason: z.string(),
    /** 补正: everything still missing, told at once. */
    missing: z.array(z.string()),
    result: z.string().optional(),
    createdAt: z.string(),
    /**
     * The steps this viewer may take now: exactly those the API would accept (policy and state machine). Ledger-only
     * steps open to handlers at any time (fee, note, correct_entry) are not listed.
     */
    actions: z.array(z.string()),
  })
  .strict();
export type TDelegationCase = z.infer<typeof ZDelegationCase>;
export const ZDelegationList = z.object({ items: z.array(ZDelegationCase) }).strict();

/** The answer to a step: the case after it; `replay` when a resent step (same clientKey) was already stored. */
export const ZStepAnswer = z.object({ replay: z.boolean(), case: ZDelegationCase }).strict();
export type TStepAnswer = z.infer<typeof ZStepAnswer>;

/** One 台账 entry, as stored (append-only; a correction is a new entry naming the one it corrects). */
export const ZLedgerEntry = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: z.string(),
    /** When it was logged on the phone (offline steps arrive later). */
    clientAt: z.string().optional(),
    actorRole: z.string(),
    /** Not shown to citizens. */
    actorName: z.string().optional(),
    data: z.unknown(),
    corrects: z.number().int().optional(),
    hash: z.string(),
  })
  .strict();
export type TLedgerEntry = z.infer<typeof ZLedgerEntry>;
export const ZLedgerList = z.object({ items: z.array(ZLedgerEntry) }).strict();

/** A hash-chain check: ok, or the first entry that does not check out and why. */
export const ZLedgerVerify = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    broken: z.object({ caseId: z.string(), seq: z.number().int(), reason: z.enum(['hash', 'prevHash', 'sequence']) }).strict().optional(),
  })
  .strict();
export type TLedgerVerify = z.infer<typeof ZLedgerVerify>;
/** The check over every case of a center and below. */
export const ZCenterLedgerVerify = ZLedgerVerify.extend({ cases: z.number().int() }).strict();
export type TCenterLedgerVerify = z.infer<typeof ZCenterLedgerVerify>;

/** An agent of the admin's center or a center below it (for assigning and reassigning). */
export const ZAgent = z.object({ id: z.string(), name: z.string(), centerId: z.string(), centerName: z.string() }).strict();
export type TAgent = z.infer<typeof ZAgent>;
export const ZAgentList = z.object({ items: z.array(ZAgent) }).strict();

/** 回访 sample: how many cases were completed in the month, and the drawn ones. */
export const ZFollowUpSample = z.object({ completed: z.number().int(), items: z.array(ZDelegationCase) }).strict();

/** A center's 代办 AB岗. */
export const ZAgentPost = z.object({ centerId: z.string(), a: z.string(), b: z.string() }).strict();

const ZStageDaysAnswer = z.partialRecord(z.enum(CHAIN_STAGE_KEYS), z.number().int());
/** The county's 全程代理 stage limits as written. */
export const ZChainDaysAnswer = z.object({ centerId: z.string(), chainDays: z.object({ three: ZStageDaysAnswer.optional(), two: ZStageDaysAnswer.optional() }).strict() }).strict();

/** An agent's recorded absence (B takes the cases meanwhile). */
export const ZAgentAbsence = z.object({ from: ZDate, to: ZDate, reason: z.string() }).strict();

/** A lapse (失误) on a case: who held what ran late, and where its review stands (pending until decided). */
export const ZCaseLapse = z
  .object({
    id: z.string(),
    date: ZDate,
    detail: z.string(),
    holder: z.enum(STAGE_HOLDERS).nullable(),
    centerId: z.string(),
    agentId: z.string().nullable(),
    status: z.enum(['pending', 'confirmed', 'dismissed']),
    decisionReason: z.string(),
  })
  .strict();
export type TCaseLapse = z.infer<typeof ZCaseLapse>;
export const ZCaseLapseList = z.object({ items: z.array(ZCaseLapse), mayDecide: z.boolean() }).strict();
export type TCaseLapseList = z.infer<typeof ZCaseLapseList>;
/** A pending 代办 lapse with its case, for the county admin's review list (where the county has no supervisor). */
export const ZPendingCaseLapse = ZCaseLapse.extend({ caseId: z.string(), caseCode: z.string(), itemName: z.string() }).strict();
export type TPendingCaseLapse = z.infer<typeof ZPendingCaseLapse>;
export const ZPendingCaseLapseList = z.object({ items: z.array(ZPendingCaseLapse), mayDecide: z.boolean() }).strict();
export type TPendingCaseLapseList = z.infer<typeof ZPendingCaseLapseList>;
/** Confirm a pending lapse, or dismiss it with a reason. */
export const ZLapseDecision = z
  .object({
    lapseId: z.string().min(1).max(120),
    decision: z.enum(['confirm', 'dismiss']),
    reason: z.string().trim().max(300).default(''),
  })
  .strict()
  .refine((v) => v.decision === 'confirm' || v.reason.length >= 2, { message: '撤销失误须写明理由', path: ['reason'] });

/** The 台账 export as data: the same columns and cells as the Excel and CSV files. */
export const ZLedgerExport = z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string())) }).strict();
export type TLedgerExport = z.infer<typeof ZLedgerExport>;
