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
 * (centerKey, year, seq). A collision means someone else took that number, so try the one above it; every few
 * collisions re-read the highest to jump past a crowd. Only numbers seen taken are skipped, and a number exists only
 * when its document does, so numbers are never reused and never missing.
 */
export async function issueNotice(n: NoticeInput): Promise<NoticeRow> {
  const year = chinaYear(n.at);
  const highest = async () => ((await CaseNotice.findOne({ centerKey: n.centerId, year }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0);
  let seq = (await highest()) + 1;
  for (let attempt = 1; attempt <= 300; attempt++) {
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
      if (attempt % 4 === 0) {
        await new Promise((r) => setTimeout(r, randomInt(0, Math.min(40, attempt * 2))));
        seq = Math.max(seq + 1, (await highest()) + 1);
      } else seq++;
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
