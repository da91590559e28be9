import express from 'express';
import { z } from 'zod';
import { ZObjectId, ZStaffCard, ZStaffCardInput, ZStaffDirectory } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { publicBase } from '../../http/public-base';
import type { StaffDirectoryService } from './staff-directory.service';
import { renderWindowCard } from './window-card';

const ZCenterId = z.object({ id: ZObjectId }).strict();
const ZUserId = z.object({ userId: ZObjectId }).strict();
const ZWindowCard = z.object({ id: ZObjectId, windowId: ZObjectId }).strict();

export function staffDirectoryRoutes(dir: StaffDirectoryService, jwtSecret: string, publicBaseUrl?: string) {
  const r = defineRoutes('/api', '挂牌上岗', jwtSecret);
  r.get('/centers/:id/staff', { summary: '挂牌上岗：本中心工作人员及代办员（姓名、工号、岗位、窗口、职责、照片）', access: 'public', params: ZCenterId, returns: ZStaffDirectory }, async ({ params, res }) => {
    res.set('Cache-Control', 'no-cache').json(await dir.directory(params.id));
  });
  r.get('/centers/:id/windows/:windowId/card', { summary: '窗口牌（打印）：窗口名称、A岗/B岗姓名、工号、照片，及本中心挂牌上岗公示页二维码', access: 'public', params: ZWindowCard, returns: 'text/html' }, async ({ params, req, res }) => {
    res.set('Cache-Control', 'no-cache').type('html').send(await renderWindowCard(params.id, params.windowId, publicBase(req, publicBaseUrl)));
  });
  r.get('/staff-cards/:userId', { summary: '一名工作人员的公开胸牌信息', access: 'public', params: ZUserId, returns: ZStaffCard }, async ({ params, res }) => {
    res.set('Cache-Control', 'no-cache').json(await dir.cardOf(params.userId));
  });
  r.put('/admin/staff-cards/:userId', { summary: '设置工号、岗位、窗口和职责（管理员）', access: ['admin'], params: ZUserId, body: ZStaffCardInput, returns: ZStaffCard }, async ({ actor, params, body, res }) => {
    res.json(await dir.setCard(actor, params.userId, body));
  });
  // The photo arrives as the raw file (JPEG/PNG); its bytes decide the type, not the header. Up to 8 MB is read so
  // that a photo over the 2 MB limit is answered with a 400 naming the photo.
  r.router.put('/staff-cards/:userId/photo', express.raw({ type: () => true, limit: '8mb' }));
  r.put('/staff-cards/:userId/photo', { summary: '上传本人照片（JPEG/PNG，不超过2MB，重新编码后保存）', access: ['staff', 'agent', 'admin'], params: ZUserId, returns: ZStaffCard }, async ({ actor, params, req, res }) => {
    res.json(await dir.setPhoto(actor, params.userId, req.body));
  });
  r.get('/staff-photos/:userId', { summary: '工作人员照片', access: 'public', params: ZUserId, returns: 'image/jpeg' }, async ({ params, res }) => {
    const p = await dir.photoOf(params.userId);
    res.set('Cache-Control', 'public, max-age=86400').type(p.type).send(p.data);
  });
  return r;
}
