import { loadConfig } from './config';
import { createLogger } from './logger';
import { connectDatabase } from './db/connect';
import { createApp } from './app';
import { seedDemo } from './seed/demo';
import { startJobs } from './jobs';
import { runMigrations } from './migrations';

/** Start everything: database (embedded unless MONGODB_URI), demo data when asked, HTTP; stop cleanly on a signal. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const db = await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.DB_NAME,
    dataDir: config.DATA_DIR,
    embeddedPort: config.EMBEDDED_DB_PORT,
    engine: config.DB_ENGINE,
    postgresUrl: config.POSTGRES_URL,
    log: logger,
  });
  await runMigrations(logger);
  const { app, auth, delegations, evaluations, complaints } = createApp({ config, logger });
  if (config.DEMO_SEED) {
    const summary = await seedDemo(auth);
    logger.info(summary, 'demo data ready');
  }
  const stopJobs = config.JOBS ? startJobs(config, logger, { delegations, evaluations, complaints }) : () => undefined;
  const server = app.listen(config.PORT, config.HOST, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
    const url = `http://localhost:${port}`;
    const lines = [
      '',
      `  便民服务中心 is running: ${url}`,
      `  API reference:          ${url}/api/docs`,
      ...(config.DEMO_SEED
        ? [
            '  Sign in as a citizen:   any mobile number, e.g. 13800000001; the SMS code is shown on screen (development)',
            '  Staff accounts (password Demo@2026): county-admin, town1-admin, town1-staff, town1-agent, village1-agent',
          ]
        : []),
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    stopJobs();
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close(() => {
      db.close()
        .then(() => process.exit(0))
        .catch(() => process.exit(1));
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
