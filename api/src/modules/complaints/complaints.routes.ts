import { z } from 'zod';
import { ZComplaintAnswer, ZComplaintCreate, ZComplaintRoute, ZComplaintStaffRecord, ZComplaintStatus, ZComplaintVerify, ZObjectId, ZStaffComplaint, ZStaffComplaintList } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import type { ComplaintService } from './complaints.service';

const ZId = z.object({ id: ZObjectId }).strict();
const ZCode = z.object({ code: z.string().trim().toUpperCase().regex(/^[2-9A-HJ-NP-Z]{8}$/, { message: '查询码为8位字母数字' }) }).strict();
const ZRecordQuery = z.object({ centerId: ZObjectId, year: z.coerce.number().int().min(2020).max(2100) }).strict();
const staff = ['staff', 'admin'] as const;
const viewers = ['staff', 'admin', 'supervisor'] as const;
const noStore = 'private, no-store';

export function complaintRoutes(complaints: ComplaintService, jwtSecret: string) {
  const r = defineRoutes('/api', '投诉建议', jwtSecret);
  r.post('/complaints', { summary: '提交投诉或建议（可实名或匿名；匿名件不保存任何身份信息）', access: 'optional', body: ZComplaintCreate, returns: ZComplaintStatus }, async ({ actor, body, res }) => {
    res.status(201).json(await complaints.file(actor, body));
  });
  r.get('/complaints/status/:code', { summary: '凭查询码查看办理进度', access: 'public', params: ZCode, returns: ZComplaintStatus }, async ({ params, res }) => {
    res.set('Cache-Control', 'no-store').json(await complaints.status(params.code));
  });
  r.get('/staff/complaints', { summary: '本中心（管理员：及下级；督查人员：全县）的投诉建议', access: viewers, returns: ZStaffComplaintList }, async ({ actor, res }) => {
    res.set('Cache-Control', noStore).json(await complaints.listForCenter(actor));
  });
  r.post('/staff/complaints/:id/route', { summary: '转办至责任中心（时限按中心设置，默认1个工作日）', access: staff, params: ZId, body: ZComplaintRoute, returns: ZStaffComplaint }, async ({ actor, params, body, res }) => {
    res.json(await complaints.route(actor, params.id, body.centerId, body.note));
  });
  r.post('/staff/complaints/:id/answer', { summary: '答复（时限按中心设置，默认5个工作日）', access: staff, params: ZId, body: ZComplaintAnswer, returns: ZStaffComplaint }, async ({ actor, params, body, res }) => {
    res.json(await complaints.answer(actor, params.id, body.answer));
  });
  r.post('/admin/complaints/:id/verify', { summary: '核实投诉是否属实（县级督查人员或上级管理员；属实则计入被投诉人记录并提出处理建议）', access: ['admin', 'supervisor'], params: ZId, body: ZComplaintVerify, returns: ZStaffComplaint }, async ({ actor, params, body, res }) => {
    res.json(await complaints.verify(actor, params.id, body.verified, body.finding));
  });
  r.get('/admin/complaints/staff-record', { summary: '年度属实投诉（1次通报所在部门，2次建议调离）；管理员和督查人员可见', access: ['admin', 'supervisor'], query: ZRecordQuery, returns: ZComplaintStaffRecord }, async ({ actor, query, res }) => {
    res.set('Cache-Control', noStore).json(await complaints.staffRecord(actor, query.centerId, query.year));
  });
  return r;
}
