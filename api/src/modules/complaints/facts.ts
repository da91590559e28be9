import { chinaDate } from '@bianmin/shared';
import { Complaint } from './complaint.model';

/** 投诉建议 as facts for scorecards and reports: plain objects, string ids, no personal data. Read-only. */
export interface ComplaintFact {
  id: string;
  kind: 'complaint' | 'suggestion';
  centerId: string;
  /** The staff member or agent complained about, when there is one. */
  staffId: string | null;
  status: 'received' | 'routed' | 'answered';
  answerDue: string;
  /** China date of the answer, if answered. */
  answeredOn: string | null;
  /** China date it was filed. */
  day: string;
}

/** Complaints and suggestions filed with these centers in [start, end). */
export async function complaintFacts(centerIds: readonly string[], start: Date, end: Date): Promise<ComplaintFact[]> {
  const rows = (
    await Promise.all(centerIds.map((k) => Complaint.find({ centerKey: k, createdAt: { $gte: start, $lt: end } }, { kind: 1, centerKey: 1, staffId: 1, status: 1, answerDue: 1, answeredAt: 1, createdAt: 1 }).lean()))
  ).flat();
  return rows.map((c) => ({
    id: String(c._id),
    kind: c.kind as ComplaintFact['kind'],
    centerId: c.centerKey,
    staffId: c.staffId ? String(c.staffId) : null,
    status: c.status as ComplaintFact['status'],
    answerDue: c.answerDue,
    answeredOn: c.answeredAt ? chinaDate(c.answeredAt) : null,
    day: chinaDate(c.createdAt),
  }));
}
