import { maskName, maskPhone, type TComplaintStatus, type TStaffComplaint } from '@bianmin/shared';
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

/**
 * What the handling center's staff see; `actions` are what the viewer may do with it. The filer's contact is in
 * full only for those who call back (`fullContact`); admins above and supervisors see it masked.
 */
export function presentForStaff(c: Row, actions: TStaffComplaint['actions'] = [], fullContact = false): TStaffComplaint {
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
    ...(c.contactPhone
      ? { contact: fullContact ? { name: c.contactName, phone: c.contactPhone } : { ...(c.contactName ? { name: maskName(c.contactName) } : {}), phone: maskPhone(c.contactPhone) } }
      : {}),
    verified: c.verified ?? null,
    actions,
  };
}
