import { z } from 'zod';
import {
  ZAppeal,
  ZAppealDecision,
  ZEvaluationRules,
  ZObjectId,
  ZRating,
  ZRatingByCard,
  ZRatingCard,
  ZRatingCreate,
  ZRatingList,
  ZRatingSubject,
  ZRectificationFeedback,
  ZRectificationStep,
} from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import type { EvaluationService } from './evaluations.service';

/** Rating ids are `booking:<id>` or `case:<id>`. */
const ZRatingId = z.object({ id: z.string().regex(/^(booking|case|window_case):[0-9a-f]{24}$/, { message: '评价编号格式不正确' }) }).strict();
const staff = ['staff', 'admin'] as const;
const noStore = 'private, no-store';

export function evaluationRoutes(evals: EvaluationService, jwtSecret: string) {
  const r = defineRoutes('/api', '好差评', jwtSecret);
  r.post('/ratings', { summary: '评价一次已办结的服务（一次一评 / 一事一评）', access: ['citizen'], body: ZRatingCreate, returns: ZRating }, async ({ actor, body, res }) => {
    res.status(201).json(await evals.rate(actor, body));
  });
  r.post('/ratings/card', { summary: '凭评价卡（一次性评价码）评价，无需登录', access: 'optional', body: ZRatingByCard, returns: ZRating }, async ({ actor, body, res }) => {
    res.status(201).json(await evals.rateByCard(body, new Date(), actor));
  });
  r.get('/ratings/mine', { summary: '我的评价及差评整改进度', access: ['citizen'], returns: ZRatingList }, async ({ actor, res }) => {
    res.set('Cache-Control', noStore).json(await evals.mine(actor));
  });
  r.get('/ratings/:id', { summary: '一条我的评价', access: ['citizen'], params: ZRatingId, returns: ZRating }, async ({ actor, params, res }) => {
    res.set('Cache-Control', noStore).json(await evals.getForRater(actor, params.id));
  });
  r.post('/ratings/:id/feedback', { summary: '群众对差评整改结果是否满意', access: ['citizen'], params: ZRatingId, body: ZRectificationFeedback, returns: ZRating }, async ({ actor, params, body, res }) => {
    res.json(await evals.feedback(actor, params.id, body.satisfied, body.note));
  });
  r.post('/staff/rating-cards', { summary: '为已办结的记录打印一次性评价卡', access: staff, body: ZRatingSubject, returns: ZRatingCard }, async ({ actor, body, res }) => {
    res.status(201).json(await evals.issueCard(actor, body));
  });
  const ZBadQuery = z.object({ bad: z.enum(['true', 'false']).default('false') }).strict();
  r.get('/staff/ratings', { summary: '本中心的评价（bad=true 只看差评）', access: staff, query: ZBadQuery, returns: ZRatingList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', noStore).json(await evals.centerRatings(actor, query.bad === 'true'));
  });
  r.post('/staff/ratings/:id/rectification', { summary: '差评整改的下一步（回访→核实→整改→答复）', access: staff, params: ZRatingId, body: ZRectificationStep, returns: ZRating }, async ({ actor, params, body, res }) => {
    res.json(await evals.rectify(actor, params.id, body.action, body.note));
  });
  r.post('/staff/ratings/:id/appeal', { summary: '对错评、恶意差评提出申诉', access: staff, params: ZRatingId, body: ZAppeal, returns: ZRating }, async ({ actor, params, body, res }) => {
    res.status(201).json(await evals.appeal(actor, params.id, body.reason));
  });
  const ZCenter = z.object({ id: ZObjectId }).strict();
  r.put('/admin/centers/:id/evaluation-rules', { summary: '差评回访与整改时限（工作日）', access: ['admin'], params: ZCenter, body: ZEvaluationRules, returns: ZEvaluationRules }, async ({ actor, params, body, res }) => {
    res.json(await evals.setRules(actor, params.id, body));
  });
  r.post('/admin/ratings/:id/appeal/decision', { summary: '复核申诉（书面理由；成立则不计入考核但保留记录）', access: ['admin'], params: ZRatingId, body: ZAppealDecision, returns: ZRating }, async ({ actor, params, body, res }) => {
    res.json(await evals.decideAppeal(actor, params.id, body.decision, body.reason));
  });
  return r;
}
