import { ZHealth, type THealth } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { pingDatabase } from '../../db/connect';

export function healthRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '运行状态', jwtSecret);
  r.get('/health', { summary: '运行状态（含数据库是否可达；不可达时 503）', access: 'public', returns: ZHealth }, async ({ res }) => {
    const up = await pingDatabase();
    const body: THealth = { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' };
    res.set('Cache-Control', 'no-store');
    res.status(up ? 200 : 503).json(body);
  });
  return r;
}
