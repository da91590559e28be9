/** The admin API the 中心管理 screens use: 办事指南 editing, center settings, calendar days and report drafts. */
import type {
  TAdminServiceItem,
  TCalendarDayPut,
  TCalendarRule,
  TCenterSettingsPatch,
  TCenterSettingsView,
  TReportFigures,
  TServiceItemHistory,
  TServiceItemInput,
  TServiceItemVersion,
} from '@bianmin/shared';
import { request } from '../../../services/request';

const base = '/api/admin/service-items';

export interface TPage<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

export function listItems(page = 1): Promise<TPage<TAdminServiceItem>> {
  return request(`${base}?page=${page}&size=100`, { auth: true });
}
export function getAdminItem(id: string): Promise<TAdminServiceItem> {
  return request(`${base}/${id}`, { auth: true });
}
export function createItem(centerId: string, item: TServiceItemInput): Promise<TAdminServiceItem> {
  return request(base, { method: 'POST', body: { centerId, item }, auth: true });
}
/** Save the edits as a new version on top of `baseVersion` (refused if someone saved meanwhile). */
export function saveItem(id: string, baseVersion: number, item: TServiceItemInput, note: string): Promise<TAdminServiceItem> {
  return request(`${base}/${id}`, { method: 'PUT', body: { baseVersion, item, ...(note.trim() ? { note: note.trim() } : {}) }, auth: true });
}
export function publishItem(id: string, version: number): Promise<TAdminServiceItem> {
  return request(`${base}/${id}/publish`, { method: 'POST', body: { version }, auth: true });
}
export function unpublishItem(id: string): Promise<TAdminServiceItem> {
  return request(`${base}/${id}/unpublish`, { method: 'POST', auth: true });
}
export function itemHistory(id: string): Promise<TServiceItemHistory> {
  return request(`${base}/${id}/history`, { auth: true });
}
export function itemVersion(id: string, version: number): Promise<TServiceItemVersion> {
  return request(`${base}/${id}/versions/${version}`, { auth: true });
}

export function getSettings(centerId: string): Promise<TCenterSettingsView> {
  return request(`/api/admin/centers/${centerId}/settings`, { auth: true });
}
export function putSettings(centerId: string, patch: TCenterSettingsPatch): Promise<TCenterSettingsView> {
  return request(`/api/admin/centers/${centerId}/settings`, { method: 'PUT', body: patch, auth: true });
}
export function putCalendarDay(day: TCalendarDayPut): Promise<unknown> {
  return request('/api/admin/calendar/days', { method: 'PUT', body: day, auth: true });
}
export function deleteCalendarDay(scope: string, date: string): Promise<unknown> {
  return request(`/api/admin/calendar/days?scope=${scope}&date=${date}`, { method: 'DELETE', auth: true });
}
export function calendarRules(scope: string, year: number): Promise<{ items: TCalendarRule[] }> {
  return request(`/api/admin/calendar/days?scope=${scope}&year=${year}`, { auth: true });
}

export type TReportDraft = TReportFigures & { status: '草稿'; countedTo: string };
export function reportDraft(centerId: string, month: string): Promise<TReportDraft> {
  return request(`/api/admin/reports/${centerId}/${month}/draft`, { auth: true });
}
export function publishReport(centerId: string, month: string): Promise<TReportFigures> {
  return request('/api/admin/reports', { method: 'POST', body: { centerId, month }, auth: true });
}
export function publishedMonths(centerId: string): Promise<{ items: { month: string }[] }> {
  return request(`/api/reports?centerId=${centerId}`);
}
