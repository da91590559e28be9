import type { Types } from 'mongoose';
import {
  maskIdNumber,
  maskName,
  maskPhone,
  windowCaseActions,
  WINDOW_CASE_STATE_LABELS,
  WINDOW_CASE_TYPE_LABELS,
  type TCaseTrack,
  type TCaseType,
  type TDeliveryMethod,
  type TServiceItemInput,
  type TStageState,
  type TWindowCase,
  type TWindowCaseDetail,
  type TWindowCaseState,
} from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import type { Pii } from '../../security/pii';
import type { CenterEntry } from '../centers';
import { userNames } from '../auth';
import type { NoticeRow } from './numbering';

/** A case as stored (lean). */
export type CaseRow = {
  _id: Types.ObjectId;
  code: string;
  type: TCaseType;
  state: TWindowCaseState;
  version: number;
  itemId: Types.ObjectId;
  itemCode: string;
  itemName: string;
  itemVersion: number;
  centerId: Types.ObjectId;
  centerKey: string;
  windowId: Types.ObjectId | null;
  windowName: string | null;
  ticketId: Types.ObjectId | null;
  bookingId: Types.ObjectId | null;
  delegationId: Types.ObjectId | null;
  applicantName: string;
  applicantPhone: string;
  applicantIdEnc: string | null;
  applicantIdHash: string | null;
  staffId: Types.ObjectId;
  staffKey: string;
  answers: Record<string, boolean>;
  checklist: Pick<TServiceItemInput, 'materials' | 'questions'>;
  received: string[];
  missing: string[];
  firstNotice: string[];
  breaches: string[];
  clockFrom: Date | null;
  committedDays: number;
  promisedOn: string | null;
  dueAt: Date | null;
  stages: TStageState[];
  result: string | null;
  delivery: TDeliveryMethod | null;
  refusal: { reason: string; legalBasis: string } | null;
  onTime: boolean | null;
  minutes: number | null;
  completedAt: Date | null;
  /** 受理 instant (null on cases opened before it was stored: createdAt stands in). */
  receivedAt?: Date | null;
  lapsedDays: number;
  ratingToken?: string | null;
  ratingUrl?: string | null;
  ratingUntil?: string | null;
  createdAt: Date;
};

export type EventRow = { caseKey: string; seq: number; type: string; actorId: Types.ObjectId; data: Record<string, unknown> | null; createdAt: Date };

/** Who is looking, decided once per request by the service from the policy. */
export interface Viewer {
  actor: Actor;
  center: CenterEntry;
  /** May move the case on (its center's staff): sees the phone in full on the detail, gets actions. */
  canHandle: boolean;
  /** The handling staff member: sees the ID number in full. */
  seesId: boolean;
  citizen: boolean;
  /** A list row: phones masked for everyone. */
  list: boolean;
}

const stage = (s: TStageState) => ({
  name: s.name,
  department: s.department,
  ...(s.level ? { level: s.level } : {}),
  days: s.days,
  ...(s.dueOn ? { dueOn: s.dueOn } : {}),
  ...(s.completedOn ? { completedOn: s.completedOn } : {}),
  ...(s.lateDays ? { lateDays: s.lateDays } : {}),
});

function missingOf(row: CaseRow) {
  const names = new Map((row.checklist?.materials ?? []).map((m) => [m.key, m.name]));
  return row.missing.map((k) => ({ key: k, name: names.get(k) ?? k }));
}

function phoneFor(row: CaseRow, v: Viewer): string | null {
  if (!row.applicantPhone) return null;
  if (v.list) return maskPhone(row.applicantPhone);
  return v.canHandle || v.citizen ? row.applicantPhone : maskPhone(row.applicantPhone);
}

function idFor(row: CaseRow, v: Viewer, pii: Pii): string | null {
  if (!row.applicantIdEnc) return null;
  const plain = pii.decrypt(row.applicantIdEnc);
  return v.seesId && !v.list ? plain : maskIdNumber(plain);
}

