import type {
  TCaseNotice,
  TCaseTrack,
  TWindowCaseDetail,
  TWindowCaseList,
  TWindowCaseOpen,
  TWindowCaseState,
} from '@bianmin/shared';
import type { TDeliveryMethod } from '@bianmin/shared/domain';
import { request } from '../../../services/request';

/**
 * 窗口办件 calls (contract: shared/src/schemas/window-case.ts). Types only from the shared schemas, so zod stays
 * out of the subpackage; the API validates every body.
 */

/** 受理: open a case from a called number, a booking or at the counter; answers the case with its first notice. */
export function openCase(input: TWindowCaseOpen): Promise<TWindowCaseDetail> {
  return request<TWindowCaseDetail>('/api/staff/cases', { method: 'POST', body: input, auth: true });
}

export interface TCaseFilter {
  state?: TWindowCaseState;
  /** Only the cases I received. */
  mine?: boolean;
  due?: 'overdue' | 'soon';
}

export async function listStaffCases(filter: TCaseFilter = {}): Promise<TWindowCaseList['items']> {
  const query = { state: filter.state, mine: filter.mine === undefined ? undefined : String(filter.mine), due: filter.due };
  const res = await request<TWindowCaseList>('/api/staff/cases', { query, auth: true });
  return res.items;
}

export function getStaffCase(id: string): Promise<TWindowCaseDetail> {
  return request<TWindowCaseDetail>(`/api/staff/cases/${encodeURIComponent(id)}`, { auth: true });
}

const caseAction = <T>(id: string, path: string, body: T) =>
  request<TWindowCaseDetail>(`/api/staff/cases/${encodeURIComponent(id)}/${path}`, { method: 'POST', body, auth: true });

/** More materials received (补办); when the list is complete the case is accepted and the clock starts again. */
export function receiveMaterials(id: string, receivedMaterials: string[], answers?: Record<string, boolean>) {
  return caseAction(id, 'materials', { receivedMaterials, ...(answers ? { answers } : {}) });
}

/** A later 补正 (a new 补正告知书); asking for a material the first notice left out is a recorded 一次性告知 breach. */
export function requestSupplement(id: string, missing: string[], note?: string) {
  return caseAction(id, 'supplement', { missing, ...(note ? { note } : {}) });
}

/** 联办/上报: the stage at `index` is done. */
export function completeStage(id: string, index: number, note?: string) {
  return caseAction(id, `stages/${index}/complete`, note ? { note } : {});
}

/** 不予受理 / 退办: reason and legal basis, in writing (a 不予受理告知书 is issued). */
export function refuseCase(id: string, reason: string, legalBasis: string) {
  return caseAction(id, 'refuse', { reason, legalBasis });
}

/** 办结: the result and how it reaches the applicant (a 办结单 with the rating card is issued). */
export function completeCase(id: string, result: string, delivery: TDeliveryMethod) {
  return caseAction(id, 'complete', { result, delivery });
}

export type TPrintFormat = 'a4' | 'slip';

/** Path of a notice's printable page (its `printUrl` is the A4 page): an A4 page, or the 80 mm receipt-printer slip. */
export function noticePrintPath(notice: Pick<TCaseNotice, 'printUrl'>, format: TPrintFormat): string {
  const url = notice.printUrl.replace(/([?&])format=[^&]*&?/, '$1').replace(/[?&]$/, '');
  return `${url}${url.includes('?') ? '&' : '?'}format=${format}`;
}

/** 我的办件: cases whose applicant phone is the signed-in citizen's. */
export async function listMyCases(): Promise<TWindowCaseList['items']> {
  const res = await request<TWindowCaseList>('/api/my/cases', { auth: true });
  return res.items;
}

export function getMyCase(id: string): Promise<TWindowCaseDetail> {
  return request<TWindowCaseDetail>(`/api/my/cases/${encodeURIComponent(id)}`, { auth: true });
}

/** The public progress of a case by the code on its slip (no sign-in). */
export function trackCase(code: string): Promise<TCaseTrack> {
  return request<TCaseTrack>(`/api/track/${encodeURIComponent(code)}`);
}

/** The public, printable progress page the slip's QR opens (served by the API as HTML). */
export function trackPagePath(code: string): string {
  return `/track/${encodeURIComponent(code)}`;
}
