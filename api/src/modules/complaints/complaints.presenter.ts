import type { TComplaintStatus, TStaffComplaint } from '@bianmin/shared';
import type { ComplaintRow as Row } from './complaint.model';

/** What anyone holding the code sees: no personal data. */
export function presentStatus(c: Row): TComplaintStatus {
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

/** What the handling center's staff see; `actions` are what the viewer may do with it. */
export function presentForStaff(c: Row, actions: TStaffComplaint['actions'] = []): TStaffComplaint {
  return {
    id: String(c._id),
    ...presentStatus(c),
    anonymous: c.anonymous,
    centerId: String(c.centerId),
    target: c.target as TStaffComplaint['target'],
    staff: c.staffId ? { id: String(c.staffId), name: c.staffName ?? '', staffNo: c.staffNo ?? null } : null,
    ...(c.reference ? { reference: c.reference } : {}),
    content: c.content,
    routeDue: c.routeDue,
    // The center handling it may call back a filer who left a number.
    ...(c.contactPhone ? { contact: { name: c.contactName, phone: c.contactPhone } } : {}),
    verified: c.verified ?? null,
    actions,
  };
}