function base(row: CaseRow, v: Viewer, pii: Pii, staffName: string): TWindowCase {
  return {
    id: String(row._id),
    code: row.code,
    type: row.type,
    state: row.state,
    itemId: String(row.itemId),
    itemCode: row.itemCode,
    itemName: row.itemName,
    centerId: row.centerKey,
    centerName: v.center.name,
    windowId: row.windowId ? String(row.windowId) : null,
    windowName: row.windowName ?? null,
    ticketId: row.ticketId ? String(row.ticketId) : null,
    bookingId: row.bookingId ? String(row.bookingId) : null,
    delegationId: row.delegationId ? String(row.delegationId) : null,
    applicantName: row.applicantName,
    applicantPhone: phoneFor(row, v),
    applicantIdNumber: idFor(row, v, pii),
    staffId: row.staffKey,
    staffName,
    receivedMaterials: row.received,
    missing: missingOf(row),
    clockFrom: row.clockFrom ? row.clockFrom.toISOString() : null,
    dueAt: row.dueAt ? row.dueAt.toISOString() : null,
    promisedOn: row.promisedOn ?? null,
    stages: (row.stages ?? []).map(stage),
    result: row.result ?? null,
    delivery: row.delivery ?? null,
    refusal: row.refusal ? { reason: row.refusal.reason, legalBasis: row.refusal.legalBasis } : null,
    onTime: row.onTime ?? null,
    minutes: row.minutes ?? null,
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    actions: v.canHandle ? windowCaseActions({ state: row.state, stages: row.stages ?? [] }) : [],
  };
}

export const presentCase = {
  /** List rows, staff names looked up once for the page. */
  async many(items: { row: CaseRow; viewer: Viewer }[], pii: Pii): Promise<TWindowCase[]> {
    const names = await userNames(items.map((i) => i.row.staffKey));
    return items.map(({ row, viewer }) => base(row, viewer, pii, names.get(row.staffKey) ?? ''));
  },
};

export interface RatingCardView {
  url?: string;
  rated: boolean;
  until: string;
}

export async function presentDetail(row: CaseRow, v: Viewer, pii: Pii, events: EventRow[], notices: NoticeRow[], rating: RatingCardView | null): Promise<TWindowCaseDetail> {
  const names = await userNames([row.staffKey, ...events.map((e) => String(e.actorId))]);
  const printBase = v.citizen ? `/api/my/cases/${row._id}/notices` : `/api/staff/cases/${row._id}/notices`;
  return {
    ...base(row, v, pii, names.get(row.staffKey) ?? ''),
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      at: e.createdAt.toISOString(),
      ...(v.citizen ? {} : { actorName: names.get(String(e.actorId)) ?? '' }),
      data: e.data ?? {},
    })),
    notices: notices.map((n) => ({
      id: String(n._id),
      kind: n.kind,
      number: n.number,
      year: n.year,
      seq: n.seq,
      issuedAt: n.createdAt.toISOString(),
      staffName: n.staffName,
      printUrl: `${printBase}/${n._id}`,
    })),
    breaches: v.citizen ? [] : row.breaches ?? [],
    rating: rating ? { ...(rating.url ? { url: rating.url } : {}), rated: rating.rated, until: rating.until } : null,
  };
}

/** The public progress: no phone, no ID, the name masked. */
export function presentTrack(row: CaseRow, center: CenterEntry): TCaseTrack {
  return {
    code: row.code,
    type: row.type,
    typeLabel: WINDOW_CASE_TYPE_LABELS[row.type],
    state: row.state,
    stateLabel: WINDOW_CASE_STATE_LABELS[row.state],
    itemName: row.itemName,
    centerName: center.name,
    windowName: row.windowName ?? null,
    applicantName: maskName(row.applicantName),
    receivedAt: (row.receivedAt ?? row.createdAt).toISOString(),
    promisedOn: row.promisedOn ?? null,
    missing: missingOf(row).map((m) => m.name),
    stages: (row.stages ?? []).map(stage),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    delivery: row.delivery ?? null,
  };
}
