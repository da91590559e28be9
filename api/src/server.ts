import net from 'node:net';
import type { Server } from 'node:http';
import { loadConfig } from './config';
import { createLogger, type Logger } from './logger';
import { connectDatabase, type Database } from './db/connect';
import { createApp } from './app';
import { demoSignInLines, seedDemo } from './seed/demo';
import { startJobs } from './jobs';
import { runMigrations } from './migrations';
import { setEngineCheck } from './modules/health';

/** A stop must end within this, whatever hangs: systemd's TimeoutStopSec and the tests allow 15 s. */
const EXIT_WITHIN_MS = 14_000;
/** In-flight requests get this long to finish; then open connections (server-sent event streams too) are cut. */
const DRAIN_MS = 8_000;

/** Can we open a TCP connection to the embedded engine's port? For /api/health/ready. */
function portAnswers(uri: string): Promise<boolean> {
  const { hostname, port } = new URL(uri);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Never wait on a step of the stop longer than `ms`. */
async function bounded(p: Promise<unknown> | undefined, ms: number, log: Logger, what: string): Promise<void> {
  if (!p) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn({ what, ms }, 'shutdown step took too long; going on');
      resolve();
    }, ms);
  });
  await Promise.race([p.catch((err: unknown) => log.error({ err, what }, 'shutdown step failed')), late]);
  clearTimeout(timer);
}

/** Stop accepting, let in-flight requests finish (at most DRAIN_MS), then cut what is left open. */
function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections turn idle as their last response ends: close them as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.once('close', () => {
      clearInterval(idle);
      clearTimeout(cut);
    });
  });
}

/** Start everything: database (embedded unless MONGODB_URI), migrations, demo data when asked, jobs, HTTP; stop cleanly on a signal. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  // What has started so far: the shutdown stops exactly that.
  const started: { db?: Database; server?: Server; stopJobs?: () => Promise<void> } = {};

  // SIGTERM/SIGINT at any moment — even during start-up — stops what has started and exits within EXIT_WITHIN_MS.
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, EXIT_WITHIN_MS);
    force.unref();
    void (async () => {
      await Promise.all([bounded(started.server && drain(started.server), DRAIN_MS + 1_000, logger, 'http'), bounded(started.stopJobs?.(), 5_000, logger, 'jobs')]);
      await bounded(started.db?.close(), 3_000, logger, 'database');
      logger.info('stopped');
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const db = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.DB_NAME,
    dataDir: config.DATA_DIR,
    embeddedPort: config.EMBEDDED_DB_PORT,
    engine: config.DB_ENGINE,
    postgresUrl: config.POSTGRES_URL,
    log: logger,
  });
  started.db = db;
  if (closing) return;
  const embeddedUri = db.embedded?.uri;
  setEngineCheck(embeddedUri ? () => portAnswers(embeddedUri) : undefined);
  await runMigrations(logger);
  if (closing) return;
  const { app, auth, delegations, evaluations, complaints } = createApp({ config, logger });
  if (config.DEMO_SEED) {
    const summary = await seedDemo(auth);
    logger.info(summary, 'demo data ready');
  }
  if (closing) return;
  if (config.JOBS) started.stopJobs = startJobs(config, logger, { delegations, evaluations, complaints });
  const listening = app.listen(config.PORT, config.HOST, () => {
    const addr = listening.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
    const url = `http://localhost:${port}`;
    logger.info({ port, pid: process.pid }, 'listening');
    const lines = [
      '',
      `  便民服务中心 is running: ${url}`,
      `  API reference:          ${url}/api/docs`,
      ...(config.DEMO_SEED
        ? demoSignInLines()
        : []),
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });
  started.server = listening;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
