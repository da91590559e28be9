import { Types } from 'mongoose';
import { chinaDate, type TComplaintCreate, type TComplaintStatus } from '@bianmin/shared';
import type { Actor } from '../../http/auth';
import { AppError } from '../../http/errors';
import { isDuplicateKey } from '../../db/connect';
import { randomCode } from '../../security/codes';
import { User } from '../auth/auth.model';
import { assertManages, getCenterOr404, subtreeIds } from '../centers/centers.service';
import { calendarFor } from '../calendar/calendar.service';
import { Lapse } from '../queue/queue.model';
import { Complaint, ComplaintEvent } from './complaint.model';

const oid = (id: string | Types.ObjectId) => new Types.ObjectId(String(id));
/** Routed to the responsible center within 1 working day, answered within 5 (seed 004). */
export const ROUTE_DAYS = 1;
export const ANSWER_DAYS = 5;

type Row = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(id: string) {
  const c = await Complaint.findById(id).lean();
  if (!c) throw AppError.notFound('投诉建议');
  return c;
}

function publicStatus(c: Row): TComplaintStatus {
  return {
    code: c.code,
    kind: c.kind as TComplaintStatus['kind'],
    status: c.status as TComplaintStatus['status'],
    filedAt: c.createdAt.toISOString(),
    answerDue: c.answerDue,
    ...(c.answer ? { answer: c.answer } : {}),
    ...(c.answeredAt ? { answeredAt: c.answeredAt.toISOString() } : {}),
  };
}

function staffView(c: Row) {
  return {
    id: String(c._id),
    ...publicStatus(c),
    anonymous: c.anonymous,
    centerId: String(c.centerId),
    target: c.target,
    content: c.content,
    routeDue: c.routeDue,
    // The center handling it may call back a filer who left a number.
    ...(c.contactPhone ? { contact: { name: c.contactName, phone: c.contactPhone } } : {}),
    verified: c.verified,
  };
}

async function step(c: Row, type: 'routed' | 'answered' | 'verified' | 'not_verified', actor: Actor | null, set: Record<string, unknown>, data: unknown = null) {
  try {
    await ComplaintEvent.create({ complaintId: c._id, seq: c.seq + 1, type, actorId: actor ? oid(actor.id) : null, data });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('CONFLICT', '该件刚刚被他人处理，请刷新');
    throw err;
  }
  await Complaint.updateOne({ _id: c._id }, { $set: { ...set, seq: c.seq + 1 } });
}

