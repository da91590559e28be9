import { request } from '../../../services/request';

/** A month's published figures (the API's ReportFigures; not in shared, so mirrored here as a type only). */
export interface TReportFigures {
  centerName: string;
  month: string;
  from: string;
  to: string;
  cases: { immediate: number; committed: number; joint: number; reported: number; refused: number; corrected: number };
  onTimeRate: number | null;
  assisted: { help: number; delegate: number; home: number };
  ratings: { total: number; byLevel: Record<string, number>; goodRate: number | null; unratedRate: number | null; bad: number; badRectified: number };
  complaints: { total: number; answered: number; answeredInTime: number };
  generatedAt: string;
}

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
