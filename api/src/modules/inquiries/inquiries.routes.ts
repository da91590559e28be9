import { z } from 'zod';
import { ZInquiry, ZInquiryClose, ZInquiryCreate, ZInquiryList, ZInquiryListQuery, ZObjectId } from '@bianmin/shared';
import { XLSX, defineRoutes } from '../../http/route';
import type { InquiryService } from './inquiries.service';

const ZId = z.object({ id: ZObjectId }).strict();
const people = ['staff', 'agent', 'admin'] as const;
const noStore = 'private, no-store';

export function inquiryRoutes(inquiries: InquiryService, jwtSecret: string) {
  const r = defineRoutes('/api', '首问登记', jwtSecret);
  r.post('/staff/inquiries', { summary: '登记首问（当场答复，或转交窗口/部门并约定回复期限）', access: people, body: ZInquiryCreate, returns: ZInquiry }, async ({ actor, body, res }) => {
    res.status(201).json(await inquiries.record(actor, body));
  });
  r.get('/staff/inquiries', { summary: '本中心首问登记（办理中、已超期或全部）；超期计为失误', access: people, query: ZInquiryListQuery, returns: ZInquiryList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', noStore).json(await inquiries.list(actor, query.status));
  });
  r.get('/staff/inquiries/export.xlsx', { summary: '导出首问登记（Excel）', access: people, query: ZInquiryListQuery, returns: XLSX }, async ({ actor, query, res }) => {
    const file = await inquiries.exportXlsx(actor, query.status);
    res.set('Cache-Control', noStore).set('Content-Disposition', 'attachment; filename="inquiries.xlsx"').type(XLSX).send(file);
  });
  r.post('/staff/inquiries/:id/close', { summary: '首问责任人办结（群众已得到答复）', access: people, params: ZId, body: ZInquiryClose, returns: ZInquiry }, async ({ actor, params, body, res }) => {
    res.json(await inquiries.close(actor, params.id, body.note));
  });
  return r;
}
