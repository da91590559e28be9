import { z } from 'zod';
import { ZObjectId, ZPhone } from './common';
import { ZPerson } from './booking';
import { SERVICE_MODES, CASE_ACTIONS, HOME_REASONS, type TCaseState, type TServiceMode } from '../domain/delegation';


export const ZDelegationCreate = z
  .object({
    itemId: ZObjectId,
    mode: z.enum(SERVICE_MODES),
    /** The person served when it is not the signed-in citizen (a family member; required when an agent files it). */
    person: ZPerson.optional(),
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
  step({ action: z.literal('accept'), agentId: ZObjectId.optional() }),
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

export interface TCaseStage {
  key: string;
  name: string;
  days: number;
  startedOn?: string;
  dueOn?: string;
  completedOn?: string;
  /** Working days late (each counts a lapse). */
  lateDays?: number;
}

export interface TDelegationCase {
  id: string;
  code: string;
  mode: TServiceMode;
  state: TCaseState;
  itemId: string;
  itemName: string;
  centerId: string;
  centerName: string;
  personName: string;
  /** Masked except for the agent handling the case (and the citizen themself). */
  personPhone: string;
  personIdNumber?: string;
  agentId: string | null;
  agentName: string | null;
  authorized: boolean;
  home?: { reason: string; address: string; preferredTime: string };
  /** What the citizen wrote when asking. */
  note?: string;
  /** The citizen confirmed the latest handover list in the app (or it was signed on paper). */
  handoverConfirmed: boolean;
  deliveryConfirmed: boolean;
  stages: TCaseStage[];
  stageIndex: number;
  /** Working days left on the running stage (null when no stage runs). */
  dueOn: string | null;
  missing: string[];
  result?: string;
  createdAt: string;
  /** Next actions this viewer may take. */
  actions: string[];
}

export interface TLedgerEntry {
  seq: number;
  type: string;
  at: string;
  clientAt?: string;
  actorRole: string;
  actorName?: string;
  data: unknown;
  corrects?: number;
  hash: string;
}