async function lapse(c: Row, what: 'route' | 'answer', due: string, today: string) {
  if (today <= due) return;
  await Lapse.create({ _id: `complaint-${what}:${c._id}`, kind: 'deadline', centerId: c.centerId, subjectId: c._id, date: today, detail: `投诉建议${what === 'route' ? '转办' : '答复'}超期（应于${due}前）` }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
}

export function createComplaintService() {
  return {
    /** File one. `actor` is ignored when anonymous: the record keeps no identity at all. */
    async file(actor: Actor | undefined, input: TComplaintCreate, now = new Date()) {
      await getCenterOr404(input.centerId);
      let staffId: Types.ObjectId | null = null;
      if ((input.target.kind === 'staff' || input.target.kind === 'agent') && input.target.id) {
        const u = await User.findById(input.target.id, { role: 1 }).lean();
        if (!u || u.role === 'citizen') throw AppError.validation([{ field: 'target.id', message: '被投诉人不存在' }]);
        staffId = u._id;
      }
      const cal = await calendarFor(input.centerId);
      const today = chinaDate(now);
      for (let i = 0; i < 5; i++) {
        try {
          const c = await Complaint.create({
            code: randomCode(),
            kind: input.kind,
            anonymous: input.anonymous,
            filerId: input.anonymous || !actor ? null : oid(actor.id),
            contactName: input.contact?.name ?? '',
            contactPhone: input.contact?.phone ?? '',
            centerId: oid(input.centerId),
            centerKey: input.centerId,
            target: input.target,
            staffId,
            content: input.content,
            status: 'received',
            routeDue: cal.addWorkingDays(today, ROUTE_DAYS),
            answerDue: cal.addWorkingDays(today, ANSWER_DAYS),
            seq: 1,
          });
          await ComplaintEvent.create({ complaintId: c._id, seq: 1, type: 'filed' });
          return publicStatus(c.toObject());
        } catch (err) {
          if (!(isDuplicateKey(err) && String((err as Error).message).includes('code'))) throw err;
        }
      }
      throw new AppError('CONFLICT', '请重试');
    },

    async status(code: string) {
      const c = await Complaint.findOne({ code }).lean();
      if (!c) throw AppError.notFound('投诉建议（请核对查询码）');
      return publicStatus(c);
    },

    async listForCenter(actor: Actor) {
      if (!actor.centerId) throw new AppError('FORBIDDEN');
      const keys = actor.role === 'admin' ? (await subtreeIds(actor.centerId)).map(String) : [actor.centerId];
      const rows = (await Promise.all(keys.map((k) => Complaint.find({ centerKey: k }).sort({ createdAt: -1 }).limit(500).lean()))).flat();
      return { items: rows.map(staffView) };
    },

    /** Send to the responsible center (within 1 working day of filing). */
    async route(actor: Actor, id: string, centerId: string, note: string | undefined, now = new Date()) {
      const c = await loadRow(id);
      await assertManages(actor, String(c.centerId));
      if (c.status !== 'received') throw new AppError('CONFLICT', '该件已转办或已答复');
      await getCenterOr404(centerId);
      await step(c, 'routed', actor, { status: 'routed', centerId: oid(centerId), centerKey: centerId }, { from: String(c.centerId), to: centerId, note: note ?? '' });
      await lapse(c, 'route', c.routeDue, chinaDate(now));
      return staffView(await loadRow(id));
    },

    async answer(actor: Actor, id: string, answer: string, now = new Date()) {
      const c = await loadRow(id);
      await assertManages(actor, String(c.centerId));
      if (c.status === 'answered') throw new AppError('CONFLICT', '该件已答复');
      await step(c, 'answered', actor, { status: 'answered', answer, answeredAt: now });
      await lapse(c, 'answer', c.answerDue, chinaDate(now));
      return staffView(await loadRow(id));
    },

    /** An admin records whether a complaint about a staff member was verified (it then counts on their record). */
    async verify(actor: Actor, id: string, verified: boolean, finding: string, now = new Date()) {
      const c = await loadRow(id);
      await assertManages(actor, String(c.centerId), { adminOnly: true });
      if (c.kind !== 'complaint') throw new AppError('CONFLICT', '建议无需核实');
      if (c.verified !== null && c.verified !== undefined) throw new AppError('CONFLICT', '该投诉已核实');
      await step(c, verified ? 'verified' : 'not_verified', actor, { verified, verifiedYear: Number(chinaDate(now).slice(0, 4)) }, { finding });
      return staffView(await loadRow(id));
    },

    /**
     * Verified complaints per staff member in a year (seed 002): one → their department is notified; two → removal
     * from the center is recommended. For admins only; never public.
     */
    async staffRecord(actor: Actor, centerId: string, year: number) {
      await assertManages(actor, centerId, { adminOnly: true });
      const keys = (await subtreeIds(centerId)).map(String);
      const rows = (await Promise.all(keys.map((k) => Complaint.find({ centerKey: k, verified: true, verifiedYear: year, staffId: { $ne: null } }, { staffId: 1 }).lean()))).flat();
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(String(r.staffId), (counts.get(String(r.staffId)) ?? 0) + 1);
      const users = await User.find({ _id: { $in: [...counts.keys()].map(oid) } }, { name: 1, phone: 1 }).lean();
      return {
        year,
        items: users
          .map((u) => {
            const n = counts.get(String(u._id)) ?? 0;
            return { staffId: String(u._id), name: u.name, verifiedComplaints: n, consequence: n >= 2 ? '建议调离服务中心' : '通报所在部门' };
          })
          .sort((a, b) => b.verifiedComplaints - a.verifiedComplaints),
      };
    },

    async sweepOverdue(now = new Date()) {
      const today = chinaDate(now);
      const open = await Complaint.find({ status: { $ne: 'answered' } }).lean();
      for (const c of open) {
        if (c.status === 'received') await lapse(c, 'route', c.routeDue, today);
        await lapse(c, 'answer', c.answerDue, today);
      }
      return open.length;
    },
  };
}
export type ComplaintService = ReturnType<typeof createComplaintService>;
