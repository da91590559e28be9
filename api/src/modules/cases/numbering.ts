import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { noticeNumberText, type TNoticeKind } from '@bianmin/shared';
import { isDuplicateKey } from '../../db/connect';
import { AppError } from '../../http/errors';
import { CaseNotice } from './case.model';

export interface NoticeInput {
  centerId: string;
  centerName: string;
  caseId: string;
  kind: TNoticeKind;
  staffId: string;
  staffName: string;
  staffNo: string;
  /** What the document prints, frozen at issue. */
  body: Record<string, unknown>;
  at: Date;
}

export type NoticeRow = {
  _id: Types.ObjectId;
  centerKey: string;
  year: number;
  seq: number;
  number: string;
  kind: TNoticeKind;
  caseKey: string;
  staffId: Types.ObjectId;
  staffName: string;
  staffNo: string;
  body: Record<string, unknown>;
  createdAt: Date;
};

/** China calendar year of an instant. */
const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

/**
 * Issue a numbered notice: the next number of the center's year is taken by inserting the document under the unique
 * (centerKey, year, seq). A collision means someone else took that number: re-read the highest and try the next.
 * So numbers are never reused and, because a number exists only when its document does, never skipped.
 */
export async function issueNotice(n: NoticeInput): Promise<NoticeRow> {
  const year = chinaYear(n.at);
  for (let attempt = 0; attempt < 300; attempt++) {
    const last = await CaseNotice.findOne({ centerKey: n.centerId, year }, { seq: 1 }).sort({ seq: -1 }).lean();
    const seq = (last?.seq ?? 0) + 1;
    try {
      const doc = await CaseNotice.create({
        centerKey: n.centerId,
        year,
        seq,
        number: noticeNumberText(n.centerName, year, seq),
        kind: n.kind,
        caseKey: n.caseId,
        staffId: new Types.ObjectId(n.staffId),
        staffName: n.staffName,
        staffNo: n.staffNo,
        body: n.body,
      });
      return doc.toObject() as NoticeRow;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Spread the retries a little so a crowd does not collide in lockstep.
      if (attempt > 2) await new Promise((r) => setTimeout(r, randomInt(0, Math.min(50, attempt * 3))));
    }
  }
  throw new AppError('CONFLICT', '文书编号繁忙，请重试');
}

export async function noticesOf(caseId: string): Promise<NoticeRow[]> {
  const rows = (await CaseNotice.find({ caseKey: caseId }).lean()) as NoticeRow[];
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq);
}

export async function findNotice(caseId: string, noticeId: string): Promise<NoticeRow | null> {
  const row = (await CaseNotice.findById(noticeId).lean()) as NoticeRow | null;
  return row && row.caseKey === caseId ? row : null;
}
