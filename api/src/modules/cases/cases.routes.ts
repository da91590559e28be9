import {
  ZCaseTrack,
  ZNoticeFormatQuery,
  ZTrackParams,
  ZWindowCaseComplete,
  ZWindowCaseDetail,
  ZWindowCaseIdParams,
  ZWindowCaseList,
  ZWindowCaseListQuery,
  ZWindowCaseMaterials,
  ZWindowCaseNoticeParams,
  ZWindowCaseOpen,
  ZWindowCaseRefuse,
  ZWindowCaseStageComplete,
  ZWindowCaseStageParams,
  ZWindowCaseSupplement,
} from '@bianmin/shared';
import { AppError } from '../../http/errors';
import { publicBase } from '../../http/public-base';
import { defineRoutes } from '../../http/route';
import type { CaseService } from './cases.service';
import { renderNotice, renderTrackNotFound, renderTrackPage } from './printing';

const staff = ['staff', 'admin'] as const;

/** Window staff: 受理, 补正, stages, 退办, 办结 and printing (see shared/src/schemas/window-case.ts). */
export function staffCaseRoutes(cases: CaseService, jwtSecret: string, publicBaseUrl?: string) {
  const r = defineRoutes('/api/staff', '窗口办件', jwtSecret);
  r.post('/cases', { summary: '受理：从叫到的号、预约签到或窗口直接开办件（材料不齐为补办件并出具补正告知书）', access: staff, body: ZWindowCaseOpen, returns: ZWindowCaseDetail }, async ({ actor, body, res }) => {
    res.status(201).json(await cases.open(actor, body));
  });
  r.get('/cases', { summary: '本中心的办件（管理员含下级中心）；mine=我受理的，due=超期/将到期', access: staff, query: ZWindowCaseListQuery, returns: ZWindowCaseList }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.list(actor, query));
  });
  r.get('/cases/:id', { summary: '一件办件：事件、文书和可进行的操作', access: staff, params: ZWindowCaseIdParams, returns: ZWindowCaseDetail }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.get(actor, params.id));
  });
  r.post('/cases/:id/materials', { summary: '补齐材料（齐全后重新起算时限）', access: staff, params: ZWindowCaseIdParams, body: ZWindowCaseMaterials, returns: ZWindowCaseDetail }, async ({ actor, params, body, res }) => {
    res.json(await cases.receiveMaterials(actor, params.id, body));
  });
  r.post('/cases/:id/supplement', { summary: '再次补正（首次告知未列出的材料记一次一次性告知失误）', access: staff, params: ZWindowCaseIdParams, body: ZWindowCaseSupplement, returns: ZWindowCaseDetail }, async ({ actor, params, body, res }) => {
    res.json(await cases.requestSupplement(actor, params.id, body));
  });
  r.post('/cases/:id/stages/:index/complete', { summary: '联办/上报：完成一个办理环节', access: staff, params: ZWindowCaseStageParams, body: ZWindowCaseStageComplete, returns: ZWindowCaseDetail }, async ({ actor, params, body, res }) => {
    res.json(await cases.completeStage(actor, params.id, params.index, body.note));
  });
  r.post('/cases/:id/refuse', { summary: '不予受理/退办（须写明理由和法律依据）', access: staff, params: ZWindowCaseIdParams, body: ZWindowCaseRefuse, returns: ZWindowCaseDetail }, async ({ actor, params, body, res }) => {
    res.json(await cases.refuse(actor, params.id, body));
  });
  r.post('/cases/:id/complete', { summary: '办结：结果与送达方式（自动发放评价卡）', access: staff, params: ZWindowCaseIdParams, body: ZWindowCaseComplete, returns: ZWindowCaseDetail }, async ({ actor, params, body, res }) => {
    res.json(await cases.complete(actor, params.id, body));
  });
  r.get('/cases/:id/notices/:noticeId', { summary: '打印文书（A4 或 80 毫米小票）', access: staff, params: ZWindowCaseNoticeParams, query: ZNoticeFormatQuery, returns: 'text/html' }, async ({ actor, params, query, req, res }) => {
    const { notice } = await cases.noticeFor(actor, params.id, params.noticeId);
    res.set('Cache-Control', 'private, no-store');
    res.type('html').send(await renderNotice(notice, query.format, publicBase(req, publicBaseUrl)));
  });
  return r;
}

/** 我的办件: cases whose applicant phone is the signed-in citizen's. */
export function myCaseRoutes(cases: CaseService, jwtSecret: string, publicBaseUrl?: string) {
  const r = defineRoutes('/api/my', '窗口办件', jwtSecret);
  const citizen = ['citizen'] as const;
  r.get('/cases', { summary: '我的办件', access: citizen, returns: ZWindowCaseList }, async ({ actor, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.mine(actor));
  });
  r.get('/cases/:id', { summary: '我的一件办件', access: citizen, params: ZWindowCaseIdParams, returns: ZWindowCaseDetail }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await cases.myCase(actor, params.id));
  });
  r.get('/cases/:id/notices/:noticeId', { summary: '我的办件文书（打印）', access: citizen, params: ZWindowCaseNoticeParams, query: ZNoticeFormatQuery, returns: 'text/html' }, async ({ actor, params, query, req, res }) => {
    const { notice } = await cases.noticeFor(actor, params.id, params.noticeId);
    res.set('Cache-Control', 'private, no-store');
    res.type('html').send(await renderNotice(notice, query.format, publicBase(req, publicBaseUrl)));
  });
  return r;
}

/** Public progress by code (JSON). */
export function trackRoutes(cases: CaseService, jwtSecret: string) {
  const r = defineRoutes('/api', '窗口办件', jwtSecret);
  r.get('/track/:code', { summary: '按查询码查办件进度（姓名脱敏，无电话和证件号）', access: 'public', params: ZTrackParams, returns: ZCaseTrack }, async ({ params, res }) => {
    res.set('Cache-Control', 'no-cache');
    res.json(await cases.track(params.code));
  });
  return r;
}

/** The printable progress page a slip's QR opens: `/track/:code` (outside /api, before the H5 catch-all). */
export function trackPageRoutes(cases: CaseService, jwtSecret: string, publicBaseUrl?: string) {
  const r = defineRoutes('/track', '窗口办件', jwtSecret);
  r.get('/:code', { summary: '办件进度页（可打印）', access: 'public', params: ZTrackParams, returns: 'text/html' }, async ({ params, req, res }) => {
    res.set('Cache-Control', 'no-cache');
    try {
      res.type('html').send(await renderTrackPage(await cases.track(params.code), publicBase(req, publicBaseUrl)));
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      res.status(404).type('html').send(renderTrackNotFound());
    }
  });
  return r;
}
