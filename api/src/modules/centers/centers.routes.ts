import { z } from 'zod';
import { ZCenter, ZCenterSettingsPatch, ZCenterSettingsView, ZObjectId } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { listCenters } from './centers.service';
import { settingsView, writeSettings } from './settings.service';

const ZId = z.object({ id: ZObjectId }).strict();

export function centerRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '服务中心', jwtSecret);
  r.get('/centers', { summary: '全县服务中心树（县、乡镇、村代办点）', access: 'public', returns: z.array(ZCenter) }, async ({ res }) => {
    res.set('Cache-Control', 'no-cache');
    res.json(await listCenters());
  });
  r.get('/admin/centers/:id/settings', { summary: '中心设置（含继承来源）', access: ['admin'], params: ZId, returns: ZCenterSettingsView }, async ({ actor, params, res }) => {
    res.json(await settingsView(actor, params.id));
  });
  r.put('/admin/centers/:id/settings', { summary: '修改中心设置（逐项；null 表示恢复继承）', access: ['admin'], params: ZId, body: ZCenterSettingsPatch, returns: ZCenterSettingsView }, async ({ actor, params, body, res }) => {
    res.json(await writeSettings(actor, params.id, body));
  });
  return r;
}
