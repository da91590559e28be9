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
 * The next number to try per center-year (`<center>:<year>`), so issuers in this process take distinct numbers
 * without a read or a collision each. The database stays the judge: a stale entry (another API process, data
 * written behind our back) shows up as a collision and is corrected from the highest stored number.
 */
const nextSeq = new Map<string, number>();

async function highestSeq(centerId: string, year: number): Promise<number> {
  return (await CaseNotice.findOne({ centerKey: centerId, year }, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0;
}

/** Take the next number of a center-year for this process (read from the database once, then counted here). */
async function reserve(key: string, centerId: string, year: number): Promise<number> {
  if (!nextSeq.has(key)) {
    const h = await highestSeq(centerId, year);
    if (!nextSeq.has(key)) nextSeq.set(key, h + 1);
  }
  const seq = nextSeq.get(key)!;
  nextSeq.set(key, seq + 1);
  return seq;
}

/**
 * Issue a numbered notice: the number is taken by inserting the document under the unique (centerKey, year, seq).
 * Numbers come from the per-process counter above; a collision means someone outside it took that number, so the
 * counter jumps past the highest stored one and the next is tried. An insert that fails for any other reason
 * rewinds the counter to its number, so the next issuer fills it: numbers are never reused and never missing.
 */
export async function issueNotice(n: NoticeInput): Promise<NoticeRow> {
  const year = chinaYear(n.at);
  const key = `${n.centerId}:${year}`;
  for (let attempt = 1; attempt <= 100; attempt++) {
    const seq = await reserve(key, n.centerId, year);
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
      if (!isDuplicateKey(err)) {
        nextSeq.set(key, Math.min(nextSeq.get(key) ?? seq, seq));
        throw err;
      }
      // Taken outside this process: continue above the highest stored number (spread a little after a few tries).
      if (attempt % 4 === 0) await new Promise((r) => setTimeout(r, randomInt(0, Math.min(40, attempt * 2))));
      const h = await highestSeq(n.centerId, year);
      nextSeq.set(key, Math.max(nextSeq.get(key) ?? 0, h + 1));
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
