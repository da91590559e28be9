import { defineRoutes } from '../../http/route';
import { pingDatabase } from '../../db/connect';

export function healthRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '运行状态', jwtSecret);
  r.get('/health', { summary: '运行状态（含数据库是否可达）', access: 'public' }, async ({ res }) => {
    const up = await pingDatabase();
    res.set('Cache-Control', 'no-store');
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' });
  });
  return r;
}
