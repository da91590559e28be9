import { z } from 'zod';
import {
  ZAdminServiceItem,
  ZAdminServiceItemPage,
  ZChecklistCheck,
  ZCheckResponse,
  ZObjectId,
  ZPageQuery,
  ZServiceItem,
  ZServiceItemCreate,
  ZServiceItemHistory,
  ZServiceItemListQuery,
  ZServiceItemPage,
  ZServiceItemPublish,
  ZServiceItemUpdate,
  ZServiceItemVersion,
} from '@bianmin/shared';
import { checkContract, defineRoutes } from '../../http/route';
import { sendEncodedJson } from '../../http/encoded-json';
import { publicBase } from '../../http/public-base';
import * as items from './service-items.service';
import { checkItem, renderNoticePage, renderNoticeQr, ZNoticeQuery } from './notice';

const ZId = z.object({ id: ZObjectId }).strict();
const ZIdVersion = z.object({ id: ZObjectId, version: z.coerce.number().int().min(1) }).strict();

/** Public catalog reads revalidate every time (ETag → 304), so an edit is visible at once. */
const REVALIDATE = 'public, no-cache';

export function serviceItemRoutes(jwtSecret: string, baseUrl: string | undefined) {
  const r = defineRoutes('/api/service-items', '办事指南', jwtSecret);
  r.get('', { summary: '事项列表与搜索（中文、全拼、拼音首字母）', access: 'public', query: ZServiceItemListQuery, returns: ZServiceItemPage }, async ({ query, res }) => {
    res.set('Cache-Control', REVALIDATE);
    res.json(await items.listPublished(query));
  });
  r.get('/:id', { summary: '事项办事指南（已发布版本）', access: 'public', params: ZId, returns: ZServiceItem }, async ({ params, req, res }) => {
    // The ETag is the catalog revision, known from memory: a revalidation that still matches costs no work at all.
    const etag = await items.detailEtag(params.id);
    res.set('Cache-Control', REVALIDATE);
    if (req.headers['if-none-match'] === etag) {
      res.set('ETag', etag).status(304).end();
      return;
    }
    const { item, encoded } = await items.encodedPublished(params.id);
    checkContract(ZServiceItem, item);
    res.set('ETag', etag);
    sendEncodedJson(req, res, encoded);
  });
  r.post('/:id/check', { summary: '一次性告知核对：给出已有材料与情形，一次列出全部缺少的材料', access: 'public', params: ZId, body: ZChecklistCheck, returns: ZCheckResponse }, async ({ params, body, req, res }) => {
    const { item: _item, ...result } = await checkItem(params.id, body.has, body.answers, publicBase(req, baseUrl));
    res.json(result);
  });
  return r;
}

export function noticeRoutes(jwtSecret: string, baseUrl: string | undefined) {
  const r = defineRoutes('/notice', '办事指南', jwtSecret);
  r.get('/:id', { summary: '可分享、可打印的一次性告知页面（含二维码）', access: 'public', params: ZId, query: ZNoticeQuery, returns: 'text/html' }, async ({ params, query, req, res }) => {
    res.set('Cache-Control', REVALIDATE);
    res.type('html').send(await renderNoticePage(params.id, query, publicBase(req, baseUrl)));
  });
  r.get('/:id/qr.svg', { summary: '告知页面的二维码（SVG）', access: 'public', params: ZId, query: ZNoticeQuery, returns: 'image/svg+xml' }, async ({ params, query, req, res }) => {
    res.set('Cache-Control', REVALIDATE);
    res.type('image/svg+xml').send(await renderNoticeQr(params.id, query, publicBase(req, baseUrl)));
  });
  return r;
}

export function adminServiceItemRoutes(jwtSecret: string) {
  const r = defineRoutes('/api/admin/service-items', '办事指南管理', jwtSecret);
  const admin = ['admin'] as const;
  r.get('', { summary: '本中心及下级中心的全部事项（含草稿）', access: admin, query: ZPageQuery, returns: ZAdminServiceItemPage }, async ({ actor, query, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await items.listForAdmin(actor, query.page, query.size));
  });
  r.post('', { summary: '新建事项（草稿，第1版）', access: admin, body: ZServiceItemCreate, returns: ZAdminServiceItem }, async ({ actor, body, res }) => {
    res.status(201).json(await items.create(actor, body.centerId, body.item));
  });
  r.get('/:id', { summary: '事项草稿与发布状态', access: admin, params: ZId, returns: ZAdminServiceItem }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await items.getForAdmin(actor, params.id));
  });
  r.put('/:id', { summary: '保存修改为新版本（需提供基于的版本号）', access: admin, params: ZId, body: ZServiceItemUpdate, returns: ZAdminServiceItem }, async ({ actor, params, body, res }) => {
    res.json(await items.update(actor, params.id, body.baseVersion, body.item, body.note));
  });
  r.post('/:id/publish', { summary: '发布指定版本', access: admin, params: ZId, body: ZServiceItemPublish, returns: ZAdminServiceItem }, async ({ actor, params, body, res }) => {
    res.json(await items.publish(actor, params.id, body.version));
  });
  r.post('/:id/unpublish', { summary: '撤下事项', access: admin, params: ZId, returns: ZAdminServiceItem }, async ({ actor, params, res }) => {
    res.json(await items.unpublish(actor, params.id));
  });
  r.get('/:id/history', { summary: '编辑历史', access: admin, params: ZId, returns: ZServiceItemHistory }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await items.history(actor, params.id));
  });
  r.get('/:id/versions/:version', { summary: '某一版本的完整内容', access: admin, params: ZIdVersion, returns: ZServiceItemVersion }, async ({ actor, params, res }) => {
    res.set('Cache-Control', 'private, no-store');
    res.json(await items.getVersionForAdmin(actor, params.id, params.version));
  });
  return r;
}
