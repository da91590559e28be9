import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ZHealth, ZLive, ZReady, type THealth, type TReady } from '@bianmin/shared';
import { defineRoutes } from '../../http/route';
import { pingDatabase } from '../../db/connect';
import { pendingMigrations } from '../../migrations';
import { registry } from '../../runtime/metrics';

/** The embedded engine's own check, set by server.ts when it started one; unset: the database is external. */
let engineCheck: (() => Promise<boolean>) | undefined;
export function setEngineCheck(check: (() => Promise<boolean>) | undefined): void {
  engineCheck = check;
}

/** Readiness: each check answers quickly (the database ping and one indexed read); any failure means "not ready". */
async function readiness(): Promise<TReady> {
  const db = await pingDatabase();
  const migrations = db ? await pendingMigrations().then((p) => (p.length === 0 ? 'applied' : 'pending'), () => 'pending' as const) : 'pending';
  const engine = engineCheck ? ((await engineCheck().catch(() => false)) ? 'up' : 'down') : 'external';
  const ok = db && migrations === 'applied' && engine !== 'down';
  return { status: ok ? 'ready' : 'not-ready', checks: { db: db ? 'up' : 'down', migrations, engine } };
}

export function healthRoutes(jwtSecret: string) {
  const r = defineRoutes('/api', '运行状态', jwtSecret);
  r.get('/health', { summary: '运行状态（含数据库是否可达；不可达时 503）', access: 'public', returns: ZHealth }, async ({ res }) => {
    const up = await pingDatabase();
    const body: THealth = { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down' };
    res.set('Cache-Control', 'no-store');
    res.status(up ? 200 : 503).json(body);
  });
  r.get('/health/live', { summary: '存活探针：进程在应答（不查数据库）', access: 'public', returns: ZLive }, ({ res }) => {
    res.set('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  r.get('/health/ready', { summary: '就绪探针：数据库可达、迁移已执行、内置数据库引擎在运行；否则 503', access: 'public', returns: ZReady }, async ({ res }) => {
    const body = await readiness();
    res.set('Cache-Control', 'no-store');
    res.status(body.status === 'ready' ? 200 : 503).json(body);
  });
  return r;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics (Prometheus text format). Allowed with `Authorization: Bearer <METRICS_TOKEN>`, or without a token
 * from this host directly — a request that came through a proxy (X-Forwarded-For set) is refused even from
 * 127.0.0.1, because nginx on the same host would otherwise make every caller look local.
 */
export function metricsHandler(token: string | undefined): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return async (req, res) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    const byToken = expected !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
    const local = LOOPBACK.has(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined;
    if (!byToken && !local) {
      res.status(403).type('text/plain').send('forbidden\n');
      return;
    }
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(await registry.metrics());
  };
}
