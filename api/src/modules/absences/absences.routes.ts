import { chinaDate, ZAbsence, ZAbsenceCreate, ZAbsenceList, ZAbsenceListQuery, ZCoverList, ZCoverQuery } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { coverList, listAbsences, recordAbsence } from './absences.service';

const people = ['staff', 'agent', 'admin'] as const;

/** 请假/外出登记 and AB岗 cover (no clock-in, no 打卡, no online time). */
export function absenceRoutes(jwtSecret: string) {
  const r = defineRoutes('/api/staff/absences', 'AB岗', jwtSecret);
  r.post('/', { summary: '登记请假或外出（日期范围和事由）', access: people, body: ZAbsenceCreate, returns: ZAbsence }, async ({ actor, body, res }) => {
    res.status(201).json(await recordAbsence(actor, body));
  });
  r.get('/', { summary: '请假登记（本人；管理员可看本中心人员）', access: people, query: ZAbsenceListQuery, returns: ZAbsenceList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await listAbsences(actor, query.userId));
  });
  r.get('/cover', { summary: '我当天顶岗的窗口（AB岗）', access: people, query: ZCoverQuery, returns: ZCoverList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'no-store');
    res.json(await coverList(actor, query.date ?? chinaDate(new Date())));
  });
  return r;
}
