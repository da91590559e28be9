import type { TReportFigures } from '@bianmin/shared';
import { request } from '../../../services/request';

/** A month's published figures: the shared contract (办件 = window cases; bookings and 代办 on their own lines). */
export type { TReportFigures };

/** Months with a published report, newest first (public). */
export async function reportMonths(centerId: string): Promise<string[]> {
  const res = await request<{ items: { month: string }[] }>('/api/reports', { query: { centerId } });
  return res.items.map((i) => i.month);
}

export function reportFigures(centerId: string, month: string): Promise<TReportFigures> {
  return request<TReportFigures>(`/api/reports/${encodeURIComponent(centerId)}/${encodeURIComponent(month)}`);
}

export function reportPdfPath(centerId: string, month: string): string {
  return `/api/reports/${encodeURIComponent(centerId)}/${encodeURIComponent(month)}/pdf`;
}
