import { defineRoutes } from '../../http/route';
import { listCenters } from './centers.service';

export function centerRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '服务中心', jwtSecret);
  r.get('/centers', { summary: '全县服务中心树（县、乡镇、村代办点）', access: 'public', returns: 'TCenter[]' }, async ({ res }) => {
    res.set('Cache-Control', 'no-cache');
    res.json(await listCenters());
  });
  return r;
}
