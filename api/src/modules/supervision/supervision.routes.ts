import { z } from 'zod';
import { ZLapseDecide, ZLapseReview, ZLapseReviewList, ZObjectId, ZOutcome, ZOutcomeAppeal, ZOutcomeAppealDecide, ZOutcomeDecide, ZOutcomeList, ZPersonRecord } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import type { SupervisionService } from './supervision.service';

const ZId = z.object({ id: ZObjectId }).strict();
const ZLapseId = z.object({ id: z.string().min(3).max(120) }).strict();
const noStore = 'private, no-store';

export function supervisionRoutes(sup: SupervisionService, jwtSecret: string) {
  const r = defineRoutes('/api', '督查与责任追究', jwtSecret);
  r.get('/supervision/outcomes', { summary: '本县责任追究件（按规则提出建议，待督查人员决定）', access: ['supervisor'], returns: ZOutcomeList }, async ({ actor, res }) => {
    res.set('Cache-Control', noStore).json(await sup.listOutcomes(actor));
  });
  r.post('/supervision/outcomes/:id/decide', { summary: '作出处理决定（提醒、通报批评、书面检查、调离岗位），通知本人', access: ['supervisor'], params: ZId, body: ZOutcomeDecide, returns: ZOutcome }, async ({ actor, params, body, res }) => {
    res.json(await sup.decide(actor, params.id, body.measure, body.reason));
  });
  r.post('/supervision/outcomes/:id/appeal', { summary: '本人对处理决定申诉（限一次）', access: 'any', params: ZId, body: ZOutcomeAppeal, returns: ZOutcome }, async ({ actor, params, body, res }) => {
    res.json(await sup.appeal(actor, params.id, body.reason));
  });
  r.post('/supervision/outcomes/:id/appeal-decision', { summary: '复核申诉（由作出原决定以外的督查人员）', access: ['supervisor'], params: ZId, body: ZOutcomeAppealDecide, returns: ZOutcome }, async ({ actor, params, body, res }) => {
    res.json(await sup.decideAppeal(actor, params.id, body));
  });
  r.get('/supervision/lapses', { summary: '本县待认定的失误（5个工作日内认定或撤销）', access: ['supervisor'], returns: ZLapseReviewList }, async ({ actor, res }) => {
    res.set('Cache-Control', noStore).json(await sup.pendingLapses(actor));
  });
  r.post('/supervision/lapses/:id/decide', { summary: '认定或撤销失误（撤销须写明理由）', access: ['supervisor'], params: ZLapseId, body: ZLapseDecide, returns: ZLapseReview }, async ({ actor, params, body, res }) => {
    res.json(await sup.reviewLapse(actor, params.id, body.decision, body.reason));
  });
  r.get('/people/:id/record', { summary: '个人记录（本人、所在中心管理员、本县督查人员可见）', access: 'any', params: ZId, returns: ZPersonRecord }, async ({ actor, params, res }) => {
    res.set('Cache-Control', noStore).json(await sup.personRecord(actor, params.id));
  });
  return r;
}
