import { z } from 'zod';
import { ZObjectId, ZSurvey, ZSurveyForResponder, ZSurveyInput, ZSurveyResponse, ZSurveyResults, ZSurveyThanks, ZSurveyTokens } from '@bianmin/shared';
import { defineRoutes, XLSX } from '../../http/route';
import type { SurveyService } from './surveys.service';

const ZId = z.object({ id: ZObjectId }).strict();
/** 评议卡 token from the card's link (`/s/<id>?t=<token>`). */
const ZCardQuery = z.object({ t: z.string().min(1).max(64).optional() }).strict();
const ZTokenCount = z.object({ count: z.number().int().min(1).max(1000) }).strict();

export function surveyRoutes(surveys: SurveyService, jwtSecret: string) {
  const r = defineRoutes('/api', '群众评议', jwtSecret);
  r.get('/surveys/:id', { summary: '问卷（已发布且在开放期内）；带评议卡码 t 或登录时，已用过的卡/已参与的人直接告知（409）', access: 'optional', params: ZId, query: ZCardQuery, returns: ZSurveyForResponder }, async ({ actor, params, query, res }) => {
    res.set('Cache-Control', 'no-store').json(await surveys.forResponder(params.id, query.t, actor));
  });
  r.post('/surveys/:id/responses', { summary: '匿名作答：凭评议卡码，或登录群众每人一次；答卷不保存任何身份信息', access: 'optional', params: ZId, body: ZSurveyResponse, returns: ZSurveyThanks }, async ({ actor, params, body, res }) => {
    res.status(201).json(await surveys.respond(actor, params.id, body));
  });
  const admin = ['admin'] as const;
  r.post('/admin/surveys', { summary: '新建问卷（草稿）', access: admin, body: ZSurveyInput, returns: ZSurvey }, async ({ actor, body, res }) => {
    res.status(201).json(await surveys.create(actor, body));
  });
  r.put('/admin/surveys/:id', { summary: '修改问卷草稿', access: admin, params: ZId, body: ZSurveyInput, returns: ZSurvey }, async ({ actor, params, body, res }) => {
    res.json(await surveys.update(actor, params.id, body));
  });
  r.post('/admin/surveys/:id/publish', { summary: '发布问卷（之后不可修改）', access: admin, params: ZId, returns: ZSurvey }, async ({ actor, params, res }) => {
    res.json(await surveys.publish(actor, params.id));
  });
  r.post('/admin/surveys/:id/tokens', { summary: '生成一次性评议卡码（用于打印二维码）', access: admin, params: ZId, body: ZTokenCount, returns: ZSurveyTokens }, async ({ actor, params, body, res }) => {
    res.status(201).json(await surveys.issueTokens(actor, params.id, body.count));
  });
  r.get('/admin/surveys/:id/results', { summary: '评议结果（各题人数、占比、文字意见）', access: admin, params: ZId, returns: ZSurveyResults }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store').json(await surveys.results(actor, params.id));
  });
  r.get('/admin/surveys/:id/results.xlsx', { summary: '导出评议结果（Excel）', access: admin, params: ZId, returns: XLSX }, async ({ actor, params, res }) => {
    const file = await surveys.exportXlsx(actor, params.id);
    res.set('Content-Disposition', `attachment; filename="survey-${params.id}.xlsx"`).type(XLSX).send(file);
  });
  return r;
}
